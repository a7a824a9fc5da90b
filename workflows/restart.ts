import { upsertMemo, workflowInfo } from '@temporalio/workflow';
import { madeMemoKey, restartMemoKey, restartOfSchema, type MadeAtProvider } from '../domain/restart';
import type { OnboardingState } from './state';
import type { OnboardingRun } from './run';

/**
 * A failed reference started again (domain/restart.ts). Each run keeps in its memo what it made at
 * the provider; a restart for the same person adopts it, so the provider never sees a second
 * user, and the new run picks up at the first step not yet done.
 */

/**
 * At the first run of a restart (since the patch 'restart-adopts', taken by prepare.ts): the earlier run's userKey (its user is read back by that id
 * where its create answer was lost), its user, the channels it proved and the holder it finished.
 * A restart for somebody else (another person under the same reference) adopts nothing.
 */
export function adoptEarlierRun(state: OnboardingState): string | undefined {
  const handed = workflowInfo().memo?.[restartMemoKey];
  if (handed === undefined || !state.person) return undefined;
  const parsed = restartOfSchema().safeParse(handed);
  if (!parsed.success) return undefined;
  const { runId, made } = parsed.data;
  if (made.person !== state.person) return `run ${runId} was for another person: nothing adopted`;
  state.userKey = made.userKey;
  state.restart = { runId, adoptedUser: made.user !== undefined };
  if (made.user) state.user = made.user;
  // An OTP session (Stokn) is what the code opens: its channel is proven again, and the session comes with it.
  if (state.caps.credential !== 'otp-session') state.contact.verified = [...made.verified];
  if (made.holder) state.holder = { ...made.holder, ready: true };
  return `after run ${runId}: ${made.user ? `adopted user ${made.user.id}` : 'no user was made'}${made.holder ? `, ${made.holder.kind} ${made.holder.id}` : ''}`;
}

/**
 * Keeps the memo's record of what this onboarding made at the provider up to date (one command
 * when it changed). Only onboardings whose first run took the patch 'restart-adopts' know their
 * person, and only they keep the record.
 */
export function recordMade(run: OnboardingRun): void {
  const { state } = run;
  if (!state.person || !run.patched('restart-adopts')) return;
  const made = madeBy(state, state.person);
  if (JSON.stringify(workflowInfo().memo?.[madeMemoKey]) === JSON.stringify(made)) return;
  upsertMemo({ [madeMemoKey]: made });
}

function madeBy(state: OnboardingState, person: string): MadeAtProvider {
  const { user, holder } = state;
  return {
    person,
    userKey: state.userKey,
    ...(user ? { user: { id: user.id, ...(user.accountId ? { accountId: user.accountId } : {}) } } : {}),
    verified: [...state.contact.verified],
    ...(holder?.ready ? { holder: { kind: holder.kind, id: holder.id, ...(holder.address ? { address: holder.address } : {}) } } : {}),
  };
}
