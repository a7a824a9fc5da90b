import { setCurrentDetails } from '@temporalio/workflow';
import { whoActs } from './first-wait';
import type { OnboardingRun } from './run';
import { statusOf } from './status';

/**
 * The Web UI's "current details" of an onboarding, as it moves: its step and since when, what it
 * waits for and who acts, and the status's next action (masked destinations only, as the status
 * shows them). Not a command: replays are unaffected. It reaches the UI through the payload codec.
 */
export function showCurrentDetails(run: OnboardingRun): void {
  const status = statusOf(run);
  const since = run.state.timeline.at(-1)?.startedAt;
  const lines = [`**${run.step}**${since ? ` since ${since}` : ''}`];
  if (status.needsAction !== 'none') lines.push(`waits for: ${status.needsAction}, acted on by ${whoActs[status.needsAction]}`);
  if (status.nextAction) lines.push(`next: ${status.nextAction}`);
  setCurrentDetails(lines.join('\n\n'));
}
