import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
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
}

export const workflowsPath = require.resolve('../workflows');

/** The onboarding worker: workflows and activities on one task queue, payloads encrypted. */
export function createOnboardingWorker(options: OnboardingWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    activities: createActivities(options.adapters),
    dataConverter: dataConverter(),
    // In-flight activities finish (or heartbeat out) before the process stops.
    shutdownGraceTime: options.shutdownGraceTime ?? '10 seconds',
  });
}
