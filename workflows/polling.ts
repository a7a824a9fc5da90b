import { ActivityFailure, log } from '@temporalio/workflow';
import { asUser } from './credential';
import { describeFailure, pollVerdict } from './failures';
import type { OnboardingRun } from './run';

/**
 * A poll (KYC status, a holder being built) that fails does not end a wait of weeks. What a
 * failed poll does is decided by the `poll` column of domain/failures.ts:
 * - skip (retryable failures after their retries, timeouts): the next poll comes anyway; the
 *   status shows `lastPollFailure`;
 * - alert (a refused partner key, a 403 or 404, an answer we cannot read, a credential that
 *   cannot be renewed, any type we do not know): skipped too, and the status shows an `alert`
 *   with `NeedsAction=support` until a poll succeeds again;
 * - end (a verdict, a request we cannot build): the onboarding ends.
 * An expired credential is renewed first (credential.ts); what the workflow raises itself, and
 * a cancellation, pass through.
 */
export async function poll<T>(run: OnboardingRun, call: () => Promise<T>): Promise<T | undefined> {
  try {
    const value = await asUser(run, call);
    run.state.lastPollFailure = undefined;
    if (run.state.alert) {
      run.state.alert = undefined;
      run.publish();
    }
    return value;
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const verdict = pollVerdict(err);
    if (verdict === 'end') throw err;
    const failure = describeFailure(err);
    const at = new Date(Date.now()).toISOString();
    if (verdict === 'skip') {
      if (!run.patched('tolerate-poll-outages')) throw err;
      log.warn('poll skipped after a passing failure', { type: failure.type });
    } else {
      if (!run.patched('alert-on-poll-errors')) throw err;
      log.error('poll failed in a way a person must look at; the onboarding keeps waiting', { type: failure.type });
      if (!run.state.alert) {
        run.state.alert = { ...failure, since: at };
        run.publish();
      }
    }
    run.state.lastPollFailure = { ...failure, at };
    run.touch();
    return undefined;
  }
}
