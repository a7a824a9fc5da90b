import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger } from '@temporalio/worker';
import { temporalCliPath } from './support/temporal-cli';
import { bundleWorkflows } from '../workers/workflow-bundle';

/** Once per run: make sure the Temporal CLI exists, and bundle the workflows once for all files. */
export default async function globalSetup(): Promise<void> {
  process.env.TEMPORAL_CLI_FOR_TESTS = temporalCliPath();
  const code = await bundleWorkflows(new DefaultLogger('WARN'));
  const file = path.resolve(__dirname, '..', '.data', 'test-workflow-bundle.js');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, code);
  process.env.WORKFLOW_BUNDLE_FOR_TESTS = file;
}
