import { permissions, type Permission } from '../../../api/permissions';
import { apiRoles } from '../../../domain/actor';
import type { Fixtures, HostileCase, HostileRequest } from '../hostile-case';

const chapter = 'role × route (API5)';

/** Each route of the API with a body it would accept, on the running onboarding. */
const routes: { permission: Permission; request: (f: Fixtures) => HostileRequest }[] = [
  { permission: 'start', request: () => ({ method: 'POST', path: '/v1/onboardings', headers: { 'idempotency-key': 'k-1' }, body: { provider: 'sovera' } }) },
  { permission: 'submit-otp', request: (f) => ({ method: 'POST', path: `/v1/onboardings/${f.running.reference}/otp`, body: { code: '123456' } }) },
  { permission: 'resend-otp', request: (f) => ({ method: 'POST', path: `/v1/onboardings/${f.running.reference}/otp/resend` }) },
  {
    permission: 'kyc-decision',
    request: (f) => ({ method: 'POST', path: `/v1/onboardings/${f.running.reference}/kyc-decision`, body: { decision: 'VERIFIED' } }),
  },
  {
    permission: 'credential',
    request: (f) => ({ method: 'POST', path: `/v1/onboardings/${f.running.reference}/credential`, body: { credential: { secret: 'eyJ.a.b' } } }),
  },
  { permission: 'kyc-access', request: (f) => ({ method: 'POST', path: `/v1/onboardings/${f.running.reference}/kyc-access` }) },
  {
    permission: 'resolve-support',
    request: (f) => ({ method: 'POST', path: `/v1/onboardings/${f.running.reference}/support-resolution`, body: { decision: 'retry' } }),
  },
  { permission: 'cancel', request: (f) => ({ method: 'POST', path: `/v1/onboardings/${f.running.reference}/cancel`, body: { reason: 'not mine to cancel' } }) },
];

/** Every role a route does not grant (api/permissions.ts): 403 before the body is read, nothing sent. */
export const roleCases: HostileCase[] = routes.flatMap(({ permission, request }) =>
  apiRoles
    .filter((role) => !(permissions[permission] as readonly string[]).includes(role))
    .map((role): HostileCase => ({
      chapter,
      name: `${permission} as ${role}`,
      request: (f) => ({ ...request(f), as: role }),
      expect: { status: 403, type: 'forbidden' },
    })),
);
