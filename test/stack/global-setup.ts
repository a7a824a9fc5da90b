import { build, stackContext, startStack, stopStack } from '../../dev/stack/stack';
import path from 'node:path';
import { stackUnderTest } from './support/stack-actors';

/**
 * Builds, then starts the stack afresh, as a Temporal cluster (a running one is stopped first: its
 * sandbox state would linger). Worker 2 keeps no workflow cache: every task it takes is a replay. The tests replay
 * their onboardings with the bundle the workers run.
 */
export default async function globalSetup(): Promise<void> {
  const say = (line: string) => console.log(`stack: ${line}`);
  process.env.STACK_UNCACHED_WORKERS = '2';
  build();
  process.env.WORKFLOW_BUNDLE_FOR_TESTS = path.resolve(__dirname, '..', '..', 'dist', 'workflow-bundle.js');
  const ctx = stackContext(stackUnderTest);
  await stopStack(ctx, say);
  await startStack(ctx, say);
}
