import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { createEventActivities } from '../../activities/event-delivery';
import { dataConverter } from '../../codec/data-converter';
import { backendEvent, type BackendEvent } from '../../domain/events';
import { verifyWebhook } from '../../webhooks/signature';
import { eventually, startHarness, type Harness } from '../support/harness';
import { freePort } from '../support/api-process';
import { startReceiver } from '../support/receiver';

const secret = 'backend-events-secret-0123456789';

/** deliverEvent against a real receiving HTTP server, run by a real worker with Temporal's retries. */
describe('backend events delivery', () => {
  let h: Harness;
  let bundle: { code: string };
  beforeAll(async () => {
    h = await startHarness();
    bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../support/workflows/deliver-events') });
  });
  afterAll(async () => {
    await h?.close();
  });

  function events(reference: string): BackendEvent[] {
    const base = { reference, provider: 'stokn' as const, occurredAt: new Date().toISOString() };
    return [
      { ...base, id: randomUUID(), sequence: 1, type: 'onboarding.otp_required', data: { userId: 'u-1', channel: 'sms', expiresAt: new Date().toISOString() } },
      { ...base, id: randomUUID(), sequence: 2, type: 'onboarding.kyc_pending', data: { userId: 'u-1' } },
      { ...base, id: randomUUID(), sequence: 3, type: 'onboarding.completed', data: { userId: 'u-1', holderKind: 'portfolio', holderId: 'p-1' } },
    ];
  }

  async function withWorker<T>(url: string, run: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `events-${randomUUID()}`;
    const worker = await Worker.create({
      connection: h.env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: createEventActivities({ url, secret, timeoutMs: 2_000 }),
      dataConverter: dataConverter(),
    });
    return worker.runUntil(run(taskQueue));
  }

  test('a receiver that is down, then fails once, then is up: every event arrives signed, in order, each id once', async () => {
    const port = await freePort();
    const sent = events(`evt-${randomUUID()}`);
    await withWorker(`http://127.0.0.1:${port}/onboarding-events`, async (taskQueue) => {
      const handle = await h.env.client.workflow.start('deliverEventsInOrder', { taskQueue, workflowId: `events-${randomUUID()}`, args: [sent] });
      // The receiver is down: the first delivery fails and is retried (seen on the pending activity).
      await eventually(
        async () => {
          const pending = (await handle.describe()).raw.pendingActivities?.[0];
          return pending && (pending.attempt ?? 0) >= 2 && pending.lastFailure?.applicationFailureInfo?.type === 'BackendUnavailable' ? true : undefined;
        },
        30_000,
        'a failed first delivery',
      );
      const receiver = await startReceiver({ port, answers: [503] });
      try {
        await handle.result();
        const bodies = receiver.received.map((r) => JSON.parse(r.body.toString()) as BackendEvent);
        // The first event: 503 once, then taken; the others once each, in order.
        expect(bodies.map((b) => b.sequence)).toEqual([1, 1, 2, 3]);
        expect(bodies.map((b) => b.id)).toEqual([sent[0].id, sent[0].id, sent[1].id, sent[2].id]);
        for (const r of receiver.received) {
          expect(r.path).toBe('/onboarding-events');
          const verified = verifyWebhook({ secrets: [secret], headers: r.headers, rawBody: r.body, toleranceSeconds: 60 });
          expect(verified).toMatchObject({ ok: true, id: JSON.parse(r.body.toString()).id });
          expect(backendEvent.safeParse(JSON.parse(r.body.toString())).success).toBe(true);
        }
      } finally {
        await receiver.close();
      }
    });
  });

  test('a refusal (4xx) is not retried: the failure is typed BackendEventRejected', async () => {
    const receiver = await startReceiver({ answers: [401] });
    try {
      await withWorker(receiver.url, async (taskQueue) => {
        const failure = await h.env.client.workflow
          .execute('deliverEventsInOrder', { taskQueue, workflowId: `events-${randomUUID()}`, args: [events(`evt-${randomUUID()}`)] })
          .catch((err: unknown) => err);
        expect(failure).toBeInstanceOf(WorkflowFailedError);
        const cause = (failure as WorkflowFailedError).cause?.cause;
        expect(cause).toBeInstanceOf(ApplicationFailure);
        expect((cause as ApplicationFailure).type).toBe('BackendEventRejected');
      });
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  test('without a configured backend, events are skipped, not failed', async () => {
    const [event] = events('evt-none');
    await expect(createEventActivities(undefined).deliverEvent(event)).resolves.toEqual({ delivered: false });
  });
});
