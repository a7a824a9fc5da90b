import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { createActivities } from '../activities/onboarding-activities';
import { dataConverter } from '../codec/data-converter';
import type { Adapters } from '../providers/registry';

export interface OnboardingWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  adapters: Adapters;
  /** A prebuilt bundle (tests, production); without it the workflows are bundled from source. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** Overrides of `workerTuning`, one at a time, for the bench's measurements. */
  tuning?: WorkerTuning;
  /** The bench measures the codec's cost by replacing it; everything else uses the project's. */
  dataConverter?: DataConverter;
}

/** The settings that decide how fast a worker goes: pollers, cache, slots, threads. */
export type WorkerTuning = Partial<
  Pick<
    WorkerOptions,
    | 'maxCachedWorkflows'
    | 'maxConcurrentWorkflowTaskExecutions'
    | 'maxConcurrentActivityTaskExecutions'
    | 'maxConcurrentLocalActivityExecutions'
    | 'workflowTaskPollerBehavior'
    | 'activityTaskPollerBehavior'
    | 'nonStickyToStickyPollRatio'
    | 'reuseV8Context'
    | 'workflowThreadPoolSize'
  >
>;

/** Every worker of the project runs with these (and the bench's Temporal floor too, to compare like with like). */
export const workerTuning: WorkerTuning = {};

export const workflowsPath = require.resolve('../workflows');

/** The onboarding worker: workflows and activities on one task queue, payloads encrypted. */
export function createOnboardingWorker(options: OnboardingWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    activities: createActivities(options.adapters),
    dataConverter: options.dataConverter ?? dataConverter(),
    // In-flight activities finish (or heartbeat out) before the process stops.
    shutdownGraceTime: options.shutdownGraceTime ?? '10 seconds',
    ...workerTuning,
    ...options.tuning,
  });
}
