import type { HostileCase } from '../hostile-case';

const chapter = 'response headers (API8, ASVS V14.4)';
/** Every answer of the suite is also checked for no-store and nosniff (hostile.test.ts); these check the rest. */
const framing = { 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' };

export const headerCases: HostileCase[] = [
  { chapter, name: 'a list answer', request: () => ({ method: 'GET', path: '/v1/onboardings', as: 'operator' }), expect: { status: 200, headers: framing } },
  {
    chapter,
    name: 'a problem answer',
    request: () => ({ method: 'GET', path: '/v1/onboardings/nobody-here', as: 'operator' }),
    expect: { status: 404, headers: framing },
  },
  { chapter, name: 'the console sign-in page', request: () => ({ method: 'GET', path: '/console/sign-in' }), expect: { status: 200, headers: framing } },
  {
    chapter,
    name: 'a codec server refusal',
    request: () => ({ target: 'codec', method: 'POST', path: '/decode', body: { payloads: [] } }),
    expect: { status: 401, headers: framing },
  },
];
