import { setCurrentDetails } from '@temporalio/workflow';
import { whoActs } from './first-wait';
import type { OnboardingRun } from './run';
import { nextAction } from './status';

/**
 * The Web UI's "current details" of an onboarding, as it moves: its step and since when, what it
 * waits for and who acts, and the status's next action (masked destinations only, as the status
 * shows them). Not a command: replays are unaffected. It reaches the UI through the payload codec.
 */
export function showCurrentDetails(run: OnboardingRun): void {
  const needs = run.needsAction();
  const next = nextAction(run);
  const since = run.state.timeline.at(-1)?.startedAt;
  const lines = [`**${run.step}**${since ? ` since ${since}` : ''}`];
  if (needs !== 'none') lines.push(`waits for: ${needs}, acted on by ${whoActs[needs]}`);
  if (next) lines.push(`next: ${next}`);
  setCurrentDetails(lines.join('\n\n'));
}
