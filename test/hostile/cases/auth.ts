import type { HostileCase, HostileRequest } from '../hostile-case';

const chapter = 'authentication (API2, ASVS V2)';

const routes: { name: string; request: (f: Parameters<HostileCase['request']>[0]) => HostileRequest }[] = [
  { name: 'a list', request: () => ({ method: 'GET', path: '/v1/onboardings' }) },
  { name: 'a status', request: (f) => ({ method: 'GET', path: `/v1/onboardings/${f.running.reference}` }) },
  { name: 'a cancel', request: (f) => ({ method: 'POST', path: `/v1/onboardings/${f.running.reference}/cancel` }) },
];

const credentials: { name: string; authorization: (f: Parameters<HostileCase['request']>[0]) => string | undefined }[] = [
  { name: 'no credential', authorization: () => undefined },
  { name: 'an empty Bearer', authorization: () => 'Bearer ' },
  { name: 'an unknown key', authorization: () => 'Bearer onb_not-a-key-0123456789' },
  { name: 'a key with a character more', authorization: (f) => `Bearer ${f.keys.support}x` },
  { name: 'a key cut short', authorization: (f) => `Bearer ${f.keys.support.slice(0, -1)}` },
  { name: 'Basic with another principal', authorization: (f) => `Basic ${Buffer.from(`someone-else:${f.keys.support}`).toString('base64')}` },
  { name: 'the key without a scheme', authorization: (f) => f.keys.support },
  { name: 'a Token scheme', authorization: (f) => `Token ${f.keys.support}` },
];

/** Every way to not quite hold a key: 401, with the scheme to use, before anything is read. */
export const authCases: HostileCase[] = [
  ...routes.flatMap((route) =>
    credentials.map((credential): HostileCase => ({
      chapter,
      name: `${route.name} with ${credential.name}`,
      request: (f) => {
        const authorization = credential.authorization(f);
        const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
        return { ...route.request(f), headers };
      },
      expect: { status: 401, type: 'unauthenticated', headers: { 'www-authenticate': 'Bearer realm="onboarding"' } },
    })),
  ),
  {
    chapter,
    name: 'a key in the query string',
    request: (f) => ({ method: 'GET', path: `/v1/onboardings?apiKey=${f.keys.operator}` }),
    expect: { status: 401, type: 'unauthenticated' },
  },
];
