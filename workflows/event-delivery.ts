import { allHandlersFinished, condition, log, metricMeter, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { OnboardingActivities } from '../activities/onboarding-activities';
import { eventDeliveryRetry, type BackendEvent } from '../domain/events';
import { continueAsNewDue, continueOnCurrentVersion } from './continue-as-new';
import { backendEventSignal, described } from './definitions';
import { describeFailure, hasType } from './failures';
import { eventDeliveryKey } from './search-attributes';

/**
 * One reference's events on their way to the backend. The onboarding hands each event over (a
 * signal-with-start by the activity handOffEvent) and goes on: its outcome never waits for the
 * backend. This workflow outlives the onboarding's runs, restarts included, and delivers in the
 * order the events were handed over, each under its own id, retried for up to three days.
 */
/** Kept open this long after the last event, so an onboarding's next event finds it running. */
const idleMs = 60_000;
/** Event ids already taken, to drop a hand-off retried after a lost answer. */
const seenMemory = 200;

export interface EventDeliveryState {
  queue: BackendEvent[];
  seen: string[];
  refused: number;
}

const backend = proxyActivities<OnboardingActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '3 days',
  retry: eventDeliveryRetry,
});

export async function backendEvents(carried?: EventDeliveryState): Promise<void> {
  const state: EventDeliveryState = carried ?? { queue: [], seen: [], refused: 0 };
  setHandler(
    backendEventSignal,
    (event) => {
      if (state.seen.includes(event.id)) return;
      state.seen.push(event.id);
      if (state.seen.length > seenMemory) state.seen.splice(0, state.seen.length - seenMemory);
      state.queue.push(event);
    },
    described(backendEventSignal),
  );
  for (;;) {
    if (!(await condition(() => state.queue.length > 0, idleMs, { summary: 'close when no event comes' }))) {
      await condition(allHandlersFinished);
      if (state.queue.length === 0) return;
    }
    await deliver(state, state.queue[0]);
    state.queue.shift();
    if (continueAsNewDue()) {
      await condition(allHandlersFinished);
      await continueOnCurrentVersion<typeof backendEvents>(state);
    }
  }
}

/** A refusal (4xx) or three days of outage: the event is given up, and operators see it (search attribute, metric, log). */
async function deliver(state: EventDeliveryState, event: BackendEvent): Promise<void> {
  try {
    await backend.deliverEvent(event);
  } catch (err) {
    const failure = describeFailure(err).type;
    state.refused++;
    upsertSearchAttributes([{ key: eventDeliveryKey, value: hasType(err, 'BackendEventRejected') ? 'refused' : 'undeliverable' }]);
    metricMeter
      .createCounter('onboarding_backend_events_given_up', 'events', 'Backend events refused (4xx) or undeliverable for days')
      .add(1, { type: event.type, failure });
    log.error('backend event not delivered', { eventId: event.id, type: event.type, reference: event.reference, failure });
  }
}
