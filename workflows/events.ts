import { CancellationScope, condition, log, proxyActivities, uuid4 } from '@temporalio/workflow';
import type { OnboardingActivities } from '../activities/onboarding-activities';
import { eventDeliveryRetry, type BackendEvent } from '../domain/events';
import { describeFailure } from './failures';
import type { OnboardingRun } from './run';

/** An event as a step raises it; the outbox gives it its id, sequence and time. */
type Draft = { [T in BackendEvent['type']]: { type: T; data: Extract<BackendEvent, { type: T }>['data'] } }[BackendEvent['type']];

/**
 * Events to the backend (`onboarding.otp_required`, `kyc_pending`, `completed`, `failed`), sent
 * one at a time in the order they happened, each retried until the backend takes it (for up to
 * three days). The outbox is part of the state, so a continue-as-new or a worker restart resends
 * what was not confirmed, under the same id: the backend deduplicates by id and orders by sequence.
 */
const backend = proxyActivities<OnboardingActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '3 days',
  retry: eventDeliveryRetry,
});

export function raise(run: OnboardingRun, draft: Draft): void {
  const outbox = run.state.events;
  if (!outbox) return;
  outbox.sequence++;
  outbox.pending.push({
    ...draft,
    id: uuid4(),
    reference: run.input.reference,
    provider: run.input.provider,
    sequence: outbox.sequence,
    occurredAt: new Date(Date.now()).toISOString(),
  } as BackendEvent);
}

/**
 * Delivers the outbox for as long as the run lives. It runs apart from cancellation: the
 * `failed` event of a cancelled onboarding still goes out.
 */
export function deliverEvents(run: OnboardingRun): void {
  const outbox = run.state.events;
  if (!outbox) return;
  void CancellationScope.nonCancellable(async () => {
    for (;;) {
      await condition(() => outbox.pending.length > 0);
      const event = outbox.pending[0];
      try {
        await backend.deliverEvent(event);
      } catch (err) {
        // Refused by the backend (a wrong secret, a URL gone) or undeliverable for days: logged, not retried.
        log.error('backend event not delivered', { eventId: event.id, type: event.type, failure: describeFailure(err).type });
      }
      outbox.pending.shift();
    }
  });
}

/** Waits until every raised event has been delivered (or given up), before the run ends. */
export async function eventsDelivered(run: OnboardingRun): Promise<void> {
  const outbox = run.state.events;
  if (!outbox || outbox.pending.length === 0) return;
  await CancellationScope.nonCancellable(() => condition(() => outbox.pending.length === 0));
}
