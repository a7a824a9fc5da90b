import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import { bundleWorkflows } from '../workers/workflow-bundle';
import { temporalCli } from '../dev/dev-server';

/**
 * Once per run: make sure the dev server's parts and the CLI exist (built once, before any test's
 * timeout runs), and bundle the workflows once for all files (with and without tracing).
 */
export default async function globalSetup(): Promise<void> {
  execFileSync('bash', [path.resolve(__dirname, '..', 'dev', 'temporal-dev.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  process.env.TEMPORAL_CLI_FOR_TESTS = temporalCli();
  // This machine's development key for every process the tests start (config/mode.ts).
  process.env.ONBOARDING_MODE ??= 'development';
  mkdirSync(path.resolve(__dirname, '..', '.data'), { recursive: true });
  for (const traced of [false, true]) {
    // One file per run: two runs on one checkout never read each other's half-written bundle.
    const file = path.resolve(__dirname, '..', '.data', `test-workflow-bundle${traced ? '-traced' : ''}-${process.pid}.js`);
    writeFileSync(file, await bundleWorkflows({ traced, logger: new DefaultLogger('WARN') }));
    process.env[traced ? 'TRACED_WORKFLOW_BUNDLE_FOR_TESTS' : 'WORKFLOW_BUNDLE_FOR_TESTS'] = file;
  }
}
