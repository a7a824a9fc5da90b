import type { temporal } from '@temporalio/proto';

type Event = temporal.api.history.v1.IHistoryEvent;

/** What a workflow's history says about where its time went (server clock, ms with sub-ms precision). */
export interface Timeline {
  startedAt: number;
  closedAt?: number;
  events: number;
  activities: ActivitySpan[];
  workflowTasks: WorkflowTaskSpan[];
  localActivities: number;
  /** `patched()` calls recorded in this history. */
  patchMarkers: number;
  searchAttributeUpserts: number;
  /** Signals and accepted updates, each with the first activity scheduled after it. */
  messages: { kind: 'signal' | 'update'; name: string; at: number; nextActivity?: ActivitySpan }[];
}

export interface WorkflowTaskSpan {
  scheduledAt: number;
  startedAt?: number;
  completedAt?: number;
}

export interface ActivitySpan {
  name: string;
  scheduledAt: number;
  startedAt?: number;
  closedAt?: number;
}

export function eventTime(event: Event): number {
  const t = event.eventTime!;
  return Number(t.seconds ?? 0) * 1000 + (t.nanos ?? 0) / 1e6;
}

export function timelineOf(history: temporal.api.history.v1.IHistory): Timeline {
  const events = history.events ?? [];
  const byId = new Map<number, ActivitySpan>();
  const wfts = new Map<number, WorkflowTaskSpan>();
  const tl: Timeline = {
    startedAt: eventTime(events[0]),
    events: events.length,
    activities: [],
    workflowTasks: [],
    localActivities: 0,
    patchMarkers: 0,
    searchAttributeUpserts: 0,
    messages: [],
  };
  const awaitingActivity: Timeline['messages'] = [];
  for (const e of events) {
    const at = eventTime(e);
    const id = Number(e.eventId);
    if (e.activityTaskScheduledEventAttributes) {
      const span = { name: e.activityTaskScheduledEventAttributes.activityType?.name ?? '?', scheduledAt: at };
      byId.set(id, span);
      tl.activities.push(span);
      for (const m of awaitingActivity.splice(0)) m.nextActivity = span;
    } else if (e.activityTaskStartedEventAttributes) {
      byId.get(Number(e.activityTaskStartedEventAttributes.scheduledEventId))!.startedAt = at;
    } else if (
      e.activityTaskCompletedEventAttributes ||
      e.activityTaskFailedEventAttributes ||
      e.activityTaskTimedOutEventAttributes ||
      e.activityTaskCanceledEventAttributes
    ) {
      const a =
        e.activityTaskCompletedEventAttributes ??
        e.activityTaskFailedEventAttributes ??
        e.activityTaskTimedOutEventAttributes ??
        e.activityTaskCanceledEventAttributes;
      byId.get(Number(a!.scheduledEventId))!.closedAt = at;
    } else if (e.workflowTaskScheduledEventAttributes) {
      const wft: WorkflowTaskSpan = { scheduledAt: at };
      wfts.set(id, wft);
      tl.workflowTasks.push(wft);
    } else if (e.workflowTaskStartedEventAttributes) {
      const wft = wfts.get(Number(e.workflowTaskStartedEventAttributes.scheduledEventId));
      if (wft) wft.startedAt = at;
    } else if (e.workflowTaskCompletedEventAttributes) {
      const wft = wfts.get(Number(e.workflowTaskCompletedEventAttributes.scheduledEventId));
      if (wft) wft.completedAt = at;
    } else if (e.markerRecordedEventAttributes) {
      if (e.markerRecordedEventAttributes.markerName === 'core_patch') tl.patchMarkers++;
      else tl.localActivities++;
    } else if (e.upsertWorkflowSearchAttributesEventAttributes) {
      tl.searchAttributeUpserts++;
    } else if (e.workflowExecutionSignaledEventAttributes) {
      const m = { kind: 'signal' as const, name: e.workflowExecutionSignaledEventAttributes.signalName ?? '?', at };
      tl.messages.push(m);
      awaitingActivity.push(m);
    } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      const name = e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input?.name ?? '?';
      const m = { kind: 'update' as const, name, at };
      tl.messages.push(m);
      awaitingActivity.push(m);
    } else if (
      e.workflowExecutionCompletedEventAttributes ||
      e.workflowExecutionFailedEventAttributes ||
      e.workflowExecutionTerminatedEventAttributes ||
      e.workflowExecutionContinuedAsNewEventAttributes ||
      e.workflowExecutionCanceledEventAttributes ||
      e.workflowExecutionTimedOutEventAttributes
    ) {
      tl.closedAt = at;
    }
  }
  return tl;
}

/** Time spent inside activities (started to closed), summed. */
export function activityTime(tl: Timeline): number {
  return tl.activities.reduce((sum, a) => sum + (a.startedAt !== undefined && a.closedAt !== undefined ? a.closedAt - a.startedAt : 0), 0);
}

/** Scheduled to started, for every activity task and every workflow task of the history. */
export function dispatchDelays(tl: Timeline): { activity: number[]; workflowTask: number[] } {
  return {
    activity: tl.activities.filter((a) => a.startedAt !== undefined).map((a) => a.startedAt! - a.scheduledAt),
    workflowTask: tl.workflowTasks.filter((w) => w.startedAt !== undefined).map((w) => w.startedAt! - w.scheduledAt),
  };
}
