import { writeFileSync } from 'node:fs';
import { DefaultLogger } from '@temporalio/worker';
import { buildIdFile, buildIdOf } from '../workers/deployment';
import { bundleWorkflows, prebuiltBundlePath } from '../workers/workflow-bundle';

/**
 * `npm run build`, after tsc: the workflow bundles the compiled worker loads, without and with
 * tracing, and the build id its Worker Deployment version carries (dist/build-id: the image has no git).
 */
async function main(): Promise<void> {
  let untraced = '';
  for (const traced of [false, true]) {
    const started = Date.now();
    const code = await bundleWorkflows({ traced, logger: new DefaultLogger('WARN') });
    writeFileSync(prebuiltBundlePath(traced), code);
    if (!traced) untraced = code;
    console.log(`workflow bundle: ${prebuiltBundlePath(traced)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  const buildId = buildIdOf(untraced)!;
  writeFileSync(buildIdFile, `${buildId}\n`);
  console.log(`build id: ${buildId} (${buildIdFile})`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
