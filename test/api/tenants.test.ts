import { randomUUID } from 'node:crypto';
import { sha256Hex } from '../../api/auth';
import { eventually } from '../support/harness';
import { reachStep } from '../support/person';
import { soveraRequest } from '../support/requests';
import { harnessWithApi } from '../support/api';

/**
 * Object-level authorisation (OWASP API1) on the real dev server: two backend keys of two
 * tenants. Each one's reads, messages, cancels and lists stay inside its own tenant; another
 * tenant's onboarding answers as one that does not exist.
 */
describe('tenant-scoped backend keys', () => {
  const keys = { acme: `acme_${randomUUID()}`, globex: `globex_${randomUUID()}` };
  const setup = harnessWithApi({
    api: { extraKeyEntries: [`acme-shop:backend:${sha256Hex(keys.acme)}:acme`, `globex-shop:backend:${sha256Hex(keys.globex)}:globex`] },
  });

  const hourly = { kycPollInterval: '1 hour', kycDeadline: '2 hours' };
  const start = async (key: string, request = soveraRequest({ wait: hourly })) => {
    const res = await setup.api.call('POST', '/v1/onboardings', { key, body: request, headers: { 'idempotency-key': randomUUID() } });
    return { res, request };
  };
  const listed = async (key: string) =>
    ((await setup.api.call('GET', '/v1/onboardings?provider=sovera&pageSize=100', { key })).body.onboardings as { reference: string }[]).map(
      (o) => o.reference,
    );

  test("each tenant reaches its own onboardings only; another's is a 404 on every route", async () => {
    const { h, api } = setup;
    const acme = await start(keys.acme);
    const globex = await start(keys.globex);
    expect([acme.res.status, globex.res.status]).toEqual([201, 201]);
    await reachStep(h, acme.request.reference, 'awaiting-kyc');
    await reachStep(h, globex.request.reference, 'awaiting-kyc');

    // Lists come from visibility, which catches up with a start in a moment.
    const acmeList = await eventually(
      async () => {
        const refs = await listed(keys.acme);
        return refs.includes(acme.request.reference) ? refs : undefined;
      },
      30_000,
      'acme listing its onboarding',
    );
    expect(acmeList).not.toContain(globex.request.reference);
    const globexList = await eventually(
      async () => {
        const refs = await listed(keys.globex);
        return refs.includes(globex.request.reference) ? refs : undefined;
      },
      30_000,
      'globex listing its onboarding',
    );
    expect(globexList).not.toContain(acme.request.reference);

    const foreign = globex.request.reference;
    const routes: [string, string, unknown?][] = [
      ['GET', `/v1/onboardings/${foreign}`],
      ['POST', `/v1/onboardings/${foreign}/otp`, { code: '123456' }],
      ['POST', `/v1/onboardings/${foreign}/otp/resend`],
      ['POST', `/v1/onboardings/${foreign}/credential`, { credential: { secret: 'eyJ.fresh.jwt' } }],
      ['POST', `/v1/onboardings/${foreign}/kyc-access`],
      ['POST', `/v1/onboardings/${foreign}/cancel`, { reason: 'not mine' }],
    ];
    const nowhere = `/v1/onboardings/nobody-${randomUUID()}`;
    const missing = await api.call('GET', nowhere, { key: keys.acme });
    for (const [method, path, body] of routes) {
      const res = await api.call(method, path, { key: keys.acme, body });
      expect({ path, status: res.status, type: res.body?.type }).toEqual({ path, status: 404, type: missing.body.type });
      expect(res.body.detail).toBe(missing.body.detail.replace(nowhere.split('/').at(-1)!, foreign));
    }
    // Its own onboarding answers, and globex's is untouched: still running, nothing in its audit trail but its start.
    expect((await api.call('GET', `/v1/onboardings/${acme.request.reference}`, { key: keys.acme })).status).toBe(200);
    const untouched = await h.client.status(foreign);
    expect({ running: untouched.running, audit: untouched.audit.map((a) => a.action) }).toEqual({ running: true, audit: ['started'] });
    // An unscoped support key reaches both.
    expect((await api.call('GET', `/v1/onboardings/${foreign}`, { role: 'support' })).status).toBe(200);

    // Cancelling its own works.
    expect((await api.call('POST', `/v1/onboardings/${acme.request.reference}/cancel`, { key: keys.acme })).status).toBe(202);
    await h.client.cancel(foreign);
  });

  test("a reference another tenant holds is refused, even after it failed: no restart adopts another tenant's user", async () => {
    const { h } = setup;
    const globex = await start(keys.globex);
    expect(globex.res.status).toBe(201);
    await h.client.cancel(globex.request.reference);
    await eventually(async () => ((await h.client.status(globex.request.reference)).running ? undefined : true), 30_000, 'the cancellation');
    const taken = await start(keys.acme, { ...soveraRequest({ wait: hourly }), reference: globex.request.reference });
    expect(taken.res.status).toBe(409);
    expect(taken.res.body.type).toBe('/problems/reference-taken');
    // globex itself may start its failed reference again.
    const again = await start(keys.globex, { ...soveraRequest({ wait: hourly }), reference: globex.request.reference });
    expect(again.res.status).toBe(201);
    await h.client.cancel(globex.request.reference);
  });
});
