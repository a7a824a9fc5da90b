import { existsSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type BundleOptions, type Logger } from '@temporalio/worker';

export const workflowsPath = require.resolve('../workflows');

/**
 * Workflow-side tracing interceptors (spans leave through the `exporter` sink). Bundled only for
 * a worker that exports traces: they hold about 0.4 MB of heap in every cached workflow
 * (measured with `npm run bench -- --measures p5`), which a worker without an OTLP endpoint
 * would pay for nothing. Activity and client spans do not depend on them.
 */
export const workflowInterceptorModules = [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')];

/** In every bundle: tells the worker which workflow each run is, for the log line of a failed workflow task. */
const runInterceptorModule = require.resolve('../observability/workflow-run-interceptor');
/** In every bundle: the Web UI's summary of each activity (workflows/activity-summaries.ts). */
const summariesInterceptorModule = require.resolve('../workflows/activity-summaries');

/**
 * Modules loaded once per worker and shared, frozen, by every cached workflow, instead of once
 * per workflow: zod and the domain modules the workflow imports (with what they import), which
 * hold only constants and pure functions; a workflow that tried to change one would fail its
 * task, loudly. The message schemas are builders for that reason (domain/message-schemas.ts).
 * Workflow modules (./workflows) are never shared: they are the per-workflow code.
 * Measured with `npm run bench -- --measures p5`: about 0.2 MB of heap per cached onboarding,
 * against 1.3 MB with every module instantiated in each workflow.
 */
export const workflowPreloadModules = [
  'zod',
  ...['message-schemas', 'events', 'failures', 'providers', 'provider-calls', 'call-inputs', 'restart'].map((m) => require.resolve(`../domain/${m}`)),
];

/** How the workflows are bundled: with the tracing interceptors or without. */
export function workflowBundleOptions(traced: boolean): Pick<BundleOptions, 'workflowsPath' | 'workflowInterceptorModules' | 'preloadModules'> {
  return {
    workflowsPath,
    workflowInterceptorModules: [runInterceptorModule, summariesInterceptorModule, ...(traced ? workflowInterceptorModules : [])],
    preloadModules: workflowPreloadModules,
  };
}

/** Where `npm run build` writes the bundles, next to the compiled workers/: dist/workflow-bundle.js and dist/workflow-bundle-traced.js. */
export function prebuiltBundlePath(traced: boolean): string {
  return path.resolve(__dirname, '..', traced ? 'workflow-bundle-traced.js' : 'workflow-bundle.js');
}

/** The workflow code as the worker runs it (webpack; seconds, so done once at build time). */
export async function bundleWorkflows(options: { traced: boolean; logger?: Logger }): Promise<string> {
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(options.traced), logger: options.logger });
  return code;
}

/** The bundle built by `npm run build`, when this code runs from dist/ and it is there. */
export function prebuiltBundle(traced: boolean): { codePath: string } | undefined {
  const codePath = prebuiltBundlePath(traced);
  return existsSync(codePath) ? { codePath } : undefined;
}
