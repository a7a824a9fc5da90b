import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

type Event = temporal.api.history.v1.IHistoryEvent;

/**
 * The events of a workflow as the server writes them, batch by batch (a long poll on its
 * history): how the bench learns that an onboarding waits for a code or has parked on KYC
 * without asking the worker anything. Ends when the workflow closes.
 */
export async function* followHistory(service: Client['workflowService'], namespace: string, workflowId: string): AsyncGenerator<Event[]> {
  let nextPageToken: Uint8Array | undefined;
  for (;;) {
    const page = await service.getWorkflowExecutionHistory({
      namespace,
      execution: { workflowId },
      nextPageToken,
      waitNewEvent: true,
    });
    const events = page.history?.events ?? [];
    if (events.length > 0) yield events;
    if (!page.nextPageToken || page.nextPageToken.length === 0) return;
    nextPageToken = page.nextPageToken;
  }
}

/** What the workflow is doing after a batch of events: which activities and workflow task are open. */
export class Progress {
  private readonly open = new Map<string, string>();
  private workflowTaskOpen = true;
  lastClosedActivity?: string;
  closed = false;

  apply(events: Event[]): void {
    for (const e of events) {
      const id = String(e.eventId);
      if (e.activityTaskScheduledEventAttributes) this.open.set(id, e.activityTaskScheduledEventAttributes.activityType?.name ?? '?');
      const done =
        e.activityTaskCompletedEventAttributes ??
        e.activityTaskFailedEventAttributes ??
        e.activityTaskTimedOutEventAttributes ??
        e.activityTaskCanceledEventAttributes;
      if (done) {
        const key = String(done.scheduledEventId);
        this.lastClosedActivity = this.open.get(key);
        this.open.delete(key);
      }
      if (e.workflowTaskScheduledEventAttributes) this.workflowTaskOpen = true;
      if (e.workflowTaskCompletedEventAttributes || e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes) this.workflowTaskOpen = false;
      if (
        e.workflowExecutionCompletedEventAttributes ||
        e.workflowExecutionFailedEventAttributes ||
        e.workflowExecutionTerminatedEventAttributes ||
        e.workflowExecutionCanceledEventAttributes ||
        e.workflowExecutionTimedOutEventAttributes ||
        e.workflowExecutionContinuedAsNewEventAttributes
      ) {
        this.closed = true;
      }
    }
  }

  /** Nothing runs and nothing is about to: the workflow waits for a message or a timer. */
  get idle(): boolean {
    return !this.closed && !this.workflowTaskOpen && this.open.size === 0;
  }
}
