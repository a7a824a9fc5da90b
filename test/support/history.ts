import { temporal } from '@temporalio/proto';
import { eventually } from './harness';
import type { Client } from '@temporalio/client';

/** The workflow's history exactly as the server stores it (payloads still encoded). */
export async function storedHistory(client: Client, workflowId: string): Promise<Buffer> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return Buffer.from(temporal.api.history.v1.History.encode(history).finish());
}

/**
 * Waits until the history holds a completed activity of this type: a step the workflow has
 * certainly taken, so a test can act after it without betting on timing.
 */
export async function activityCompleted(client: Client, workflowId: string, activityType: string, timeoutMs = 30_000): Promise<number> {
  return eventually(
    async () => {
      const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
      const scheduled = new Set(
        events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activityType).map((e) => Number(e.eventId)),
      );
      const done = events.filter((e) => scheduled.has(Number(e.activityTaskCompletedEventAttributes?.scheduledEventId ?? -1))).length;
      return done > 0 ? done : undefined;
    },
    timeoutMs,
    `a completed ${activityType} in ${workflowId}`,
  );
}

/** The histories of every run of a workflow, first to last, following its continue-as-new chain. */
export async function allRuns(client: Client, workflowId: string, firstRunId: string): Promise<temporal.api.history.v1.IHistoryEvent[][]> {
  const runs: temporal.api.history.v1.IHistoryEvent[][] = [];
  for (let runId: string | undefined = firstRunId; runId;) {
    const events: temporal.api.history.v1.IHistoryEvent[] = (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    runs.push(events);
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}

/** Payloads as stored, decoded with the project's data converter (its codecs, last to first) to values. */
export async function decodedPayloads(payloads: temporal.api.common.v1.IPayload[]): Promise<unknown[]> {
  const { dataConverter } = await import('../../codec/data-converter');
  const { defaultPayloadConverter } = await import('@temporalio/common');
  let decoded = payloads as Parameters<typeof defaultPayloadConverter.fromPayload>[0][];
  for (const codec of [...(dataConverter().payloadCodecs ?? [])].reverse()) decoded = await codec.decode(decoded);
  return decoded.map((p) => defaultPayloadConverter.fromPayload(p));
}

/** The decoded arguments of every signal or accepted update `name` in a workflow's history, in order. */
export async function messagesInHistory(client: Client, workflowId: string, name: string): Promise<unknown[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const found: unknown[] = [];
  for (const event of history.events ?? []) {
    const signal = event.workflowExecutionSignaledEventAttributes;
    const update = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
    const payloads = signal?.signalName === name ? signal.input?.payloads : update?.input?.name === name ? update.input?.args?.payloads : undefined;
    if (payloads) found.push(await decodedPayloads(payloads));
  }
  return found;
}
