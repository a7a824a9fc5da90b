import { randomUUID } from 'node:crypto';
import { workflowIdFor } from '../../client/onboarding-client';
import { eventually } from '../support/harness';
import { soveraRequest, stoknRequest } from '../support/requests';
import { receivedCode, wrongCode } from '../support/person';
import { messagesInHistory } from '../support/history';
import { harnessWithApi, startTestApi } from '../support/api';

/** A backend and support staff drive onboardings over HTTP only, against the real dev server. */
describe('onboardings over HTTP', () => {
  const setup = harnessWithApi();

  const statusOf = (reference: string, role: 'backend' | 'support' | 'operator' = 'operator') =>
    setup.api.call('GET', `/v1/onboardings/${reference}`, { role });
  const untilStep = (reference: string, step: string) =>
    eventually(
      async () => {
        const res = await statusOf(reference);
        if (res.body?.step === 'failed') throw new Error(`failed: ${JSON.stringify(res.body.failure)}`);
        return res.status === 200 && res.body.step === step ? res.body : undefined;
      },
      30_000,
      `step ${step}`,
    );

  test('Stokn: start, OTP wrong then right, support records KYC, completed; every actor from the credential, audited without PII', async () => {
    const { h, api } = setup;
    const request = stoknRequest();
    const started = await api.call('POST', '/v1/onboardings', { role: 'backend', body: request, headers: { 'idempotency-key': randomUUID() } });
    expect(started.status).toBe(201);

    const asked = await eventually(
      async () => {
        const { body } = await statusOf(request.reference);
        return body.step === 'verifying-contact' && body.otp ? body : undefined;
      },
      30_000,
      'an awaited SMS code',
    );
    const code = await receivedCode(h, 'stokn', asked.userId, 'sms');
    const wrong = await api.call('POST', `/v1/onboardings/${request.reference}/otp`, { role: 'backend', body: { code: wrongCode(code) } });
    expect(wrong).toMatchObject({ status: 200, body: { accepted: false, reason: 'wrong-code' } });
    const right = await api.call('POST', `/v1/onboardings/${request.reference}/otp`, { role: 'backend', body: { code } });
    expect(right).toMatchObject({ status: 200, body: { accepted: true, channel: 'sms' } });

    const waiting = await untilStep(request.reference, 'awaiting-kyc');
    expect(waiting).toMatchObject({ reference: request.reference, provider: 'stokn', running: true, workflowId: workflowIdFor(request.reference) });
    await h.admin.decideKyc('stokn', waiting.userId, 'VERIFIED');
    const decided = await api.call('POST', `/v1/onboardings/${request.reference}/kyc-decision`, { role: 'support', body: { decision: 'VERIFIED' } });
    expect(decided).toMatchObject({ status: 202, body: { accepted: true, actor: { id: 'test-support', role: 'support' } } });
    expect((await h.client.result(request.reference)).status).toBe('completed');

    // The actor travels in the messages and the memo, taken from the credential.
    const workflowId = workflowIdFor(request.reference);
    const [kyc] = (await messagesInHistory(h.env.client, workflowId, 'kycDecision')) as [[Record<string, unknown>]];
    expect(kyc[0]).toMatchObject({ decision: 'VERIFIED', decidedBy: 'test-support', actor: { id: 'test-support', role: 'support' } });
    const otps = (await messagesInHistory(h.env.client, workflowId, 'submitOtp')) as [Record<string, unknown>][];
    expect(otps.map(([m]) => m.actor)).toEqual([
      { id: 'test-backend', role: 'backend' },
      { id: 'test-backend', role: 'backend' },
    ]);
    expect((await h.env.client.workflow.getHandle(workflowId).describe()).memo?.startedBy).toEqual({ id: 'test-backend', role: 'backend' });

    // A completed onboarding cannot be cancelled: said so.
    const cancel = await api.call('POST', `/v1/onboardings/${request.reference}/cancel`, { role: 'support' });
    expect(cancel).toMatchObject({ status: 409, body: { type: '/problems/onboarding-closed' } });

    const audit = api.logs
      .filter((l) => l.msg === 'audit' && (l.audit as { reference?: string }).reference === request.reference)
      .map((l) => ({ time: l.time, ...(l.audit as object) }));
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'start',
        actor: { id: 'test-backend', role: 'backend' },
        status: 201,
        runId: started.body.runId,
        time: expect.any(Number),
      }),
      expect.objectContaining({ action: 'submit-otp', actor: { id: 'test-backend', role: 'backend' }, status: 200 }),
      expect.objectContaining({ action: 'submit-otp', status: 200 }),
      expect.objectContaining({ action: 'kyc-decision', actor: { id: 'test-support', role: 'support' }, status: 202 }),
      expect.objectContaining({ action: 'cancel', actor: { id: 'test-support', role: 'support' }, status: 409 }),
    ]);
    const logged = api.logText();
    for (const value of [request.person.email, request.person.phone, request.password.secret, api.keys.backend, api.keys.support]) {
      expect(logged).not.toContain(value);
    }
    // The code as a value of its own: its digits may well occur inside a timestamp of the log.
    expect(logged).not.toMatch(new RegExp(`(?<![0-9])${code}(?![0-9])`));
  });

  test('list filters by step and provider through visibility and pages through them', async () => {
    const { api } = setup;
    const requests = [stoknRequest(), stoknRequest(), stoknRequest()];
    for (const request of requests) {
      expect((await api.call('POST', '/v1/onboardings', { role: 'backend', body: request, headers: { 'idempotency-key': randomUUID() } })).status).toBe(201);
    }
    const references = requests.map((r) => r.reference);
    // Each waits for its SMS code; visibility catches up within moments.
    const pages = await eventually(
      async () => {
        const seen: { reference: string; step?: string; provider?: string }[][] = [];
        let token: string | undefined;
        do {
          const res = await api.call('GET', `/v1/onboardings?step=verifying-contact&provider=stokn&pageSize=2${token ? `&pageToken=${token}` : ''}`, {
            role: 'operator',
          });
          expect(res.status).toBe(200);
          seen.push(res.body.onboardings);
          token = res.body.nextPageToken;
        } while (token);
        const all = seen.flat().map((o) => o.reference);
        return references.every((r) => all.includes(r)) ? seen : undefined;
      },
      30_000,
      'the three onboardings in the list',
    );
    const all = pages.flat();
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.every((p) => p.length <= 2)).toBe(true);
    expect(new Set(all.map((o) => o.reference)).size).toBe(all.length);
    expect(all.every((o) => o.step === 'verifying-contact' && o.provider === 'stokn')).toBe(true);
    const sovera = await api.call('GET', '/v1/onboardings?provider=sovera', { role: 'operator' });
    expect(sovera.body.onboardings.map((o: { reference: string }) => o.reference)).not.toEqual(expect.arrayContaining([references[0]]));
    for (const reference of references) await api.call('POST', `/v1/onboardings/${reference}/cancel`, { role: 'backend' });
  });

  test('OTP routes are rate limited per onboarding and per key: 429 with Retry-After, as problem+json', async () => {
    const { h } = setup;
    const limited = await startTestApi(h.client, { otpLimits: { perReference: 2, perKey: 4, windowSeconds: 60 } });
    try {
      const reference = soveraRequest().reference;
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await limited.call('POST', `/v1/onboardings/${reference}/otp/resend`, { role: 'support' })).status);
      expect(statuses).toEqual([404, 404, 429]);
      // Per key: the backend's fifth OTP call (on other onboardings) is refused.
      const byKey: number[] = [];
      for (let i = 0; i < 5; i++)
        byKey.push((await limited.call('POST', `/v1/onboardings/${soveraRequest().reference}/otp`, { role: 'backend', body: { code: '123456' } })).status);
      expect(byKey).toEqual([404, 404, 404, 404, 429]);
      const refused = await limited.call('POST', `/v1/onboardings/${soveraRequest().reference}/otp`, { role: 'backend', body: { code: '123456' } });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({ type: '/problems/rate-limited', status: 429 });
      // Support's key has its own count.
      expect((await limited.call('POST', `/v1/onboardings/${soveraRequest().reference}/otp/resend`, { role: 'support' })).status).toBe(404);
    } finally {
      await limited.close();
    }
  });

  test('healthz and readyz', async () => {
    const { api } = setup;
    expect(await api.call('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await api.call('GET', '/readyz')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});
