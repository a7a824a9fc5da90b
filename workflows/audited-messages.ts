import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../domain/actor';
import type { Secret } from '../domain/secret';
import type { KycDecision, OtpAnswer, OtpSent } from './definitions';

/**
 * The onboarding's messages as the API, the webhooks and the CLI send them: each carries the
 * `actor` who sent it (from the authenticated principal, never from a request body), so the
 * workflow can keep the audit trail in its status query. Same message names as
 * workflows/definitions.ts: the payloads only gain fields, so a workflow that does not read
 * them yet is unaffected. (To be folded into definitions.ts with the workflow's side.)
 */
export interface Audited {
  actor?: Actor;
}

export interface KycDecisionMessage extends KycDecision, Audited {
  /** The provider webhook's delivery id: a redelivered event must be recognised and ignored. */
  deliveryId?: string;
}

export const auditedKycDecisionSignal = defineSignal<[KycDecisionMessage]>('kycDecision');
export const auditedSubmitOtpUpdate = defineUpdate<OtpAnswer, [{ code: string } & Audited]>('submitOtp');
export const auditedResendOtpUpdate = defineUpdate<OtpSent, [Audited]>('resendOtp');
export const auditedSupplyCredentialSignal = defineSignal<[{ credential: Secret } & Audited]>('supplyCredential');

/**
 * Sent just before the workflow is cancelled (a cancellation request carries no payload), so
 * the audit trail says who cancelled.
 */
export const cancelRequestedSignal = defineSignal<[{ actor: Actor }]>('cancelRequested');

/** The memo field of the start request that names who started the onboarding. */
export const startedByMemoKey = 'startedBy';

/** One line of the audit trail the status query is to show (the workflow's side). */
export interface AuditEntry {
  at: string;
  actor: Actor;
  action: 'started' | 'kyc-decision' | 'otp-submitted' | 'otp-resent' | 'credential-supplied' | 'cancel-requested';
  /** A provider webhook's delivery id, for kyc-decision entries that came from one. */
  deliveryId?: string;
}
