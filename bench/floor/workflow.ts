import { proxyActivities } from '@temporalio/workflow';
import type { FloorActivities } from './activities';
import { mutatingCall } from '../../workflows/retry-policies';

const { noop } = proxyActivities<FloorActivities>(mutatingCall);

/**
 * Temporal's floor for a flow of `steps` activities: the same activity options as the
 * onboarding's calls, no work in them and none around them. Bundled on its own for the bench.
 */
export async function floor(steps: number): Promise<number> {
  for (let i = 0; i < steps; i++) await noop(i);
  return steps;
}
