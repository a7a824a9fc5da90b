import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/**
 * Workflow side of observability/workflow-runs.ts: tells the worker which workflow a run is, each
 * time the workflow function starts (first run or a replay after a cache miss). No command, so
 * no effect on determinism.
 */
export interface RunSinks extends Sinks {
  runs: { started(): void };
}

const { runs } = proxySinks<RunSinks>();

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      execute(input, next) {
        runs.started();
        return next(input);
      },
    },
  ],
});
