import { Context } from '@temporalio/activity';
import type { BackendEvent } from '../domain/events';
import { backendEventSignal, eventDeliveryIdFor } from '../workflows/definitions';
import type { backendEvents } from '../workflows/event-delivery';

/**
 * Hands one event to its reference's delivery workflow (workflows/event-delivery.ts), starting
 * that workflow when none runs. Milliseconds while Temporal is up, whatever the backend's state;
 * a retry after a lost answer signals the same event again, and the delivery drops it by id.
 */
export async function handOffEvent(event: BackendEvent): Promise<void> {
  const { client, info } = Context.current();
  await client.workflow.signalWithStart<typeof backendEvents, [BackendEvent]>('backendEvents', {
    workflowId: eventDeliveryIdFor(event.reference),
    taskQueue: info.taskQueue,
    args: [],
    signal: backendEventSignal,
    signalArgs: [event],
  });
}
