import { ApplicationFailure, condition, patched, setHandler } from '@temporalio/workflow';
import { messageSchemas } from '../domain/message-schemas';
import { supplyCredentialSignal } from './definitions';
import { hasType } from './failures';
import type { OnboardingRun } from './run';

/**
 * Acting as the user, and renewing the credential when the provider says it expired: re-minted
 * (Sovera), refreshed (Stokn), or awaited from the backend (Sumvin: the person's JWT).
 */

/** The backend's fresh credential is kept until it is needed, even if it comes early. */
export function acceptSuppliedCredentials(run: OnboardingRun): void {
  setHandler(supplyCredentialSignal, (message) => {
    const parsed = messageSchemas.supplyCredential().safeParse(message);
    if (!parsed.success) return; // malformed: nothing to keep (the client refuses it before sending)
    run.state.suppliedCredential = { token: parsed.data.credential };
    run.audit('credential-supplied', parsed.data.actor);
  });
}

/**
 * Runs a call as the user; an expired credential is renewed and the call made again. Inside an
 * update handler (`inUpdate`) nothing may wait for the backend: the update answers at once and
 * the main flow waits for the fresh credential instead.
 */
export async function asUser<T>(run: OnboardingRun, call: () => Promise<T>, inUpdate = false): Promise<T> {
  for (let renewals = 0; ; renewals++) {
    try {
      return await call();
    } catch (err) {
      if (!hasType(err, 'CredentialExpired') || renewals >= 3) throw err;
      if (inUpdate && mustAwaitBackend(run) && patched('no-wait-in-updates')) {
        run.credentialExpired = true;
        throw ApplicationFailure.create({
          type: 'CredentialExpired',
          message: "the person's credential expired: supply a fresh one, then try again",
          nonRetryable: true,
        });
      }
      await renewCredential(run);
    }
  }
}

/** Only a credential the backend holds (the person's JWT) needs a wait; the others renew at once. */
function mustAwaitBackend(run: OnboardingRun): boolean {
  return run.caps.credential === 'user-jwt' && run.state.suppliedCredential === undefined;
}

export async function renewCredential(run: OnboardingRun): Promise<void> {
  const { mutating } = run.activities;
  const { state } = run;
  if (run.caps.credential === 'minted-token') {
    state.credential = await mutating.mintCredential(run.withUser());
  } else if (run.caps.credential === 'otp-session' && state.credential) {
    state.credential = await mutating.refreshCredential({ ...run.withUser(), credential: state.credential });
  } else if (run.caps.credential === 'user-jwt') {
    await awaitSuppliedCredential(run);
  } else {
    throw ApplicationFailure.nonRetryable('the credential expired and cannot be renewed', 'CredentialExpired');
  }
  run.credentialExpired = false;
}

async function awaitSuppliedCredential(run: OnboardingRun): Promise<void> {
  const { state } = run;
  // The released version dropped a credential supplied before this point and waited anyway.
  const early = state.suppliedCredential !== undefined && patched('keep-early-credential');
  if (!early) {
    const resume = run.step;
    run.enter('awaiting-credential');
    state.suppliedCredential = undefined;
    if (!(await condition(() => state.suppliedCredential !== undefined, run.remaining()))) {
      run.fail('KycDeadlineExceeded', 'no fresh credential was supplied before the onboarding deadline');
    }
    run.enter(resume);
  }
  state.credential = state.suppliedCredential;
  state.suppliedCredential = undefined;
}
