import { randomUUID } from 'node:crypto';
import { harnessWithApi } from '../support/api';
import { awaitedCode, reachStep } from '../support/person';
import { stoknRequest, sumvinRequest } from '../support/requests';

/** What the API answers when it must say no, on the real dev server: each refusal with its status and problem type. */
describe('refusals over HTTP', () => {
  const setup = harnessWithApi();

  const start = async (request: { reference: string }) => {
    const res = await setup.api.call('POST', '/v1/onboardings', { role: 'backend', body: request, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status).toBe(201);
  };

  test('a new code: 200 with what is left, then 409 once none is left', async () => {
    const { h, api } = setup;
    const request = stoknRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours', otpResendCooldown: '0 seconds', otpMaxResends: 1 } });
    await start(request);
    await awaitedCode(h, request.reference, 'sms');
    const resent = await api.call('POST', `/v1/onboardings/${request.reference}/otp/resend`, { role: 'backend' });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ channel: 'sms', resendsLeft: 0 });
    const refused = await api.call('POST', `/v1/onboardings/${request.reference}/otp/resend`, { role: 'backend' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: '/problems/message-refused', status: 409, detail: expect.stringContaining('no more new codes') });
  });

  test('a new code while the provider is down: 503 with Retry-After, not 409; the same request succeeds once it is back', async () => {
    const { h, api } = setup;
    const request = stoknRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours', otpResendCooldown: '0 seconds' } });
    await start(request);
    await awaitedCode(h, request.reference, 'sms');
    await h.admin.fault({ provider: 'stokn', route: 'POST /v1/user/login', failures: 1_000, failureStatus: 503 });
    const down = await api.call('POST', `/v1/onboardings/${request.reference}/otp/resend`, { role: 'backend' });
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('30');
    expect(down.body).toMatchObject({ type: '/problems/provider-unavailable', status: 503 });
    await h.admin.clearFaults();
    const again = await api.call('POST', `/v1/onboardings/${request.reference}/otp/resend`, { role: 'backend' });
    expect(again.status).toBe(200);
  });

  test('a body nested thousands of levels deep: 400 before anything walks it, nothing started', async () => {
    const { api } = setup;
    const request = stoknRequest();
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    const rawBody = JSON.stringify({ ...request, wait: 'DEEP' }).replace('"DEEP"', deep);
    const res = await api.call('POST', '/v1/onboardings', { role: 'backend', rawBody, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: '/problems/malformed-json', errors: [{ field: 'body', message: expect.stringContaining('nests deeper than') }] });
    const lookup = await api.call('GET', `/v1/onboardings/${request.reference}`, { role: 'backend' });
    expect(lookup.status).toBe(404);
  });

  test('a fresh credential: 202 when well formed, 400 naming the field when not', async () => {
    const { h, api } = setup;
    const subject = `http-credential-${Date.now()}`;
    const request = sumvinRequest(await h.admin.userJwt('sumvin', subject), { wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await start(request);
    await awaitedCode(h, request.reference, 'sms');
    const bad = await api.call('POST', `/v1/onboardings/${request.reference}/credential`, { role: 'backend', body: { credential: { secret: 'two words' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['credential.secret']);
    const fresh = await api.call('POST', `/v1/onboardings/${request.reference}/credential`, {
      role: 'backend',
      body: { credential: { secret: await h.admin.userJwt('sumvin', subject) } },
    });
    expect(fresh.status).toBe(202);
    expect(fresh.body).toMatchObject({ reference: request.reference, accepted: true });
    const audited = await reachStep(h, request.reference, 'verifying-contact');
    expect(audited.audit.map((a) => a.action)).toContain('credential-supplied');
  });

  test('a code or a KYC decision for an onboarding that has ended: 409 onboarding-closed', async () => {
    const { h, api } = setup;
    const request = stoknRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await start(request);
    await awaitedCode(h, request.reference, 'sms');
    expect((await api.call('POST', `/v1/onboardings/${request.reference}/cancel`, { role: 'support' })).status).toBe(202);
    await reachStep(h, request.reference, 'failed');
    const otp = await api.call('POST', `/v1/onboardings/${request.reference}/otp`, { role: 'backend', body: { code: '123456' } });
    const kyc = await api.call('POST', `/v1/onboardings/${request.reference}/kyc-decision`, { role: 'support', body: { decision: 'VERIFIED' } });
    for (const res of [otp, kyc]) {
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ type: '/problems/onboarding-closed', status: 409 });
    }
  });
});
