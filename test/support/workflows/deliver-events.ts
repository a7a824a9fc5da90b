import { proxyActivities } from '@temporalio/workflow';
import type { createEventActivities } from '../../../activities/event-delivery';
import { eventDeliveryRetry, type BackendEvent } from '../../../domain/events';

/**
 * A test-only workflow that delivers events in order, as the onboarding will: each waits for the
 * one before it, retried with the project's policy (shorter intervals, so the test is quick).
 */
const { deliverEvent } = proxyActivities<ReturnType<typeof createEventActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { ...eventDeliveryRetry, initialInterval: '200 milliseconds', maximumInterval: '1 second' },
});

export async function deliverEventsInOrder(events: BackendEvent[]): Promise<void> {
  for (const event of events) await deliverEvent(event);
}
