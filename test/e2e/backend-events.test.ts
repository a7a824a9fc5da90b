import { backendEvent, type BackendEvent } from '../../domain/events';
import { verifyWebhook } from '../../webhooks/signature';
import { freePort } from '../support/api-process';
import { eventually, startHarness, type Harness } from '../support/harness';
import { approvedBySupport, awaitedCode, enterAllCodes, reachStep, receivedCode } from '../support/person';
import { startReceiver } from '../support/receiver';
import { eventDeliveryIdFor } from '../../workflows/definitions';
import { soveraRequest, stoknRequest } from '../support/requests';

const secret = 'backend-events-secret-0123456789';

/**
 * The onboarding tells the backend what happened, as signed events with an id and a sequence,
 * in order, each delivered once it is taken; an outage of the backend delays the events, never
 * the onboarding.
 */
describe('backend events from a real onboarding (end to end)', () => {
  let h: Harness;
  let port: number;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  beforeAll(async () => {
    port = await freePort();
    h = await startHarness({ events: { url: `http://127.0.0.1:${port}/events`, secret, timeoutMs: 2_000 } });
  });
  afterAll(async () => {
    await receiver?.close();
    await h?.close();
  });

  const up = async () => (receiver ??= await startReceiver({ port }));
  const down = async () => {
    await receiver?.close();
    receiver = undefined;
  };
  /** The events the receiver took for one onboarding, checked against their signature and schema. */
  function eventsOf(reference: string): BackendEvent[] {
    const all = receiver!.received.filter((r) => r.path === '/events');
    for (const r of all) expect(verifyWebhook({ secrets: [secret], headers: r.headers, rawBody: r.body, toleranceSeconds: 300 })).toMatchObject({ ok: true });
    return all.map((r) => backendEvent.parse(JSON.parse(r.body.toString()))).filter((e) => e.reference === reference);
  }

  /** The reference's events once `count` of them arrived (the last ones may follow the outcome by a moment). */
  const delivered = (reference: string, count: number) =>
    eventually(
      async () => {
        const events = eventsOf(reference);
        return events.length >= count ? events : undefined;
      },
      60_000,
      `${count} events of ${reference}`,
    );

  test('a Stokn onboarding: the code is awaited, KYC is pending, it completed; in order, ids only', async () => {
    await up();
    const request = stoknRequest();
    await h.client.start(request);
    await enterAllCodes(h, 'stokn', request.reference);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.decideKyc('stokn', waiting.userId!, 'VERIFIED');
    const outcome = await h.client.result(request.reference);
    expect(outcome.status).toBe('completed');
    const events = await delivered(request.reference, 3);
    expect(events.map((e) => [e.sequence, e.type])).toEqual([
      [1, 'onboarding.otp_required'],
      [2, 'onboarding.kyc_pending'],
      [3, 'onboarding.completed'],
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    expect(events[0].data).toMatchObject({ userId: waiting.userId, channel: 'sms' });
    expect(events[2].data).toMatchObject({ userId: waiting.userId, holderKind: 'portfolio' });
    // Ids only: no email, phone or code in what the backend receives.
    const raw = receiver!.received.map((r) => r.body.toString()).join('\n');
    for (const plain of [request.person.email, request.person.phone]) expect(raw).not.toContain(plain);
  });

  test('the backend is down: the outcome is final at once, a failed reference starts again at once, and every event arrives in order, once, when it is back', async () => {
    await down();
    const request = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    await approvedBySupport(h, 'sovera', request.reference);
    // The run ends with its steps: result() answers while the backend is still away.
    expect((await h.client.result(request.reference)).status).toBe('completed');

    const failing = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(failing);
    await reachStep(h, failing.reference, 'awaiting-kyc');
    await h.client.decideKyc(failing.reference, { decision: 'REJECTED', reason: 'blurred document', decidedBy: 'support-1' });
    expect(await h.client.result(failing.reference)).toMatchObject({ status: 'failed', type: 'KycRejected' });
    const again = await h.client.start({ ...failing, wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    expect(again.created).toBe(true);
    await reachStep(h, failing.reference, 'awaiting-kyc');
    await h.client.cancel(failing.reference);
    await h.client.result(failing.reference);

    // Their events are still being retried, by the reference's delivery, which outlives the runs.
    await eventually(async () => {
      const pending = (await h.env.client.workflow.getHandle(eventDeliveryIdFor(request.reference)).describe()).raw.pendingActivities ?? [];
      return pending.some((a) => a.activityType?.name === 'deliverEvent' && (a.attempt ?? 0) >= 2) ? true : undefined;
    });
    await up();
    const completed = await delivered(request.reference, 2);
    expect(completed.map((e) => [e.sequence, e.type])).toEqual([
      [1, 'onboarding.kyc_pending'],
      [2, 'onboarding.completed'],
    ]);
    // Both runs of the restarted reference, in the order they happened, each id once.
    const both = await delivered(failing.reference, 4);
    expect(both.map((e) => [e.sequence, e.type])).toEqual([
      [1, 'onboarding.kyc_pending'],
      [2, 'onboarding.failed'],
      [1, 'onboarding.kyc_pending'],
      [2, 'onboarding.failed'],
    ]);
    expect(both.map((e) => (e.type === 'onboarding.failed' ? e.data.failureType : ''))).toEqual(['', 'KycRejected', '', 'OnboardingCancelled']);
    expect(new Set([...completed, ...both].map((e) => e.id)).size).toBe(6);
  });

  test('an event the backend refuses (4xx) is given up and shown to operators, and the next one still goes', async () => {
    await down();
    receiver = await startReceiver({ port, answers: [422] });
    const request = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    await reachStep(h, request.reference, 'awaiting-kyc');
    // Operators find it by the search attribute (the Web UI's filter), and the metric onboarding_backend_events_given_up.
    const query = `WorkflowId = '${eventDeliveryIdFor(request.reference)}' AND BackendEventDelivery = 'refused'`;
    await eventually(async () => ((await h.env.client.workflow.count(query)).count === 1 ? true : undefined), 30_000, 'the delivery listed as refused');
    await approvedBySupport(h, 'sovera', request.reference);
    expect((await h.client.result(request.reference)).status).toBe('completed');
    const events = await delivered(request.reference, 2);
    // Received twice over HTTP: the refused kyc_pending, then completed.
    expect(events.map((e) => e.type)).toEqual(['onboarding.kyc_pending', 'onboarding.completed']);
  });

  test('a rejected KYC and a cancelled onboarding each end with onboarding.failed and its type', async () => {
    await up();
    const rejected = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(rejected);
    await reachStep(h, rejected.reference, 'awaiting-kyc');
    await h.client.decideKyc(rejected.reference, { decision: 'REJECTED', reason: 'document forged', decidedBy: 'support-2' });
    expect(await h.client.result(rejected.reference)).toMatchObject({ status: 'failed', type: 'KycRejected' });

    const cancelled = stoknRequest();
    await h.client.start(cancelled);
    const asked = await awaitedCode(h, cancelled.reference, 'sms');
    await receivedCode(h, 'stokn', asked.userId!, 'sms');
    await h.client.cancel(cancelled.reference, { id: 'support-3', role: 'support' });
    await h.client.result(cancelled.reference);

    expect((await delivered(rejected.reference, 2)).at(-1)).toMatchObject({ type: 'onboarding.failed', data: { failureType: 'KycRejected' } });
    const cancelledEvents = await delivered(cancelled.reference, 2);
    expect(cancelledEvents.map((e) => e.type)).toEqual(['onboarding.otp_required', 'onboarding.failed']);
    expect(cancelledEvents.at(-1)).toMatchObject({ data: { failureType: 'OnboardingCancelled' } });
  });
});
