import { randomUUID } from 'node:crypto';
import { workflowIdFor } from '../../client/onboarding-client';
import { signWebhook, verifyWebhook } from '../../webhooks/signature';
import { onboardingInput } from '../../domain/input';
import { onboardingProviderKey, onboardingStepKey, providerUserIdKey } from '../../workflows/search-attributes';
import { eventually, startHarness, type Harness } from '../support/harness';
import { soveraRequest } from '../support/requests';
import { reachStep } from '../support/person';
import { messagesInHistory } from '../support/history';
import { startTestApi, type TestApi } from '../support/api';
import { freePort } from '../support/api-process';
import { startReceiver } from '../support/receiver';

const secrets = new Map([
  ['sovera', ['sovera-webhook-secret-0123456789']],
  ['stokn', ['stokn-webhook-secret-0123456789']],
]);

/** KYC webhooks: the sandbox signs them; the API verifies, refuses replays and stale ones, and signals the onboarding. */
describe('provider KYC webhooks', () => {
  let h: Harness;
  let api: TestApi;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    const receiverPort = await freePort();
    h = await startHarness({ sandbox: { webhooks: { url: `http://127.0.0.1:${receiverPort}/hooks`, secrets, retryDelaysMs: [200] } } });
    receiver = await startReceiver({ port: receiverPort, answers: [503] });
    api = await startTestApi(h.client, { webhookSecrets: secrets, webhookToleranceSeconds: 300 });
  });
  afterAll(async () => {
    await api?.close();
    await h?.close();
    await receiver?.close();
  });
  afterEach(async () => {
    await h.admin.clearFaults();
  });

  test('the sandbox sends a signed KYC webhook when the decision is made, retried (same id) after the receiver failed', async () => {
    const request = soveraRequest();
    await h.client.start(request);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    const delivery = await eventually(async () => (await h.admin.webhooks()).find((d) => d.event.userId === waiting.userId && d.delivered));
    expect(delivery).toMatchObject({
      provider: 'sovera',
      attempts: 2,
      lastOutcome: 200,
      event: { type: 'kyc.decided', decision: 'VERIFIED', providerStatus: 'VERIFIED' },
    });
    const got = receiver.received.filter((r) => r.headers['webhook-id'] === delivery.id);
    expect(got.map((r) => r.path)).toEqual(['/hooks/sovera', '/hooks/sovera']);
    for (const r of got) {
      expect(verifyWebhook({ secrets: secrets.get('sovera')!, headers: r.headers, rawBody: r.body, toleranceSeconds: 60 })).toMatchObject({
        ok: true,
        id: delivery.id,
      });
      expect(verifyWebhook({ secrets: ['another-secret-0123456789'], headers: r.headers, rawBody: r.body, toleranceSeconds: 60 })).toMatchObject({ ok: false });
    }
    await h.client.cancel(request.reference).catch(() => undefined);
  });

  /**
   * An onboarding that stays in creating-user (the provider answers 500 to every sign-up) with
   * ProviderUserId set by the test at start: the workflow sets it itself once the user exists
   * (workflow side), so the test cannot rely on a real user id here.
   */
  async function onboardingOfProviderUser(userId: string): Promise<string> {
    await h.admin.fault({ provider: 'sovera', route: 'POST /users', failures: 10_000 });
    const request = soveraRequest();
    await h.env.client.workflow.start('onboarding', {
      taskQueue: h.client.taskQueue,
      workflowId: workflowIdFor(request.reference),
      args: [onboardingInput.parse(request)],
      typedSearchAttributes: [
        { key: onboardingProviderKey, value: 'sovera' },
        { key: onboardingStepKey, value: 'creating-user' },
        { key: providerUserIdKey, value: userId },
      ],
    });
    // Visibility indexes the attribute within moments.
    await eventually(async () => ((await h.client.findByProviderUserId('sovera', userId)) === request.reference ? true : undefined));
    return request.reference;
  }

  const send = (provider: string, body: string, headers: Record<string, string>) =>
    fetch(`${api.url}/v1/webhooks/${provider}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then(async (r) => ({
      status: r.status,
      type: r.headers.get('content-type'),
      body: (await r.json()) as Record<string, unknown>,
    }));
  const kycSignals = (reference: string) => messagesInHistory(h.env.client, workflowIdFor(reference), 'kycDecision') as Promise<[Record<string, unknown>][]>;

  test('valid, bad, replayed and stale deliveries: only the valid one is signalled, with its delivery id and the webhook as actor', async () => {
    const userId = `sov-user-${randomUUID()}`;
    const reference = await onboardingOfProviderUser(userId);
    const body = JSON.stringify({ type: 'kyc.decided', userId, decision: 'REJECTED', providerStatus: 'REJECTED', reason: 'document expired' });
    const secret = secrets.get('sovera')![0];

    const forged = await send('sovera', body, signWebhook('not-the-secret-0123456789', `evt_${randomUUID()}`, body));
    expect(forged).toMatchObject({ status: 401, body: { type: '/problems/unauthenticated' } });
    expect(forged.type).toContain('application/problem+json');
    const tampered = signWebhook(secret, `evt_${randomUUID()}`, body);
    expect((await send('sovera', body.replace('REJECTED', 'VERIFIED'), tampered)).status).toBe(401);
    const unsigned = await send('sovera', body, {});
    expect(unsigned.status).toBe(401);
    const stale = await send('sovera', body, signWebhook(secret, `evt_${randomUUID()}`, body, Date.now() - 301_000));
    expect(stale).toMatchObject({ status: 401, body: { detail: expect.stringContaining('stale') } });
    const wrongProvider = await send('stokn', body, signWebhook(secret, `evt_${randomUUID()}`, body));
    expect(wrongProvider.status).toBe(401);
    expect(await kycSignals(reference)).toEqual([]);

    const id = `evt_${randomUUID()}`;
    const valid = await send('sovera', body, signWebhook(secret, id, body));
    expect(valid).toMatchObject({ status: 202, body: { received: true, reference, deliveryId: id } });
    const replayed = await send('sovera', body, signWebhook(secret, id, body));
    expect(replayed).toMatchObject({ status: 409, body: { type: '/problems/replayed-delivery' } });

    const signals = await kycSignals(reference);
    expect(signals).toHaveLength(1);
    expect(signals[0][0]).toEqual({
      decision: 'REJECTED',
      reason: 'document expired',
      decidedBy: 'webhook:sovera',
      actor: { id: 'webhook:sovera', role: 'webhook' },
      deliveryId: id,
    });
    const audit = api.logs
      .filter((l) => l.msg === 'audit' && (l.audit as { action: string }).action === 'webhook-kyc-decision')
      .map((l) => l.audit as Record<string, unknown>);
    expect(audit.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 202, 409]);
    expect(audit[5]).toMatchObject({ provider: 'sovera', deliveryId: id, referenceFound: reference });
    await h.client.cancel(reference);
  });

  test('a signed event for a user no onboarding knows is 404 and may be delivered again later; a signed malformed one is 400', async () => {
    const secret = secrets.get('sovera')![0];
    const body = JSON.stringify({ type: 'kyc.decided', userId: `unknown-${randomUUID()}`, decision: 'VERIFIED' });
    const id = `evt_${randomUUID()}`;
    expect((await send('sovera', body, signWebhook(secret, id, body))).body).toMatchObject({ status: 404, type: '/problems/unknown-user' });
    // Not recorded as received: the provider's retry is not taken for a replay.
    expect((await send('sovera', body, signWebhook(secret, id, body))).status).toBe(404);
    const malformed = '{"type": "kyc.decided", "userId": 7}';
    const answer = await send('sovera', malformed, signWebhook(secret, `evt_${randomUUID()}`, malformed));
    expect(answer).toMatchObject({ status: 400, body: { type: '/problems/invalid-request' } });
    expect((answer.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['decision', 'userId']);
  });

  test('a provider with no webhook secret configured is refused 401, and a body over the limit 413, before anything is read', async () => {
    const body = JSON.stringify({ type: 'kyc.decided', userId: 'someone', decision: 'VERIFIED', providerStatus: 'VERIFIED' });
    const unconfigured = await send('sfox', body, signWebhook('any-secret-0123456789', `evt_${randomUUID()}`, body));
    expect(unconfigured).toMatchObject({ status: 401, body: { type: '/problems/unauthenticated', detail: 'no webhook secret is configured for sfox' } });
    const huge = JSON.stringify({ type: 'kyc.decided', userId: 'someone', decision: 'VERIFIED', providerStatus: 'VERIFIED', reason: 'x'.repeat(20 * 1024) });
    const tooLarge = await send('sovera', huge, signWebhook(secrets.get('sovera')![0], `evt_${randomUUID()}`, huge));
    expect(tooLarge).toMatchObject({ status: 413, body: { type: '/problems/body-too-large' } });
  });
});
