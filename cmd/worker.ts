import { Runtime } from '@temporalio/worker';
import { assertProductionReady } from '../config/production';
import { loadCodecKeys, loadSecretsKeys } from '../codec/keys';
import { temporalConfigFrom, temporalConnectionOptions } from '../config/temporal';
import { createLogger } from '../observability/logger';
import { sdkRuntimeOptions } from '../observability/sdk-runtime';
import { tracingFromEnv } from '../observability/tracing';
import { providersConfigFrom } from '../providers/config';
import { createAdapters } from '../providers/registry';
import { backendEventsConfigFrom } from '../activities/event-delivery';
import { connectWithRetry } from '../workers/connect';
import { workerDeploymentFrom } from '../workers/deployment';
import { startHealthServer } from '../workers/health';
import { createOnboardingWorker } from '../workers/onboarding-worker';
import { workerSettingsFrom } from '../workers/settings';
import { prebuiltBundle } from '../workers/workflow-bundle';

/**
 * `node dist/cmd/worker.js` (`npm run worker` from source): runs until SIGINT/SIGTERM, then
 * drains in-flight activities and closes the connection. JSON logs on stdout.
 */
async function main(): Promise<void> {
  assertProductionReady();
  loadCodecKeys(); // before waiting for Temporal: missing or malformed keys stop the start at once
  loadSecretsKeys();
  const settings = workerSettingsFrom();
  const deployment = workerDeploymentFrom();
  const logger = createLogger(settings.logLevel);
  Runtime.install(sdkRuntimeOptions(logger, settings.logLevel, settings.metricsAddress));
  const tracing = tracingFromEnv('onboarding-worker');
  const temporal = temporalConfigFrom();
  // Until the worker exists (it then drains on these signals itself), a stop request ends the wait
  // for Temporal at once, also as PID 1 in a container, where SIGTERM has no default action.
  const stopWaiting = () => process.exit(0);
  process.once('SIGTERM', stopWaiting).once('SIGINT', stopWaiting);
  const connection = await connectWithRetry(temporalConnectionOptions(temporal), settings.connectTimeoutMs, logger);
  try {
    const bundle = prebuiltBundle(tracing !== undefined);
    const events = backendEventsConfigFrom();
    const worker = await createOnboardingWorker({
      connection,
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      adapters: createAdapters(providersConfigFrom()),
      events,
      workflowBundle: bundle,
      tracing,
      deployment,
      tuning: { maxCachedWorkflows: settings.maxCachedWorkflows }, // unset: the SDK's default
    });
    process.off('SIGTERM', stopWaiting).off('SIGINT', stopWaiting);
    const health = settings.healthAddress ? await startHealthServer(settings.healthAddress, worker) : undefined;
    logger.info(
      {
        address: temporal.address,
        namespace: temporal.namespace,
        taskQueue: temporal.taskQueue,
        backendEvents: events ? 'on' : 'off (ONBOARDING_EVENTS_URL unset)',
        maxCachedWorkflows: worker.options.maxCachedWorkflows,
        deployment: `${deployment.deploymentName}.${deployment.buildId}`,
        versioning: deployment.versioning ? 'on (pinned; current once deployed: node dist/cmd/set-current-version.js)' : 'off',
      },
      bundle ? 'onboarding worker running (prebuilt workflow bundle)' : 'onboarding worker running (workflows bundled from source)',
    );
    await worker.run(); // the SDK shuts down gracefully on SIGINT/SIGTERM
    health?.close();
    logger.info('onboarding worker stopped');
  } finally {
    await connection.close();
    await tracing?.shutdown();
  }
}

main().catch((err: unknown) => {
  console.error(JSON.stringify({ level: 'error', time: new Date().toISOString(), msg: err instanceof Error ? err.message : String(err) }));
  process.exit(1);
});
