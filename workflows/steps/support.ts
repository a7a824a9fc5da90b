import { condition, setHandler } from '@temporalio/workflow';
import { messageProblem, messageSchemas, type SupportResolution } from '../../domain/message-schemas';
import { described, notAwaited, resolveSupportUpdate } from '../definitions';
import { whileAwaiting } from '../awaited-updates';
import { describeFailure, detailsOf, hasType } from '../failures';
import type { OnboardingRun } from '../run';

type Found = Extract<SupportResolution, { decision: 'found' }>;

/**
 * A creating call whose answer was lost, at a provider that documents no way to find what it
 * did (`ProviderOutcomeUnknown`), is not guessed at: the onboarding waits in `awaiting-support`
 * with the exact call to check by hand, and support answers "retry" (nothing was created) or
 * "found" with the ids. Never a second object.
 */
export async function withSupport<T>(run: OnboardingRun, what: string, defaultNeeds: string[], call: () => Promise<T>, found: (ids: Found) => T): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (!hasType(err, 'ProviderOutcomeUnknown') || !run.patched('support-resolution')) throw err;
      const details = detailsOf(err);
      const needs = details?.found ? details.found.ids.map((id) => resolutionField(details.found!.object, id)) : defaultNeeds;
      const answer = await awaitSupport(run, what, details?.check ?? describeFailure(err).message, needs);
      if (answer.decision === 'found') return found(answer);
    }
  }
}

/** The adapter names ids of its object ("user": id, accountId); support answers them as userId, accountId, holderId. */
function resolutionField(object: 'user' | 'holder', id: string): string {
  return id === 'id' ? `${object}Id` : id;
}

async function awaitSupport(run: OnboardingRun, what: string, check: string, needs: string[]): Promise<SupportResolution> {
  const resume = run.step;
  run.state.support = { step: what, check, needs, since: new Date(Date.now()).toISOString() };
  run.enter('awaiting-support');
  const answered = await whileAwaiting(
    [resolveSupportUpdate],
    () => acceptSupportResolutions(run),
    () => condition(() => run.state.supportAnswer !== undefined, run.remaining(), { summary: "deadline for support's answer" }),
  );
  if (!answered) run.fail('ProviderOutcomeUnknown', `support did not resolve ${what} before the onboarding deadline`);
  const answer = run.state.supportAnswer!;
  run.state.supportAnswer = undefined;
  run.state.support = undefined;
  run.enter(resume);
  return answer;
}

/** Support's answer, taken only while the onboarding waits for it (registered by awaitSupport). */
function acceptSupportResolutions(run: OnboardingRun): void {
  setHandler(
    resolveSupportUpdate,
    (message) => {
      run.state.supportAnswer = message;
      run.audit('support-resolution', message.actor, message.decision);
      return { resumed: true as const };
    },
    {
      ...described(resolveSupportUpdate),
      validator: (message) => {
        const support = run.state.support;
        if (run.step !== 'awaiting-support' || !support) throw new Error(notAwaited.resolveSupport);
        // The first answer stands: a second one in the same workflow task would otherwise replace it.
        if (run.state.supportAnswer) throw new Error(`support already answered "${run.state.supportAnswer.decision}": the onboarding is acting on it`);
        const parsed = messageSchemas.supportResolution().safeParse(message);
        if (!parsed.success) throw new Error(messageProblem(parsed.error));
        const answer = parsed.data;
        if (answer.decision === 'found') {
          const missing = support.needs.filter((id) => !answer[id as 'userId' | 'accountId' | 'holderId']);
          if (missing.length > 0) throw new Error(`"found" needs ${missing.join(', ')}`);
        }
      },
    },
  );
}
