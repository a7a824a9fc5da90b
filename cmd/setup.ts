import { Runtime } from '@temporalio/worker';
import { z } from 'zod';
import { temporalConfigFrom, temporalConnectionOptions } from '../config/temporal';
import { createLogger, SdkLogger } from '../observability/logger';
import { connectWithRetry } from '../workers/connect';
import { workerSettingsFrom } from '../workers/settings';
import { searchAttributeRegistrations } from '../workflows/search-attributes';
import { ensureNamespace, ensureSearchAttributes } from '../setup/temporal-namespace';

const retentionDays = z.coerce.number().int().min(1).max(3650).default(30);

/**
 * `node dist/cmd/setup.js`: makes the namespace and every search attribute the onboarding sets
 * exist on the Temporal server, waiting for the server to come up first. Idempotent. Any failure
 * ends with exit 1 and says why: `npm run stack` and docker-compose's `temporal-setup` gate the
 * workers on it.
 */
async function main(): Promise<void> {
  const settings = workerSettingsFrom();
  const logger = createLogger(settings.logLevel);
  Runtime.install({ logger: new SdkLogger(logger) });
  const temporal = temporalConfigFrom();
  const connection = await connectWithRetry(temporalConnectionOptions(temporal), settings.connectTimeoutMs, logger);
  try {
    const created = await ensureNamespace(connection, temporal.namespace, retentionDays.parse(process.env.TEMPORAL_NAMESPACE_RETENTION_DAYS));
    const added = await ensureSearchAttributes(connection, temporal.namespace, searchAttributeRegistrations);
    logger.info(
      { namespace: temporal.namespace },
      `namespace ${created ? 'registered' : 'present'}; search attributes ${added.length ? `added: ${added.join(', ')}` : 'all present'} (${Object.keys(searchAttributeRegistrations).join(', ')})`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(
    JSON.stringify({ level: 'error', time: new Date().toISOString(), msg: `Temporal setup failed: ${err instanceof Error ? err.message : String(err)}` }),
  );
  process.exit(1);
});
