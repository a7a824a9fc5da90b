import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { FloorActivities } from './activities';
import { mutatingCall } from '../../../workflows/retry-policies';

const { noop } = proxyActivities<FloorActivities>(mutatingCall);

export const releaseSignal = defineSignal('release');

/**
 * Temporal's floor for a flow of `steps` activities: the same activity options as the
 * onboarding's calls, no work in them and none around them. Bundled on its own for the bench.
 * With `parkAfter`, it waits for the `release` signal after that many activities, as an
 * onboarding parks on KYC.
 */
export async function floor(steps: number, parkAfter?: number): Promise<number> {
  let released = false;
  setHandler(releaseSignal, () => void (released = true));
  for (let i = 0; i < steps; i++) {
    if (i === parkAfter) await condition(() => released);
    await noop(i);
  }
  return steps;
}
