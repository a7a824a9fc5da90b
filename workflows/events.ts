import { CancellationScope, condition, log, proxyActivities, uuid4 } from '@temporalio/workflow';
import type { OnboardingActivities } from '../activities/onboarding-activities';
import { eventDeliveryRetry, type BackendEvent } from '../domain/events';
import { describeFailure } from './failures';
import type { OnboardingRun } from './run';

/** An event as a step raises it; the outbox gives it its id, sequence and time. */
type Draft = { [T in BackendEvent['type']]: { type: T; data: Extract<BackendEvent, { type: T }>['data'] } }[BackendEvent['type']];

/**
 * Events to the backend (`onboarding.otp_required`, `kyc_pending`, `completed`, `failed`), in the
 * order they happened. Since 'events-outlive-run' each is handed over to the reference's event
 * delivery (workflows/event-delivery.ts), which delivers them whatever becomes of this run: the
 * onboarding's outcome never waits for the backend. Before, the run delivered them itself and
 * waited (up to three days) before it ended. The outbox is part of the state, so a continue-as-new
 * or a worker restart hands over what was not, under the same id.
 */
const backend = proxyActivities<OnboardingActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '3 days',
  retry: eventDeliveryRetry,
});

/** A hand-over needs only Temporal: retried until it is taken, never given up. */
const delivery = proxyActivities<OnboardingActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
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
 * Empties the outbox for as long as the run lives. It runs apart from cancellation: the `failed`
 * event of a cancelled onboarding still goes out.
 */
export function deliverEvents(run: OnboardingRun): void {
  const outbox = run.state.events;
  if (!outbox) return;
  void CancellationScope.nonCancellable(async () => {
    for (;;) {
      await condition(() => outbox.pending.length > 0);
      const event = outbox.pending[0];
      if (run.patched('events-outlive-run')) {
        await delivery.handOffEvent(event);
        outbox.pending.shift();
        continue;
      }
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

/** Before the run ends: every raised event handed over (delivered or given up, before 'events-outlive-run'). */
export async function eventsDelivered(run: OnboardingRun): Promise<void> {
  const outbox = run.state.events;
  if (!outbox || outbox.pending.length === 0) return;
  await CancellationScope.nonCancellable(() => condition(() => outbox.pending.length === 0));
}
