import { randomUUID } from 'node:crypto';
import { workflowIdFor } from '../../client/onboarding-client';
import { eventually, startHarness, type Harness } from '../support/harness';
import { soveraRequest } from '../support/requests';
import { reachStep } from '../support/person';
import { messagesInHistory } from '../support/history';
import { startTestApi, type TestApi } from '../support/api';
import { freePort } from '../support/api-process';

const secrets = new Map([['sovera', ['sovera-webhook-secret-0123456789']]]);

/**
 * The whole chain, as the demo runs it: the provider (sandbox) decides KYC, its signed webhook
 * reaches the API, the API finds the onboarding by ProviderUserId and signals it, the onboarding
 * completes. KYC polling is slowed to an hour so that only the webhook can move it on.
 * Needs the workflow to upsert ProviderUserId once the user exists (workflow side).
 */
describe('KYC webhook chain (sandbox -> API -> workflow)', () => {
  let h: Harness;
  let api: TestApi;
  beforeAll(async () => {
    const port = await freePort();
    h = await startHarness({
      sandbox: { webhooks: { url: `http://127.0.0.1:${port}/v1/webhooks`, secrets, retryDelaysMs: [500, 1_000, 2_000] } },
      cache: 'none',
    });
    api = await startTestApi(h.client, { port, webhookSecrets: secrets });
  });
  afterAll(async () => {
    await api?.close();
    await h?.close();
  });

  test("the provider's decision completes the onboarding through the webhook alone", async () => {
    const request = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    expect((await api.call('POST', '/v1/onboardings', { role: 'backend', body: request, headers: { 'idempotency-key': randomUUID() } })).status).toBe(201);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    // Delivered, or given up after its 4 attempts (404 unknown-user while ProviderUserId is not set).
    const delivery = await eventually(async () =>
      (await h.admin.webhooks()).find((d) => d.event.userId === waiting.userId && (d.delivered || d.attempts === 4)),
    );
    expect(delivery).toMatchObject({ delivered: true, lastOutcome: 202 });
    expect((await h.client.result(request.reference)).status).toBe('completed');
    const signals = (await messagesInHistory(h.env.client, workflowIdFor(request.reference), 'kycDecision')) as [Record<string, unknown>][];
    expect(signals.map(([s]) => s.deliveryId)).toEqual([delivery.id]);
  });
});
