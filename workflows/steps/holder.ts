import { sleep } from '@temporalio/workflow';
import type { Holder } from '../../domain/onboarding';
import { poll } from '../polling';
import { asUser } from '../credential';
import { continueAsNewDue } from '../continue-as-new';
import type { OnboardingRun } from '../run';
import { continueWithState } from './kyc';
import { withSupport } from './support';

/** A Safe appears within seconds: the first look comes that soon, then less and less often. */
const firstHolderPollMs = 1_000;
const maxHolderPollMs = 5 * 60_000;

/** Creates the wallet, portfolio or Safe (or finds it), and waits while the provider builds it. */
export async function createHolder(run: OnboardingRun): Promise<void> {
  const { state } = run;
  if (state.holder?.ready) return;
  if (run.step !== 'creating-holder') run.enter('creating-holder'); // not again after a continue-as-new
  state.holder ??= await withSupport(
    run,
    'createHolder',
    ['holderId'],
    () => asUser(run, () => run.activities.mutating.createHolder(run.withUser('createHolder'))),
    (found): Holder => ({ kind: run.caps.holder, id: found.holderId!, ready: true }),
  );
  if (state.holder.ready) return;
  if (run.patched('holder-poll-backoff')) await awaitHolder(run);
  else await awaitHolderAsReleased(run);
}

/**
 * Polls the holder with a growing interval until it is ready, the provider gave up, or its own
 * deadline (`wait.holderDeadline`) passes; a long wait continues as new like the KYC wait.
 */
async function awaitHolder(run: OnboardingRun): Promise<void> {
  const { state } = run;
  const progress = (state.holderPoll ??= { checks: 0, deadlineAt: Date.now() + run.wait.holderDeadlineMs, intervalMs: firstHolderPollMs });
  while (!state.holder!.ready) {
    failWhenOver(run, progress.deadlineAt);
    await sleep(Math.max(1, Math.min(progress.intervalMs, progress.deadlineAt - Date.now())), { summary: `next ${run.caps.holder} check` });
    await pollHolder(run);
    progress.checks++;
    progress.intervalMs = Math.min(progress.intervalMs * 2, maxHolderPollMs);
    if (continueAsNewDue()) await continueWithState(run);
  }
}

/** The released version: a poll a second, until the onboarding's (KYC) deadline once that check got its patch. */
async function awaitHolderAsReleased(run: OnboardingRun): Promise<void> {
  while (!run.state.holder!.ready) {
    failWhenOver(run, run.state.kycDeadlineAt);
    await sleep(firstHolderPollMs, { summary: `next ${run.caps.holder} check` });
    await pollHolder(run);
  }
}

function failWhenOver(run: OnboardingRun, deadlineAt: number): void {
  const holder = run.state.holder!;
  if (holder.failed) run.fail('HolderCreationFailed', `the provider could not create the ${holder.kind}`);
  if (Date.now() >= deadlineAt && run.patched('holder-deadline')) {
    run.fail('HolderCreationFailed', `the ${holder.kind} was not ready by its deadline ${new Date(deadlineAt).toISOString()}`);
  }
}

async function pollHolder(run: OnboardingRun): Promise<void> {
  const { state } = run;
  state.holder = (await poll(run, () => run.activities.polling.getHolder({ ...run.withUser('getHolder'), holder: state.holder! }))) ?? state.holder;
}
