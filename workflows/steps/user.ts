import type { OnboardingRun } from '../run';
import { withSupport } from './support';

/** Creates the user at the provider (or finds the one an earlier attempt created), then a credential where one is minted. */
export async function createUser(run: OnboardingRun): Promise<void> {
  const { state } = run;
  const { mutating } = run.activities;
  if (!state.user) {
    run.enter('creating-user');
    state.user = await withSupport(
      run,
      'createUser',
      ['userId'],
      () => mutating.createUser(run.session()),
      (found) => ({ id: found.userId!, ...(found.accountId ? { accountId: found.accountId } : {}) }),
    );
  }
  if (run.caps.credential === 'minted-token' && !state.credential) {
    run.enter('obtaining-credential');
    state.credential = await mutating.mintCredential(run.withUser());
  }
}
