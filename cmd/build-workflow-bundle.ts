import { writeFileSync } from 'node:fs';
import { DefaultLogger } from '@temporalio/worker';
import { bundleWorkflows, prebuiltBundlePath } from '../workers/workflow-bundle';

/** `npm run build`, after tsc: the workflow bundles the compiled worker loads, without and with tracing. */
async function main(): Promise<void> {
  for (const traced of [false, true]) {
    const started = Date.now();
    writeFileSync(prebuiltBundlePath(traced), await bundleWorkflows({ traced, logger: new DefaultLogger('WARN') }));
    console.log(`workflow bundle: ${prebuiltBundlePath(traced)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
