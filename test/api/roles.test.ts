import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { workflowIdFor } from '../../client/onboarding-client';
import { uniqueReference } from '../support/harness';
import { soveraRequest } from '../support/requests';
import { harnessWithApi } from '../support/api';

/**
 * Every role × route of the API: what the issue grants is allowed, everything else is 403; no or
 * a wrong credential is 401. The grants are written out here, not read from the API's table.
 */
const grants = {
  backend: ['start', 'list', 'status', 'otp', 'otp-resend', 'credential', 'kyc-access', 'cancel'],
  support: ['list', 'status', 'kyc-decision', 'otp-resend', 'kyc-access', 'support-resolution', 'cancel'],
  operator: ['list', 'status'],
  compliance: ['list', 'status'],
} as const;

describe('API roles', () => {
  const setup = harnessWithApi();

  const missing = () => uniqueReference('nobody');
  const routes = [
    { name: 'start', method: 'POST', path: () => '/v1/onboardings', body: () => soveraRequest(), allowed: 201 },
    { name: 'list', method: 'GET', path: () => '/v1/onboardings?provider=sovera', allowed: 200 },
    { name: 'status', method: 'GET', path: () => `/v1/onboardings/${missing()}`, allowed: 404 },
    { name: 'otp', method: 'POST', path: () => `/v1/onboardings/${missing()}/otp`, body: () => ({ code: '123456' }), allowed: 404 },
    { name: 'otp-resend', method: 'POST', path: () => `/v1/onboardings/${missing()}/otp/resend`, allowed: 404 },
    { name: 'kyc-decision', method: 'POST', path: () => `/v1/onboardings/${missing()}/kyc-decision`, body: () => ({ decision: 'VERIFIED' }), allowed: 404 },
    {
      name: 'credential',
      method: 'POST',
      path: () => `/v1/onboardings/${missing()}/credential`,
      body: () => ({ credential: { secret: 'eyJ.fresh.jwt' } }),
      allowed: 404,
    },
    { name: 'kyc-access', method: 'POST', path: () => `/v1/onboardings/${missing()}/kyc-access`, allowed: 404 },
    {
      name: 'support-resolution',
      method: 'POST',
      path: () => `/v1/onboardings/${missing()}/support-resolution`,
      body: () => ({ decision: 'retry' }),
      allowed: 404,
    },
    { name: 'cancel', method: 'POST', path: () => `/v1/onboardings/${missing()}/cancel`, body: () => ({ reason: 'the person asked' }), allowed: 404 },
  ] as const;

  const cases = routes.flatMap((route) =>
    (['backend', 'support', 'operator', 'compliance'] as const).map((role) => ({
      route,
      role,
      expected: (grants[role] as readonly string[]).includes(route.name) ? route.allowed : 403,
    })),
  );

  test.each(cases.map((c) => [c.route.name, c.role, c.expected, c] as const))('%s as %s -> %i', async (_n, role, expected, { route }) => {
    const { h, api } = setup;
    const body = 'body' in route ? route.body() : undefined;
    const res = await api.call(route.method, route.path(), { role, body, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status).toBe(expected);
    const problem = res.body as { type?: string; status?: number };
    const forbidden = { json: res.headers.get('content-type')?.includes('application/problem+json'), type: problem?.type, status: problem?.status };
    expect(expected === 403 ? forbidden : 'not refused').toEqual(expected === 403 ? { json: true, type: '/problems/forbidden', status: 403 } : 'not refused');
    // Started only when allowed.
    const described =
      route.name === 'start'
        ? await h.env.client.workflow
            .getHandle(workflowIdFor((body as { reference: string }).reference))
            .describe()
            .then(
              () => 'started',
              (err: unknown) => (err instanceof WorkflowNotFoundError ? 'not started' : String(err)),
            )
        : 'no start';
    expect(described).toBe(route.name !== 'start' ? 'no start' : expected === 201 ? 'started' : 'not started');
  });

  test.each(routes.map((r) => [r.name, r] as const))('%s without a credential, with a wrong one, or a bad Basic pair -> 401', async (_n, route) => {
    const { api } = setup;
    for (const authorization of [undefined, 'Bearer not-a-key', `Basic ${Buffer.from(`someone-else:${api.keys.support}`).toString('base64')}`, 'Token abc']) {
      const body = 'body' in route ? route.body() : undefined;
      const res = await api.call(route.method, route.path(), {
        body,
        headers: { 'idempotency-key': randomUUID(), ...(authorization ? { authorization } : {}) },
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ type: '/problems/unauthenticated', status: 401 });
    }
  });

  test('Basic credentials of the right principal are accepted (the browser sign-in of the codec server)', async () => {
    const { api } = setup;
    const res = await api.call('GET', '/v1/onboardings', {
      headers: { authorization: `Basic ${Buffer.from(`test-operator:${api.keys.operator}`).toString('base64')}` },
    });
    expect(res.status).toBe(200);
  });

  test('refused calls are audited with who tried, and no key appears in the log', () => {
    const { api } = setup;
    const refused = api.logs.filter((l) => (l.audit as { status?: number } | undefined)?.status === 403);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].audit).toMatchObject({ actor: { id: expect.stringMatching(/^test-/), role: expect.any(String) } });
    for (const key of Object.values(api.keys)) expect(api.logText()).not.toContain(key);
  });
});
