import { existsSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type Logger } from '@temporalio/worker';

export const workflowsPath = require.resolve('../workflows');

/** Workflow-side interceptors every bundle carries: tracing (spans leave through the `exporter` sink). */
export const workflowInterceptorModules = [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')];

/** Where `npm run build` writes the bundle: dist/workflow-bundle.js, next to the compiled workers/. */
export const prebuiltBundlePath = path.resolve(__dirname, '..', 'workflow-bundle.js');

/** The workflow code as the worker runs it (webpack; seconds, so done once at build time). */
export async function bundleWorkflows(logger?: Logger): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules, logger });
  return code;
}

/** The bundle built by `npm run build`, when this code runs from dist/ and it is there. */
export function prebuiltBundle(): { codePath: string } | undefined {
  return existsSync(prebuiltBundlePath) ? { codePath: prebuiltBundlePath } : undefined;
}
