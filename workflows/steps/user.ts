import type { OnboardingRun } from '../run';
import { withSupport } from './support';
import { hasType } from '../failures';
import { asUser, renewCredential } from '../credential';

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
      () => renewingAtCreate(run, () => mutating.createUser(run.session('createUser'))),
      (found) => ({ id: found.userId!, ...(found.accountId ? { accountId: found.accountId } : {}) }),
    );
  }
  if (run.caps.credential === 'minted-token' && !state.credential) {
    run.enter('obtaining-credential');
    state.credential = await mutating.mintCredential(run.withUser('mintCredential'));
  }
}

/**
 * The person's own JWT (Sumvin) may have expired before the first call: since
 * 'renew-credential-at-create' the onboarding then waits for a fresh one, as every later call
 * does, instead of failing. (Decided only when it happens, so other histories carry no marker.)
 */
async function renewingAtCreate<T>(run: OnboardingRun, create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (err) {
    if (!hasType(err, 'CredentialExpired') || !run.patched('renew-credential-at-create')) throw err;
    await renewCredential(run);
    return asUser(run, create);
  }
}
