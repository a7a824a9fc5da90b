import { CancellationScope, log } from '@temporalio/workflow';
import { describeFailure } from '../failures';
import type { OnboardingRun } from '../run';

/** On cancellation, undo what the provider allows to undo (sFOX deactivates the account); errors are logged, not raised. */
export async function compensate(run: OnboardingRun): Promise<void> {
  await CancellationScope.nonCancellable(async () => {
    if (run.state.user && run.caps.canDeactivate) {
      run.enter('compensating');
      try {
        await run.activities.mutating.deactivate(run.withUser('deactivate'));
      } catch (err) {
        log.error('compensation failed', { step: 'deactivate', error: describeFailure(err).message });
      }
    }
    run.failure = { type: 'OnboardingCancelled', message: 'the onboarding was cancelled' };
    run.enter('failed');
  });
}
