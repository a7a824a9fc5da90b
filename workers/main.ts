import { NativeConnection } from '@temporalio/worker';
import { assertProductionReady } from '../config/production';
import { temporalConfigFrom, temporalConnectionOptions } from '../config/temporal';
import { providersConfigFrom } from '../providers/config';
import { createAdapters } from '../providers/registry';
import { createOnboardingWorker } from './onboarding-worker';

/** `npm run worker`: runs until SIGINT/SIGTERM, then drains and closes the connection. */
async function main(): Promise<void> {
  assertProductionReady();
  const temporal = temporalConfigFrom();
  const connection = await NativeConnection.connect(temporalConnectionOptions(temporal));
  try {
    const worker = await createOnboardingWorker({
      connection,
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      adapters: createAdapters(providersConfigFrom()),
    });
    console.log(`onboarding worker on ${temporal.address} namespace=${temporal.namespace} taskQueue=${temporal.taskQueue}`);
    await worker.run(); // the SDK shuts down gracefully on SIGINT/SIGTERM
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
