import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;
const { EventType } = temporal.api.enums.v1;

/**
 * The history as it is when a worker loses a run while its local activity runs (evicted, or
 * killed): the commands up to the local activity's marker (`afterEventId`) close one workflow
 * task, and the code after it records its commands in the next one. Every later event id, and
 * every reference to one, moves by the three events inserted.
 */
export function splitWorkflowTaskAfter(history: History, afterEventId: number): History {
  type Event = temporal.api.history.v1.IHistoryEvent & { eventId?: number };
  const events: Event[] = temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.fromObject(history), { longs: Number }).events ?? [];
  const at = events.findIndex((e) => e.eventId === afterEventId);
  const completion = [...events.slice(0, at)].reverse().find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  const started = events.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  const scheduled = events.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  if (at < 0 || !completion || !started || !scheduled) throw new Error(`no local activity's workflow task ends at event ${afterEventId}`);
  const newCompletion = afterEventId + 3;
  const shift = (value: unknown, key: string): unknown => {
    if (Array.isArray(value)) return value.map((v) => shift(v, key));
    if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shift(v, k)]));
    if (typeof value !== 'number' || !/EventId$/i.test(key)) return value;
    if (key === 'workflowTaskCompletedEventId' && value === completion.eventId) return newCompletion;
    return value > afterEventId ? value + 3 : value;
  };
  const time = events[at].eventTime;
  const inserted = [
    { ...scheduled, eventId: afterEventId + 1, eventTime: time },
    {
      ...started,
      eventId: afterEventId + 2,
      eventTime: time,
      workflowTaskStartedEventAttributes: { ...started.workflowTaskStartedEventAttributes, scheduledEventId: afterEventId + 1 },
    },
    {
      ...completion,
      eventId: newCompletion,
      eventTime: time,
      workflowTaskCompletedEventAttributes: {
        ...completion.workflowTaskCompletedEventAttributes,
        scheduledEventId: afterEventId + 1,
        startedEventId: afterEventId + 2,
      },
    },
  ];
  const later = events.slice(at + 1).map((e) => shift(e, '') as typeof e);
  return temporal.api.history.v1.History.fromObject({ events: [...events.slice(0, at + 1), ...inserted, ...later] });
}
