import type { OnboardingStatus } from './definitions';
import type { OnboardingRun } from './run';

const iso = (ms: number) => new Date(ms).toISOString();

/** What the status query answers: the step, what it waits for, and what it has seen (no secret, no PII). */
export function statusOf(run: OnboardingRun): OnboardingStatus {
  const { state, input } = run;
  const kyc = state.kyc;
  const challenge = run.challenge;
  return {
    provider: input.provider,
    reference: input.reference,
    step: run.step,
    needsAction: run.needsAction(),
    startedAt: iso(state.startedAt),
    updatedAt: iso(run.updatedAt),
    timeline: state.timeline,
    userId: state.user?.id,
    holderId: state.holder?.id,
    depositAddress: state.depositAddress,
    otp: challenge && {
      channel: challenge.channel,
      expiresAt: challenge.expiresAt,
      expired: run.challengeExpired,
      sentTo: challenge.sentTo,
      wrongCodes: state.contact.wrongCodes,
      attemptsLeft: run.wait.otpMaxAttempts - state.contact.wrongCodes,
      resendsLeft: resendsLeft(run),
      nextResendAt: run.challengeSentAt === undefined || run.challengeExpired ? undefined : iso(run.challengeSentAt + run.wait.otpResendCooldownMs),
      verified: state.contact.verified,
    },
    kyc:
      run.step === 'awaiting-kyc' || kyc.checks > 0
        ? {
            providerStatus: kyc.observation?.providerStatus,
            checks: kyc.checks,
            lastCheckedAt: kyc.checkedAt === undefined ? undefined : iso(kyc.checkedAt),
            deadline: iso(state.kycDeadlineAt),
            identificationUrl: kyc.identificationUrl,
            pendingClaim: kyc.pendingClaim && `a VERIFIED claim by ${kyc.pendingClaim.decidedBy ?? 'support'}, waiting for the provider's confirmation`,
            unconfirmedClaim: kyc.unconfirmedClaim,
          }
        : undefined,
    holder: state.holder && {
      kind: state.holder.kind,
      ready: state.holder.ready,
      checks: state.holderPoll?.checks ?? 0,
      deadline: state.holderPoll && iso(state.holderPoll.deadlineAt),
    },
    lastPollFailure: state.lastPollFailure,
    alert: state.alert,
    support: state.support,
    nextAction: nextAction(run),
    audit: state.audit,
    failure: run.failure,
  };
}

/** What the one who acts does next, in plain words (the status's nextAction). */
export function nextAction(run: OnboardingRun): string | undefined {
  const { state, challenge } = run;
  if (state.alert) return `support: ${state.alert.type} on the last poll (${state.alert.message}); fix it, the onboarding keeps polling`;
  switch (run.step) {
    case 'verifying-contact': {
      if (!challenge) return undefined;
      const where = challenge.sentTo ? ` sent to ${challenge.sentTo}` : '';
      return run.challengeExpired ? `the ${challenge.channel} code expired: request a new one (resend)` : `enter the ${challenge.channel} code${where}`;
    }
    case 'awaiting-kyc':
      if (state.kyc.pendingClaim || state.kyc.unconfirmedClaim) return claimWait(run);
      if (state.kyc.identificationUrl) return `complete KYC at ${state.kyc.identificationUrl}`;
      if (run.caps.kycAppToken) return "complete KYC in the person's app (a fresh app token for it: onboarding kyc-access <reference>)";
      return 'wait for the provider to verify the identity, or record the KYC decision';
    case 'awaiting-credential':
      return 'supply a fresh credential for the person (their JWT expired)';
    case 'awaiting-support':
      return (
        state.support && `support: check by hand ${state.support.check}, then answer resolveSupport (retry, or found with ${state.support.needs.join(', ')})`
      );
    default:
      return undefined;
  }
}

/**
 * A VERIFIED claim is believed only when the provider confirms it (workflows/steps/kyc.ts): said
 * so, with when the provider is asked. A new claim is checked at once unless that check failed.
 */
function claimWait(run: OnboardingRun): string {
  const { kyc, kycDeadlineAt, lastPollFailure } = run.state;
  const waits = "support's VERIFIED claim waits for the provider's confirmation";
  if (kyc.pendingClaim && !lastPollFailure) return `${waits}: the provider is being checked now`;
  const lastAsked = lastPollFailure ? Date.parse(lastPollFailure.at) : (kyc.checkedAt ?? Date.now());
  const nextCheck = iso(Math.min(lastAsked + run.wait.kycPollMs, kycDeadlineAt));
  const said = kyc.pendingClaim ? ' (the last check failed)' : kyc.observation ? ` (it said ${kyc.observation.providerStatus})` : '';
  return `${waits}${said}: checked again at ${nextCheck}, or at once on a new decision`;
}

export function resendsLeft(run: OnboardingRun): number {
  const channel = run.challenge?.channel;
  const used = channel ? (run.state.contact.resends[channel] ?? 0) : 0;
  return Math.max(0, run.wait.otpMaxResends - used);
}
