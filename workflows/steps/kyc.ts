import { allHandlersFinished, condition, log, setHandler } from '@temporalio/workflow';
import { messageProblem, messageSchemas } from '../../domain/message-schemas';
import type { KycObservation } from '../../domain/onboarding';
import { described, issueKycAccessUpdate, kycDecisionSignal, notAwaited, type Actor } from '../definitions';
import { whileAwaiting } from '../awaited-updates';
import { continueAsNewDue, continueOnCurrentVersion } from '../continue-as-new';
import { asUser } from '../credential';
import { raise } from '../events';
import { poll } from '../polling';
import type { OnboardingRun } from '../run';
import { deliveryMemory } from '../state';
import type { onboarding } from '../onboarding';

/** Starts KYC where the provider needs a call for it, then waits for its verdict. */
export async function verifyIdentity(run: OnboardingRun): Promise<void> {
  const { kyc } = run.state;
  if (kyc.verified) return;
  if (run.caps.kycStart && !kyc.started) {
    run.enter('starting-kyc');
    // Only the URL is kept: an app token (Sumvin) is minted fresh by issueKycAccess when the person needs it.
    const access = await asUser(run, () => run.activities.mutating.startKyc(run.withUser('startKyc')));
    kyc.started = true;
    kyc.identificationUrl = access.identificationUrl;
  }
  if (run.step !== 'awaiting-kyc') {
    run.enter('awaiting-kyc'); // not again after a continue-as-new
    raise(run, { type: 'onboarding.kyc_pending', data: { userId: run.state.user!.id } });
  }
  if (run.caps.kycStart)
    await whileAwaiting(
      [issueKycAccessUpdate],
      () => acceptKycAccessRequests(run),
      () => awaitKyc(run),
    );
  else await awaitKyc(run);
}

/**
 * Waits for KYC: a decision signal, the provider's status seen by polling, or the deadline. A
 * VERIFIED claim is only a reason to poll now: the provider's word decides. Weeks of polling
 * continue as new, carrying everything the status shows.
 */
async function awaitKyc(run: OnboardingRun): Promise<void> {
  const { kyc } = run.state;
  // Since 'kyc-decision-at-wait' a decision is taken where the loop waits, after the provider's
  // status: one delivered in the same workflow task as the result that led here is then taken at
  // the same point whatever the order of delivery (on replay a signal comes first). Before, one
  // was taken at the top of the loop, before the first poll.
  const atWait = run.patched('kyc-decision-at-wait');
  for (;;) {
    if (!atWait) takeDecision(run, false);
    // A VERIFIED claim waits for this poll: it goes ahead of the scheduled ones (workflows/priorities.ts).
    const reads = kyc.pendingClaim ? run.activities.reactingPoll : run.activities.polling;
    const observed = await poll(run, () => reads.getKycStatus(run.withUser('getKycStatus')));
    if (observed) {
      observe(run, observed);
      if (observed.state !== 'pending' && atWait) settleClaims(run);
      if (observed.state === 'verified') {
        kyc.verified = true;
        return;
      }
      if (observed.state === 'rejected') {
        run.fail('KycRejected', `KYC rejected by the provider (${observed.providerStatus})${observed.reason ? `: ${observed.reason}` : ''}`);
      }
      if (kyc.pendingClaim) {
        kyc.unconfirmedClaim = `a VERIFIED claim by ${kyc.pendingClaim.decidedBy ?? 'support'} is not confirmed by the provider (${observed.providerStatus})`;
        kyc.pendingClaim = undefined;
      }
    }
    const remaining = run.state.kycDeadlineAt - Date.now();
    if (remaining <= 0) run.fail('KycDeadlineExceeded', `KYC was not verified by the deadline ${new Date(run.state.kycDeadlineAt).toISOString()}`);
    await condition(() => run.state.pendingDecision !== undefined, Math.min(run.wait.kycPollMs, remaining), {
      summary: remaining < run.wait.kycPollMs ? 'KYC deadline' : 'next KYC poll',
    });
    if (atWait) takeDecision(run, true);
    if (continueAsNewDue() && run.state.pendingDecision === undefined) await continueWithState(run);
  }
}

/**
 * The decision received since the last look: a rejection ends the onboarding; a VERIFIED claim
 * makes the next poll count. `settles`: whether claims may be settled here (see settleClaims).
 */
function takeDecision(run: OnboardingRun, settles: boolean): void {
  const decision = run.state.pendingDecision;
  run.state.pendingDecision = undefined;
  if (decision?.decision === 'REJECTED') {
    if (settles) settleClaims(run);
    run.fail('KycRejected', `KYC rejected${decision.decidedBy ? ` by ${decision.decidedBy}` : ''}: ${decision.reason ?? 'no reason given'}`);
  }
  run.state.kyc.pendingClaim = decision ?? run.state.kyc.pendingClaim;
}

/**
 * Since 'kyc-claims-settled' support's claims end with KYC: a verdict (the provider's or a
 * rejection) clears them. Before, they stayed on the status of a completed onboarding. Taken where
 * KYC settles, so onboardings already waiting get it too; only since 'kyc-decision-at-wait', as
 * before it the claims a step saw (and so whether it would call patched()) depended on the order
 * a decision and a result were delivered.
 */
function settleClaims(run: OnboardingRun): void {
  const { kyc } = run.state;
  if ((kyc.pendingClaim || kyc.unconfirmedClaim) && run.patched('kyc-claims-settled')) {
    kyc.pendingClaim = undefined;
    kyc.unconfirmedClaim = undefined;
  }
}

function observe(run: OnboardingRun, observed: KycObservation): void {
  const { kyc } = run.state;
  const changed = kyc.observation?.providerStatus !== observed.providerStatus;
  kyc.observation = observed;
  kyc.checks++;
  kyc.checkedAt = Date.now();
  run.touch();
  if (changed && run.patched('kyc-status-attribute')) run.publish();
}

/** A fresh run with the same input and everything achieved and observed so far, on the current version. */
export async function continueWithState(run: OnboardingRun): Promise<never> {
  await condition(allHandlersFinished);
  run.publisher?.flush();
  return continueOnCurrentVersion<typeof onboarding>(run.input, run.state);
}

/** KYC decisions from support or a provider's webhook (a replayed delivery counts once). */
export function acceptKycMessages(run: OnboardingRun): void {
  setHandler(
    kycDecisionSignal,
    (message) => {
      const parsed = messageSchemas.kycDecision().safeParse(message);
      if (!parsed.success) {
        // The client and the API refuse it before sending; a stock CLI's may still arrive.
        log.warn('a kycDecision signal was refused', { problem: messageProblem(parsed.error) });
        return;
      }
      const decision = parsed.data;
      const deliveries = run.state.deliveries;
      if (decision.deliveryId) {
        if (deliveries.includes(decision.deliveryId)) return;
        deliveries.push(decision.deliveryId);
        if (deliveries.length > deliveryMemory) deliveries.splice(0, deliveries.length - deliveryMemory);
      }
      const actor: Actor | undefined = decision.actor ?? (decision.decidedBy ? { id: decision.decidedBy, role: 'support' } : undefined);
      run.audit('kyc-decision', actor, decision.decision);
      run.state.pendingDecision = { ...decision, decidedBy: actor?.id ?? decision.decidedBy };
    },
    described(kycDecisionSignal),
  );
}

/** What the person's app needs for KYC now, while the onboarding waits for KYC it started. */
function acceptKycAccessRequests(run: OnboardingRun): void {
  setHandler(
    issueKycAccessUpdate,
    async (message) => {
      const identificationUrl = run.state.kyc.identificationUrl;
      const minted = run.caps.kycAppToken ? await asUser(run, () => run.activities.interactive.issueKycAccess(run.withUser('issueKycAccess')), true) : {};
      run.audit('kyc-access-issued', message?.actor);
      return { ...(identificationUrl ? { identificationUrl } : {}), ...minted };
    },
    {
      ...described(issueKycAccessUpdate),
      validator: (message: { actor?: Actor }) => {
        const parsed = messageSchemas.kycAccess().safeParse(message);
        if (!parsed.success) throw new Error(messageProblem(parsed.error));
        if (!run.caps.kycStart || !run.state.kyc.started || run.state.kyc.verified) throw new Error(notAwaited.issueKycAccess);
      },
    },
  );
}
