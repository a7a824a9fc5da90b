import type { Fixtures, HostileCase, HostileRequest } from '../hostile-case';

const chapter = 'ended onboardings (API6)';

const messages: [string, (f: Fixtures) => HostileRequest][] = [
  ['a code', (f) => ({ method: 'POST', path: `/v1/onboardings/${f.ended.reference}/otp`, as: 'backend', body: { code: '123456' } })],
  ['a resend', (f) => ({ method: 'POST', path: `/v1/onboardings/${f.ended.reference}/otp/resend`, as: 'support' })],
  ['a KYC decision', (f) => ({ method: 'POST', path: `/v1/onboardings/${f.ended.reference}/kyc-decision`, as: 'support', body: { decision: 'VERIFIED' } })],
  [
    'a credential',
    (f) => ({ method: 'POST', path: `/v1/onboardings/${f.ended.reference}/credential`, as: 'backend', body: { credential: { secret: 'eyJ.a.b' } } }),
  ],
  ['a KYC access', (f) => ({ method: 'POST', path: `/v1/onboardings/${f.ended.reference}/kyc-access`, as: 'support' })],
  [
    'a support answer',
    (f) => ({ method: 'POST', path: `/v1/onboardings/${f.ended.reference}/support-resolution`, as: 'support', body: { decision: 'retry' } }),
  ],
  ['a second cancel', (f) => ({ method: 'POST', path: `/v1/onboardings/${f.ended.reference}/cancel`, as: 'support' })],
];

/** An onboarding that has ended takes no message: 409 saying so, and its history does not grow. */
export const endedCases: HostileCase[] = messages.map(([name, request]) => ({
  chapter,
  name: `${name} to a cancelled onboarding`,
  request,
  expect: { status: 409, type: 'onboarding-closed' },
}));
