import { stackContext, stopStack } from '../../dev/stack/stack';

/** Stops every process of the stack, tests passed or not. */
export default async function globalTeardown(): Promise<void> {
  await stopStack(stackContext(), (line) => console.log(`stack: ${line}`));
}
