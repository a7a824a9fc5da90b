import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Secret } from '../domain/secret';
import type { BackendEvent } from '../domain/events';
import type { OtpChannel, ProviderName } from '../domain/providers';
import type { Actor, CancelRequest, CredentialSupply, KycDecision, OtpResendRequest, OtpSubmission, SupportResolution } from '../domain/message-schemas';

/**
 * The onboarding's messages, shared by the workflow, the client library, the CLI, the API and
 * the tests. Payload schemas live in domain/message-schemas.ts; the workflow validates every message
 * with them (validators for updates, the handler itself for signals).
 */

export type { Actor, CancelRequest, CredentialSupply, KycDecision, OtpResendRequest, OtpSubmission, SupportResolution };

export type OnboardingStep =
  | 'creating-user'
  | 'obtaining-credential'
  | 'verifying-contact'
  | 'starting-kyc'
  | 'awaiting-kyc'
  | 'awaiting-credential'
  | 'awaiting-support'
  | 'creating-holder'
  | 'creating-deposit-address'
  | 'compensating'
  | 'completed'
  | 'failed';

/** The steps an onboarding ends in: its run closes with them. */
export const isFinalStep = (step: OnboardingStep): boolean => step === 'completed' || step === 'failed';

/** Who the onboarding waits for; also the `NeedsAction` search attribute operators filter on. */
export type NeedsAction = 'none' | 'otp' | 'kyc' | 'credential' | 'support';

export type OtpAnswer =
  | { accepted: true; channel: OtpChannel }
  | {
      accepted: false;
      channel: OtpChannel;
      reason: 'wrong-code' | 'expired';
      attemptsLeft: number;
      /** The provider stopped accepting tries on that code, so a new one was sent. */
      reissued?: boolean;
    };

export interface OtpSent {
  channel: OtpChannel;
  expiresAt: string;
  sentTo?: string;
  /** Resends still allowed for this channel. */
  resendsLeft: number;
}

export interface StepRecord {
  step: OnboardingStep;
  startedAt: string;
  finishedAt?: string;
}

/** One message that changed the onboarding: who (from the authenticated principal), what, when. */
export interface AuditEntry {
  at: string;
  action:
    | 'started'
    | 'restarted'
    | 'kyc-decision'
    | 'otp-submitted'
    | 'otp-resent'
    | 'credential-supplied'
    | 'kyc-access-issued'
    | 'support-resolution'
    | 'cancel-requested';
  actor?: Actor;
  /** Ids and verdicts only ("VERIFIED", "accepted"), never a code, a token or a person's data. */
  detail?: string;
}

/** What the status query answers: ids and progress only, never a secret or a person's data. */
export interface OnboardingStatus {
  provider: ProviderName;
  reference: string;
  step: OnboardingStep;
  needsAction: NeedsAction;
  startedAt: string;
  updatedAt: string;
  timeline: StepRecord[];
  userId?: string;
  holderId?: string;
  depositAddress?: string;
  otp?: {
    channel: OtpChannel;
    expiresAt: string;
    expired: boolean;
    sentTo?: string;
    wrongCodes: number;
    attemptsLeft: number;
    resendsLeft: number;
    /** Before this time a resend is refused (the provider's SMS cost and the person's patience). */
    nextResendAt?: string;
    verified: OtpChannel[];
  };
  kyc?: {
    providerStatus?: string;
    checks: number;
    lastCheckedAt?: string;
    deadline: string;
    identificationUrl?: string;
    /** A VERIFIED claim waiting for the next successful poll to confirm it. */
    pendingClaim?: string;
    unconfirmedClaim?: string;
  };
  holder?: { kind: string; ready: boolean; checks: number; deadline?: string };
  /** The last poll (KYC, holder) that failed for a passing reason; cleared by the next good one. */
  lastPollFailure?: { type: string; message: string; at: string };
  /** A poll failure a person must look at (a refused partner key, an answer we cannot read); the onboarding keeps waiting. */
  alert?: { type: string; message: string; since: string };
  /** Why the onboarding waits for support, and what to check by hand. */
  support?: { step: string; check: string; needs: string[]; since: string };
  /** What the person or support must do for the onboarding to go on, in plain words. */
  nextAction?: string;
  audit: AuditEntry[];
  failure?: { type: string; message: string };
}

/** The memo field of the start request that names who started the onboarding (the API's principal). */
export const startedByMemoKey = 'startedBy';

export const statusQuery = defineQuery<OnboardingStatus>('status');

/** Who acts next at the first wait (workflows/first-wait.ts). */
export type FirstWaitActor = 'person' | 'backend' | 'support' | 'nobody';

/** Where an onboarding first waits, once the person exists at the provider: what the start's caller needs next. */
export interface FirstWait {
  step: OnboardingStep;
  needsAction: NeedsAction;
  who: FirstWaitActor;
  /** In plain words, as the status's nextAction: "enter the sms code sent to +1 *** *** 23". */
  action?: string;
  /** The code sent, where it went masked by the provider's adapter (never the whole phone or email). */
  otp?: { channel: OtpChannel; sentTo?: string; expiresAt: string };
  userId?: string;
}

/**
 * Answers once the onboarding reaches its first wait (a code sent, KYC, support, or the end); fails
 * with the provider's refusal (type, message, details with the field) when it fails first. Read-only.
 */
export const firstWaitUpdate = defineUpdate<FirstWait, []>('firstWait');

/** Support staff or a provider webhook report a KYC decision. A VERIFIED claim is checked with the provider. */
export const kycDecisionSignal = defineSignal<[KycDecision]>('kycDecision');

/** The person's OTP code; the validator refuses a malformed code or one sent when none is awaited. */
export const submitOtpUpdate = defineUpdate<OtpAnswer, [OtpSubmission]>('submitOtp');

/** A new code on the current channel, within the resend limit and cooldown (older clients send no argument). */
export const resendOtpUpdate = defineUpdate<OtpSent, [OtpResendRequest]>('resendOtp');

/** A fresh credential from the backend (Sumvin: the person's new JWT) after the old one expired; kept if it comes early. */
export const supplyCredentialSignal = defineSignal<[CredentialSupply]>('supplyCredential');

/** Recorded before a cancellation so the audit trail says who cancelled (the cancel itself is Temporal's). */
export const cancelRequestedSignal = defineSignal<[CancelRequest]>('cancelRequested');

/** Support's answer after checking by hand a call whose outcome was lost (step `awaiting-support`). */
export const resolveSupportUpdate = defineUpdate<{ resumed: true }, [SupportResolution]>('resolveSupport');

/**
 * Why an update is refused when the onboarding is not waiting for it: it then has no handler
 * (workflows/awaited-updates.ts), and the client shows this reason instead of the SDK's.
 */
export const notAwaited: Record<string, string> = {
  submitOtp: 'no code is awaited now',
  resendOtp: 'no code is awaited now',
  resolveSupport: 'the onboarding is not waiting for support',
  issueKycAccess: 'no KYC is open for the person now',
};

/** What the person's app needs for KYC now: a freshly minted app token (Sumvin, 600 s), never stored by the workflow. */
export const issueKycAccessUpdate = defineUpdate<{ identificationUrl?: string; accessToken?: Secret }, [{ actor?: Actor }]>('issueKycAccess');

/** One event handed to a reference's event delivery (workflows/event-delivery.ts). */
export const backendEventSignal = defineSignal<[BackendEvent]>('backendEvent');
/** The delivery's workflow id, beside the onboarding's; one per reference, across its runs. */
export const eventDeliveryIdFor = (reference: string) => `backend-events-${reference}`;

/**
 * What each message does, in the Web UI's forms and `temporal workflow metadata` (the handlers pass
 * it as their description: `described(definition)`).
 */
const descriptions: Record<string, string> = {
  status: "The onboarding's status: step, timeline, OTP and KYC state, what waits and for whom (no personal data).",
  firstWait: "Answers once the onboarding first waits (a code sent, KYC, support) or fails with the provider's refusal. Read-only.",
  kycDecision: 'Support staff or a provider webhook report a KYC decision; a VERIFIED claim is checked with the provider.',
  submitOtp: "The person's OTP code; refused when malformed or when no code is awaited.",
  resendOtp: 'A new code on the current channel, within the resend limit and cooldown.',
  supplyCredential: "A fresh credential from the backend (Sumvin: the person's new JWT) after the old one expired.",
  cancelRequested: "Who asks for the cancellation, for the audit trail (the cancel itself is Temporal's).",
  resolveSupport: "Support's answer after checking by hand a call whose outcome was lost: retry, or found.",
  issueKycAccess: "What the person's app needs for KYC now (Sumvin: a fresh app token), never stored.",
  backendEvent: 'One event for the backend, delivered in order and once by id.',
};

/** The handler options that carry a message's description. */
export function described(definition: { name: string }): { description: string } {
  return { description: descriptions[definition.name] };
}
