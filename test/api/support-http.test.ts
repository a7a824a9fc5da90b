import { enterAllCodes, reachStep } from '../support/person';
import { stoknRequest, sumvinRequest } from '../support/requests';
import { resolveByHand } from '../support/support-desk';
import { harnessWithApi } from '../support/api';

/**
 * Support's jobs over HTTP, on the real dev server: find what waits for them, read what to check
 * and the answers they may give, answer it; issue the person's KYC access; cancel with a reason.
 */
describe('support over the API', () => {
  const setup = harnessWithApi();
  afterEach(async () => {
    await setup.h.admin.clearFaults();
  });

  const hourly = { kycPollInterval: '1 hour', kycDeadline: '2 hours' };

  test('an onboarding waiting for support is listed, says what to check and the answers, and a "found" answer moves it on', async () => {
    const { h, api } = setup;
    // Stokn's sign-up answer is lost: nothing documented finds the user again.
    await h.admin.fault({ provider: 'stokn', route: 'POST /v1/user/sign-up', drops: 1 });
    const request = stoknRequest({ wait: hourly });
    await h.client.start(request);
    await reachStep(h, request.reference, 'awaiting-support');

    const listed = await api.call('GET', '/v1/onboardings?needsAction=support&provider=stokn&pageSize=100', { role: 'support' });
    expect(listed.status).toBe(200);
    expect((listed.body.onboardings as { reference: string }[]).map((o) => o.reference)).toContain(request.reference);

    const status = await api.call('GET', `/v1/onboardings/${request.reference}`, { role: 'support' });
    expect(status.body.support).toMatchObject({
      needs: ['userId', 'accountId'],
      check: expect.any(String),
      answers: [
        { decision: 'retry', meaning: expect.stringContaining('nothing was created') },
        { decision: 'found', fields: ['userId', 'accountId'] },
      ],
    });

    // An actor in the body is refused: the actor is the key's principal.
    const named = await api.call('POST', `/v1/onboardings/${request.reference}/support-resolution`, {
      role: 'support',
      body: { decision: 'retry', actor: { id: 'someone-else', role: 'support' } },
    });
    expect(named.status).toBe(400);
    expect(named.body.errors).toEqual([{ field: 'actor', message: expect.stringContaining('credential') }]);

    // "found" without the ids the check needs is the workflow's refusal, in its words.
    const short = await api.call('POST', `/v1/onboardings/${request.reference}/support-resolution`, {
      role: 'support',
      body: { decision: 'found', userId: 'u-1' },
    });
    expect(short.status).toBe(409);
    expect(short.body).toMatchObject({ type: '/problems/message-refused', detail: '"found" needs accountId' });

    // Support looks the user up by hand (the sandbox's admin view) and answers with its ids.
    const found = await resolveByHand(h.admin, request, status.body);
    if (found.decision !== 'found') throw new Error('the user was not created at Stokn');
    const answered = await api.call('POST', `/v1/onboardings/${request.reference}/support-resolution`, { role: 'support', body: found });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ reference: request.reference, accepted: true, actor: { id: 'test-support', role: 'support' } });
    const after = await reachStep(h, request.reference, 'verifying-contact');
    expect(after.userId).toBe(found.userId);
    expect(after.audit).toContainEqual(
      expect.objectContaining({ action: 'support-resolution', actor: { id: 'test-support', role: 'support' }, detail: 'found' }),
    );
    expect(api.logs.map((l) => l.audit)).toContainEqual(
      expect.objectContaining({
        action: 'support-resolution',
        actor: { id: 'test-support', role: 'support' },
        reference: request.reference,
        status: 200,
        decision: 'found',
      }),
    );

    // Cancel with a reason: the workflow's audit trail keeps it, the API's log line only says one was given.
    const cancelled = await api.call('POST', `/v1/onboardings/${request.reference}/cancel`, { role: 'support', body: { reason: 'the person withdrew' } });
    expect(cancelled.status).toBe(202);
    const closed = await h.client.status(request.reference);
    expect(closed.audit).toContainEqual(expect.objectContaining({ action: 'cancel-requested', detail: 'the person withdrew' }));
    const line = api.logs.map((l) => l.audit as Record<string, unknown>).find((a) => a?.action === 'cancel' && a.reference === request.reference);
    expect(line).toMatchObject({ reasonGiven: true, status: 202 });
    expect(api.logText()).not.toContain('the person withdrew');
  });

  test("KYC access over HTTP: Sumvin's app token for the backend, minted fresh, never logged", async () => {
    const { h, api } = setup;
    const request = sumvinRequest(await h.admin.userJwt('sumvin', `kyc-access-${Date.now()}`), { wait: hourly });
    await h.client.start(request);
    await enterAllCodes(h, 'sumvin', request.reference);
    await reachStep(h, request.reference, 'awaiting-kyc');
    const access = await api.call('POST', `/v1/onboardings/${request.reference}/kyc-access`, { role: 'backend' });
    expect(access.status).toBe(200);
    expect(access.body).toEqual({ reference: request.reference, accessToken: expect.stringMatching(/\S{8,}/) });
    expect(api.logText()).not.toContain(access.body.accessToken);
    const refused = await api.call('POST', `/v1/onboardings/${request.reference}/kyc-access`, { role: 'operator' });
    expect(refused.status).toBe(403);
    await h.client.cancel(request.reference);
  });
});
