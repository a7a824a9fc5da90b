import { setTimeout as sleep } from 'node:timers/promises';
import { Runtime } from '@temporalio/worker';
import { temporalConfigFrom, temporalConnectionOptions } from '../config/temporal';
import { createLogger, SdkLogger } from '../observability/logger';
import { connectWithRetry } from '../workers/connect';
import { workerDeploymentFrom } from '../workers/deployment';
import { workerSettingsFrom } from '../workers/settings';

/** Refusals that mean "its workers have not polled yet" (gRPC NOT_FOUND 5, FAILED_PRECONDITION 9): worth waiting for. */
const notYetPolled = new Set<number>([5, 9]);

/**
 * `node dist/cmd/set-current-version.js`: the deploy step after the new workers are up. Makes this
 * build's Worker Deployment version (dist/build-id, or ONBOARDING_BUILD_ID) current: new
 * onboardings start on it, and parked ones move to it at their next continue-as-new. The server
 * refuses a version none of whose workers has polled yet, so it retries until they have, up to
 * ONBOARDING_CONNECT_TIMEOUT_SECONDS. Rolling back is the Temporal CLI's
 * `temporal worker deployment set-current-version` with the previous build id (docs/operations.md).
 */
async function main(): Promise<void> {
  const settings = workerSettingsFrom();
  const logger = createLogger(settings.logLevel);
  Runtime.install({ logger: new SdkLogger(logger) });
  const { deploymentName, buildId } = workerDeploymentFrom();
  const temporal = temporalConfigFrom();
  const connection = await connectWithRetry(temporalConnectionOptions(temporal), settings.connectTimeoutMs, logger);
  try {
    const until = Date.now() + settings.connectTimeoutMs;
    for (;;) {
      try {
        await connection.workflowService.setWorkerDeploymentCurrentVersion({
          namespace: temporal.namespace,
          deploymentName,
          buildId,
          identity: 'set-current-version',
        });
        break;
      } catch (err) {
        const code = (err as { code?: number }).code;
        if (code === undefined || !notYetPolled.has(code) || Date.now() > until) throw err;
        logger.info({ deploymentName, buildId }, 'version not polled by its workers yet; retrying');
        await sleep(1_000);
      }
    }
    logger.info({ deploymentName, buildId }, `current version: ${deploymentName}.${buildId}`);
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(
    JSON.stringify({
      level: 'error',
      time: new Date().toISOString(),
      msg: `setting the current version failed: ${err instanceof Error ? err.message : String(err)}`,
    }),
  );
  process.exit(1);
});
