import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import { described, firstWaitUpdate, isFinalStep, type FirstWait, type FirstWaitActor, type NeedsAction } from './definitions';
import { describeFailure, detailsOf } from './failures';
import type { OnboardingRun } from './run';
import { statusOf } from './status';

/** What the update reads: the run once prepared, and the error it failed with. */
export interface FirstWaitWatch {
  run?: OnboardingRun;
  failedWith?: unknown;
}

/** Who acts on each kind of wait. */
export const whoActs: Record<NeedsAction, FirstWaitActor> = { otp: 'person', kyc: 'person', credential: 'backend', support: 'support', none: 'nobody' };

/**
 * Registers `firstWait` before anything else, so Update-With-Start finds it in the first workflow
 * task. It only reads the run and waits with `condition`: whether it is delivered before or after
 * an activity result of the same task, it answers from the state once the wait is reached, and it
 * issues no command of its own (no patch: released histories replay unchanged).
 */
export function answerFirstWait(watch: FirstWaitWatch): void {
  setHandler(
    firstWaitUpdate,
    async () => {
      await condition(() => watch.run !== undefined && reached(watch.run));
      const run = watch.run!;
      if (run.step === 'failed') throw refusal(run, watch.failedWith);
      return answerOf(run);
    },
    described(firstWaitUpdate),
  );
}

function reached(run: OnboardingRun): boolean {
  if (isFinalStep(run.step)) return true;
  if (run.step === 'verifying-contact') return run.challenge !== undefined;
  return run.needsAction() !== 'none';
}

function answerOf(run: OnboardingRun): FirstWait {
  const status = statusOf(run);
  const challenge = run.challenge;
  return {
    step: run.step,
    needsAction: status.needsAction,
    who: whoActs[status.needsAction],
    ...(status.nextAction ? { action: status.nextAction } : {}),
    ...(challenge ? { otp: { channel: challenge.channel, expiresAt: challenge.expiresAt, ...(challenge.sentTo ? { sentTo: challenge.sentTo } : {}) } } : {}),
    ...(run.state.user ? { userId: run.state.user.id } : {}),
  };
}

/** The failure as the caller reads it: its type, message and the field it names (no value of the person's). */
function refusal(run: OnboardingRun, err: unknown): ApplicationFailure {
  const { type, message } = run.failure ?? describeFailure(err);
  const field = detailsOf(err)?.field;
  return ApplicationFailure.create({ type, message, nonRetryable: true, details: [{ field }] });
}
