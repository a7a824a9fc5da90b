import type { WorkflowInfo } from '@temporalio/workflow';

/**
 * Which workflow each run belongs to, as this worker last saw it start or replay. Core reports a
 * failed workflow task with its run id alone; the log line an operator acts on names the
 * onboarding (observability/logger.ts). Bounded: the oldest runs are forgotten first.
 */
export class RunRegistry {
  private readonly workflowIds = new Map<string, string>();

  constructor(private readonly limit = 10_000) {}

  remember(runId: string, workflowId: string): void {
    this.workflowIds.delete(runId);
    this.workflowIds.set(runId, workflowId);
    if (this.workflowIds.size > this.limit) this.workflowIds.delete(this.workflowIds.keys().next().value!);
  }

  workflowIdOf(runId: string): string | undefined {
    return this.workflowIds.get(runId);
  }
}

/** One per process, like the SDK's Runtime whose logger reads it. */
export const runRegistry = new RunRegistry();

/** The sink the workflow bundle calls when a workflow starts or replays from its first event (workflows' interceptor in observability/workflow-run-interceptor.ts). */
export function runsSink(registry = runRegistry) {
  return { runs: { started: { fn: (info: WorkflowInfo) => registry.remember(info.runId, info.workflowId), callDuringReplay: true } } };
}
