import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Secret } from '../domain/secret';
import type { OtpChannel, ProviderName } from '../domain/providers';
import type { KycStart } from '../domain/onboarding';

/**
 * The onboarding's messages, shared by the workflow, the client library, the CLI and the tests.
 */

export type OnboardingStep =
  | 'creating-user'
  | 'obtaining-credential'
  | 'verifying-contact'
  | 'starting-kyc'
  | 'awaiting-kyc'
  | 'awaiting-credential'
  | 'creating-holder'
  | 'creating-deposit-address'
  | 'compensating'
  | 'completed'
  | 'failed';

export interface KycDecision {
  decision: 'VERIFIED' | 'REJECTED';
  reason?: string;
  /** Who decided (support user id, "webhook"): kept for the audit trail. */
  decidedBy?: string;
}

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
}

export interface StepRecord {
  step: OnboardingStep;
  startedAt: string;
  finishedAt?: string;
}

/** What the status query answers: ids and progress only, never a secret or a person's data. */
export interface OnboardingStatus {
  provider: ProviderName;
  reference: string;
  step: OnboardingStep;
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
    verified: OtpChannel[];
  };
  kyc?: {
    providerStatus?: string;
    checks: number;
    lastCheckedAt?: string;
    deadline: string;
    identificationUrl?: string;
    unconfirmedClaim?: string;
  };
  /** The last poll (KYC, holder) that failed for a passing reason; cleared by the next good one. */
  lastPollFailure?: { type: string; message: string; at: string };
  /** What the person or support must do for the onboarding to go on, in plain words. */
  nextAction?: string;
  failure?: { type: string; message: string };
}

export const statusQuery = defineQuery<OnboardingStatus>('status');

/** Support staff or a provider webhook report a KYC decision. A VERIFIED claim is checked with the provider. */
export const kycDecisionSignal = defineSignal<[KycDecision]>('kycDecision');

/** The person's OTP code; the validator refuses a malformed code or one sent when none is awaited. */
export const submitOtpUpdate = defineUpdate<OtpAnswer, [{ code: string }]>('submitOtp');

export const resendOtpUpdate = defineUpdate<OtpSent, []>('resendOtp');

/** A fresh credential from the backend (Sumvin: the person's new JWT) after the old one expired. */
export const supplyCredentialSignal = defineSignal<[{ credential: Secret }]>('supplyCredential');

/** What the person's app needs for KYC (identification URL, app token); a query so the token never enters history twice. */
export const kycAccessQuery = defineQuery<KycStart | undefined>('kycAccess');
