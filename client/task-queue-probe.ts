import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NoWorkerPolling } from './errors';

/** Workers polling a task queue for workflow tasks, as the server last saw them. */
export async function pollerCount(client: Client, taskQueue: string): Promise<number> {
  const { pollers } = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  return pollers?.length ?? 0;
}

/** Throws NoWorkerPolling unless a worker polls the queue (a worker that is just starting gets 2 s to poll). */
export async function requireWorker(client: Client, taskQueue: string): Promise<void> {
  for (let check = 0; check < 5; check++) {
    if ((await pollerCount(client, taskQueue)) > 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new NoWorkerPolling(taskQueue);
}
