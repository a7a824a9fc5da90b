import { temporal } from '@temporalio/proto';
import type { Client } from '@temporalio/client';

/** The workflow's history exactly as the server stores it (payloads still encoded). */
export async function storedHistory(client: Client, workflowId: string): Promise<Buffer> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return Buffer.from(temporal.api.history.v1.History.encode(history).finish());
}

/** The decoded arguments of every signal or accepted update `name` in a workflow's history, in order. */
export async function messagesInHistory(client: Client, workflowId: string, name: string): Promise<unknown[]> {
  const { dataConverter } = await import('../../codec/data-converter');
  const { defaultPayloadConverter } = await import('@temporalio/common');
  const codecs = dataConverter().payloadCodecs ?? [];
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const found: unknown[] = [];
  for (const event of history.events ?? []) {
    const signal = event.workflowExecutionSignaledEventAttributes;
    const update = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
    const payloads =
      signal?.signalName === name ? signal.input?.payloads : update?.input?.name === name ? update.input?.args?.payloads : undefined;
    if (!payloads) continue;
    let decoded = payloads as Parameters<typeof defaultPayloadConverter.fromPayload>[0][];
    for (const codec of [...codecs].reverse()) decoded = await codec.decode(decoded);
    found.push(decoded.map((p) => defaultPayloadConverter.fromPayload(p)));
  }
  return found;
}
