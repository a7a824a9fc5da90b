import { ApplicationFailure, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { messageSchemas } from '../domain/message-schemas';
import { described, supplyCredentialSignal } from './definitions';
import { hasType } from './failures';
import type { OnboardingRun } from './run';

/**
 * Acting as the user, and renewing the credential when the provider says it expired: re-minted
 * (Sovera), refreshed (Stokn), or awaited from the backend (Sumvin: the person's JWT).
 */

/** The backend's fresh credential is kept until it is needed, even if it comes early. */
export function acceptSuppliedCredentials(run: OnboardingRun): void {
  setHandler(
    supplyCredentialSignal,
    (message) => {
      const parsed = messageSchemas.supplyCredential().safeParse(message);
      if (!parsed.success) return; // malformed: nothing to keep (the client refuses it before sending)
      run.state.suppliedCredential = { token: parsed.data.credential };
      const { runId, historyLength } = workflowInfo();
      run.state.suppliedCredentialAt = { runId, historyLength };
      run.audit('credential-supplied', parsed.data.actor);
    },
    described(supplyCredentialSignal),
  );
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
      if (inUpdate && mustAwaitBackend(run)) {
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
  if (run.caps.credential !== 'user-jwt') return false;
  if (run.patched('credential-wait-order-free')) return !suppliedEarlier(run);
  return run.state.suppliedCredential === undefined && run.patched('no-wait-in-updates');
}

export async function renewCredential(run: OnboardingRun): Promise<void> {
  const { mutating } = run.activities;
  const { state } = run;
  if (run.caps.credential === 'minted-token') {
    state.credential = await mutating.mintCredential(run.withUser('mintCredential'));
  } else if (run.caps.credential === 'otp-session' && state.credential) {
    state.credential = await mutating.refreshCredential({ ...run.withUser('refreshCredential'), credential: state.credential });
  } else if (run.caps.credential === 'user-jwt') {
    await awaitSuppliedCredential(run);
  } else {
    throw ApplicationFailure.nonRetryable('the credential expired and cannot be renewed', 'CredentialExpired');
  }
  run.credentialExpired = false;
}

async function awaitSuppliedCredential(run: OnboardingRun): Promise<void> {
  const { state } = run;
  if (run.patched('credential-wait-order-free')) {
    // A credential supplied in an earlier workflow task is used at once. One supplied in the same
    // task as the expiry goes through the wait, as one supplied just after would: on replay the
    // signal is handled before the expiry, on a first run it may have come after.
    if (!suppliedEarlier(run)) await waitForCredential(run);
  } else {
    // Released versions: an early credential skipped the wait (since 'keep-early-credential'), or was dropped.
    const early = state.suppliedCredential !== undefined && run.patched('keep-early-credential');
    if (!early) {
      state.suppliedCredential = undefined;
      await waitForCredential(run);
    }
  }
  state.credential = state.suppliedCredential;
  state.suppliedCredential = undefined;
}

function suppliedEarlier(run: OnboardingRun): boolean {
  const at = run.state.suppliedCredentialAt;
  const { runId, historyLength } = workflowInfo();
  return run.state.suppliedCredential !== undefined && at !== undefined && (at.runId !== runId || at.historyLength < historyLength);
}

/** In `awaiting-credential` until the backend supplies one (at once if it already has), then back to the step that needed it. */
async function waitForCredential(run: OnboardingRun): Promise<void> {
  const resume = run.step;
  run.enter('awaiting-credential');
  if (!(await condition(() => run.state.suppliedCredential !== undefined, run.remaining(), { summary: 'deadline for a fresh credential' }))) {
    run.fail('KycDeadlineExceeded', 'no fresh credential was supplied before the onboarding deadline');
  }
  run.enter(resume);
}
