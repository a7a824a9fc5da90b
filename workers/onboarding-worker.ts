import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities/onboarding-activities';
import type { BackendEventsConfig } from '../activities/event-delivery';
import { dataConverter } from '../codec/data-converter';
import { noTracing, type Tracing } from '../observability/tracing';
import type { Adapters } from '../providers/registry';
import { workflowInterceptorModules, workflowsPath } from './workflow-bundle';

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
}

/** The sinks the workflow bundle calls (its tracing interceptors export spans through `exporter`); replay workers need them too. */
export function workflowSinks(tracing: Pick<Tracing, 'resource' | 'spanProcessor'> = noTracing) {
  return { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) };
}

/** The onboarding worker: workflows and activities on one task queue, payloads encrypted, traced. */
export function createOnboardingWorker(options: OnboardingWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    // A prebuilt bundle already holds the workflow interceptors (workers/workflow-bundle.ts).
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    activities: createActivities(options.adapters, options.events),
    dataConverter: dataConverter(),
    interceptors: {
      ...(options.workflowBundle ? {} : { workflowModules: workflowInterceptorModules }),
      activity: [
        (ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) }),
      ],
    },
    sinks: workflowSinks(options.tracing),
    // In-flight activities finish (or heartbeat out) before the process stops.
    shutdownGraceTime: options.shutdownGraceTime ?? '10 seconds',
  });
}
