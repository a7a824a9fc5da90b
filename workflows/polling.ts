import { ActivityFailure, log, patched, upsertSearchAttributes } from '@temporalio/workflow';
import { asUser } from './credential';
import { describeFailure, isTransient } from './failures';
import type { OnboardingRun } from './run';

/**
 * A poll (KYC status, a holder being built) that fails does not end a wait of weeks. What a
 * failed poll does, by the failure it ends with:
 *
 * | failure                                                   | the poll is | and                              |
 * | --------------------------------------------------------- | ----------- | -------------------------------- |
 * | retryable (5xx, 429, network) after its retries, timeouts | skipped     | shown as `lastPollFailure`       |
 * | any other activity failure: a refused partner key (401),  | skipped     | an `alert`, `NeedsAction=support`|
 * |   403, 404, an answer we cannot read, a refused request   |             |   until a poll succeeds again    |
 * | an expired credential                                     | renewed     | (see credential.ts)              |
 * | anything raised by the workflow itself, a cancellation    | not caught  | the onboarding ends as it says   |
 *
 * Only the deadline and the provider's own verdict (rejected, failed) end a wait.
 */
export async function poll<T>(run: OnboardingRun, call: () => Promise<T>): Promise<T | undefined> {
  try {
    const value = await asUser(run, call);
    run.state.lastPollFailure = undefined;
    if (run.state.alert) {
      run.state.alert = undefined;
      upsertSearchAttributes(run.searchAttributes());
    }
    return value;
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const failure = describeFailure(err);
    const at = new Date(Date.now()).toISOString();
    if (isTransient(err)) {
      if (!patched('tolerate-poll-outages')) throw err;
      log.warn('poll skipped after a passing failure', { type: failure.type });
    } else {
      if (!patched('alert-on-poll-errors')) throw err;
      log.error('poll failed in a way a person must look at; the onboarding keeps waiting', { type: failure.type });
      if (!run.state.alert) {
        run.state.alert = { ...failure, since: at };
        upsertSearchAttributes(run.searchAttributes());
      }
    }
    run.state.lastPollFailure = { ...failure, at };
    run.touch();
    return undefined;
  }
}
