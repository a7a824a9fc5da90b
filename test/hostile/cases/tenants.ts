import { randomUUID } from 'node:crypto';
import { stoknRequest } from '../../support/requests';
import type { HostileCase } from '../hostile-case';

const chapter = 'tenant × route (API1)';

const routes = [
  { name: 'status', method: 'GET', path: '' },
  { name: 'otp', method: 'POST', path: '/otp', body: { code: '123456' } },
  { name: 'resend', method: 'POST', path: '/otp/resend' },
  { name: 'credential', method: 'POST', path: '/credential', body: { credential: { secret: 'eyJ.a.b' } } },
  { name: 'kyc-access', method: 'POST', path: '/kyc-access' },
  { name: 'cancel', method: 'POST', path: '/cancel', body: { reason: 'not mine' } },
];

/** Tenant B's backend key on tenant A's onboarding: exactly a reference that does not exist. */
export const tenantCases: HostileCase[] = [
  ...routes.map((route): HostileCase => ({
    chapter,
    name: `${route.name} of another tenant's onboarding`,
    request: (f) => ({ method: route.method, path: `/v1/onboardings/${f.running.reference}${route.path}`, as: 'tenant-b', body: route.body }),
    expect: (f) => ({ status: 404, type: 'not-found', notContaining: [f.running.userId] }),
  })),
  {
    chapter,
    name: "a list does not show another tenant's onboarding",
    request: () => ({ method: 'GET', path: '/v1/onboardings?pageSize=100', as: 'tenant-b' }),
    expect: (f) => ({ status: 200, notContaining: [f.running.reference] }),
  },
  {
    chapter,
    name: "a start with another tenant's reference",
    request: (f) => ({
      method: 'POST',
      path: '/v1/onboardings',
      as: 'tenant-b',
      headers: { 'idempotency-key': randomUUID() },
      body: { ...stoknRequest(), reference: f.running.reference },
    }),
    expect: { status: 409, type: 'reference-taken' },
  },
];
