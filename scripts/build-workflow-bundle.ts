import { writeFileSync } from 'node:fs';
import { DefaultLogger } from '@temporalio/worker';
import { bundleWorkflows, prebuiltBundlePath } from '../workers/workflow-bundle';

/** `npm run build`, after tsc: the workflow bundle the compiled worker loads (dist/workflow-bundle.js). */
async function main(): Promise<void> {
  const started = Date.now();
  writeFileSync(prebuiltBundlePath, await bundleWorkflows(new DefaultLogger('WARN')));
  console.log(`workflow bundle: ${prebuiltBundlePath} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
