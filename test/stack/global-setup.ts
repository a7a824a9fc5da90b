import { build, stackContext, startStack, stopStack } from '../../scripts/stack/stack';

/** Builds, then starts the stack afresh (a running one is stopped first: its sandbox state would linger). */
export default async function globalSetup(): Promise<void> {
  const say = (line: string) => console.log(`stack: ${line}`);
  build();
  const ctx = stackContext();
  await stopStack(ctx, say);
  await startStack(ctx, say);
}
