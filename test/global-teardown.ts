import { rmSync } from 'node:fs';

/** The run's workflow bundles (test/global-setup.ts) go with it. */
export default async function globalTeardown(): Promise<void> {
  for (const variable of ['WORKFLOW_BUNDLE_FOR_TESTS', 'TRACED_WORKFLOW_BUNDLE_FOR_TESTS']) {
    const file = process.env[variable];
    if (file) rmSync(file, { force: true });
  }
}
