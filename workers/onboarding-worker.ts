import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { createActivities } from '../activities/onboarding-activities';
import type { BackendEventsConfig } from '../activities/event-delivery';
import { dataConverter } from '../codec/data-converter';
import { noTracing, type Tracing } from '../observability/tracing';
import { runsSink } from '../observability/workflow-runs';
import type { Adapters } from '../providers/registry';
import { workerDeploymentOptions, type WorkerDeployment } from './deployment';
import { workflowBundleOptions } from './workflow-bundle';

export interface OnboardingWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  adapters: Adapters;
  /** A prebuilt bundle (`npm run build`, tests); without it the workflows are bundled from source. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** Where spans go; without it they are dropped (the interceptors still pass the context on). */
  tracing?: Pick<Tracing, 'resource' | 'spanProcessor'>;
  /** The backend's event endpoint (ONBOARDING_EVENTS_URL); without it onboardings send no events. */
  events?: BackendEventsConfig;
  /** Overrides of `workerTuning`: the worker process's own settings (workers/settings.ts), or one lever at a time in the bench. */
  tuning?: WorkerTuning;
  /** The bench measures the codec's cost by replacing it; everything else uses the project's. */
  dataConverter?: DataConverter;
  /** Its Worker Deployment version (workers/deployment.ts); without it, the SDK's default build id and no versioning. */
  deployment?: WorkerDeployment;
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

/** The sinks the workflow bundle calls (tracing interceptors export spans through `exporter`, `runs` names each run); replay workers need them too. */
export function workflowSinks(tracing: Pick<Tracing, 'resource' | 'spanProcessor'> = noTracing) {
  return { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource), ...runsSink() };
}

/** The onboarding worker: workflows and activities on one task queue, payloads encrypted, traced when tracing is on. */
export function createOnboardingWorker(options: OnboardingWorkerOptions): Promise<Worker> {
  const bundling = workflowBundleOptions(options.tracing !== undefined);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    // A prebuilt bundle already holds its workflow interceptors and preloads (workers/workflow-bundle.ts).
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: bundling.workflowsPath, bundlerOptions: { preloadModules: bundling.preloadModules } }),
    activities: createActivities(options.adapters, options.events),
    dataConverter: options.dataConverter ?? dataConverter(),
    interceptors: {
      ...(options.workflowBundle ? {} : { workflowModules: bundling.workflowInterceptorModules }),
      activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
    },
    sinks: workflowSinks(options.tracing),
    ...(options.deployment ? { workerDeploymentOptions: workerDeploymentOptions(options.deployment) } : {}),
    // In-flight activities finish (or heartbeat out) before the process stops.
    shutdownGraceTime: options.shutdownGraceTime ?? '10 seconds',
    ...workerTuning,
    ...options.tuning,
  });
}
