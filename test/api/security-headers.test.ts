import { apiKeysSpec, harnessWithApi, randomKeys } from '../support/api';
import { startProcess } from '../support/api-process';

/** What every answer carries, whatever it is: it may hold a person's data (issue 22 §3). */
const everyAnswer = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
};
/** And for pages (the console, the codec server's sign-in): no inline script, no framing, our files only. */
const policy =
  "default-src 'none';script-src 'self';style-src 'self';img-src 'self';connect-src 'self';form-action 'self';frame-ancestors 'none';base-uri 'none'";

function expectHeaders(what: string, headers: Headers): void {
  const seen = Object.fromEntries([...Object.keys(everyAnswer), 'content-security-policy'].map((name) => [name, headers.get(name)]));
  expect({ what, ...seen }).toEqual({ what, ...everyAnswer, 'content-security-policy': policy });
}

/** The API's, the console's and the codec server's answers, successes and refusals alike, on the real dev server. */
describe('response headers', () => {
  const setup = harnessWithApi();
  const keys = randomKeys();
  let codec: Awaited<ReturnType<typeof startProcess>>;
  beforeAll(async () => {
    codec = await startProcess('cmd/codec-server.ts', { ONBOARDING_API_KEYS: apiKeysSpec(keys), CODEC_CORS_ORIGINS: 'http://localhost:8233' });
  });
  afterAll(async () => {
    await codec?.stop();
  });

  test('every API and console answer: JSON, problems, pages, files', async () => {
    const { api } = setup;
    const answers: [string, string, Record<string, string>][] = [
      ['a list', '/v1/onboardings', { authorization: `Bearer ${api.keys.operator}` }],
      ['a 401 problem', '/v1/onboardings', {}],
      ['a 404 problem', '/v1/onboardings/unknown-reference', { authorization: `Bearer ${api.keys.operator}` }],
      ['no such route', '/nowhere', {}],
      ['the OpenAPI document', '/openapi.json', {}],
      ['the health check', '/healthz', {}],
      ['the console sign-in page', '/console/sign-in', {}],
      ['the console script', '/console/assets/app.js', {}],
    ];
    for (const [what, path, headers] of answers) {
      const response = await fetch(api.url + path, { headers, redirect: 'manual' });
      await response.arrayBuffer();
      expectHeaders(what, response.headers);
    }
  });

  test('every codec server answer: its sign-in page, a decode, a refusal', async () => {
    const answers: [string, RequestInit & { path: string }][] = [
      ['the sign-in page', { path: '/', headers: { authorization: `Bearer ${keys.operator}` } }],
      [
        'a decode',
        { path: '/decode', method: 'POST', headers: { authorization: `Bearer ${keys.operator}`, 'content-type': 'application/json' }, body: '{"payloads":[]}' },
      ],
      ['a 401', { path: '/decode', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"payloads":[]}' }],
    ];
    for (const [what, { path, ...init }] of answers) {
      const response = await fetch(codec.url + path, init);
      await response.arrayBuffer();
      expectHeaders(what, response.headers);
    }
  });
});
