import { temporal } from '@temporalio/proto';
import type { Client } from '@temporalio/client';

/** The workflow's history exactly as the server stores it (payloads still encoded). */
export async function storedHistory(client: Client, workflowId: string): Promise<Buffer> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return Buffer.from(temporal.api.history.v1.History.encode(history).finish());
}
