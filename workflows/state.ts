import type { Capabilities, OtpChannel } from '../domain/providers';
import type { Credential, Holder, KycObservation, ProviderUser } from '../domain/onboarding';
import type { BackendEvent } from '../domain/events';
import type { AuditEntry, KycDecision, StepRecord, SupportResolution } from './definitions';

/**
 * Everything an onboarding has achieved and observed: what the status shows and what a
 * continue-as-new carries into the next run. Steps read and write it; nothing else is kept
 * between workflow tasks except the live OTP challenge.
 */
export interface OnboardingState {
  version: 2;
  /** Captured at the first run, so a later change of a provider's capabilities applies to new onboardings only. */
  caps: Capabilities;
  /** A uuid chosen once: the idempotency key where the provider lets us choose the user id. */
  userKey: string;
  /** Whose onboarding this is, as a digest (activities/person-digest.ts); absent in onboardings started before restarts adopted. */
  person?: string;
  /** Started again after a failed run: that run, and whether its user was adopted (workflows/restart.ts). */
  restart?: { runId: string; adoptedUser: boolean };
  startedAt: number;
  kycDeadlineAt: number;
  user?: ProviderUser;
  /** How we act as the user (minted token, OTP session, the person's JWT); encrypted like every payload. */
  credential?: Credential;
  /** A credential the backend supplied that has not been used yet (it may come before it is needed). */
  suppliedCredential?: Credential;
  /** The workflow task that brought it (run and history length): one from an earlier task is used without a wait. */
  suppliedCredentialAt?: { runId: string; historyLength: number };
  contact: { verified: OtpChannel[]; wrongCodes: number; resends: Partial<Record<OtpChannel, number>> };
  kyc: {
    identificationUrl?: string;
    started: boolean;
    verified: boolean;
    checks: number;
    observation?: KycObservation;
    checkedAt?: number;
    /** A VERIFIED claim waiting for the next successful poll to confirm it. */
    pendingClaim?: KycDecision;
    unconfirmedClaim?: string;
  };
  /**
   * Messages accepted and not yet acted on. Kept in the state so a continue-as-new carries them:
   * one that lands while the run waits for its handlers to finish is acted on by the next run.
   */
  pendingDecision?: KycDecision;
  supportAnswer?: SupportResolution;
  holder?: Holder;
  holderPoll?: { checks: number; deadlineAt: number; intervalMs: number };
  depositAddress?: string;
  lastPollFailure?: { type: string; message: string; at: string };
  alert?: { type: string; message: string; since: string };
  support?: { step: string; check: string; needs: string[]; since: string };
  timeline: StepRecord[];
  audit: AuditEntry[];
  /** Webhook deliveries already applied, newest last (bounded). */
  deliveries: string[];
  /** Events for the backend not yet confirmed, in order; absent when this onboarding sends none (workflows/events.ts). */
  events?: { sequence: number; pending: BackendEvent[] };
}

/** The shape an onboarding released before this state object carried (see git history of workflows/onboarding.ts). */
export interface LegacyProgress {
  userKey: string;
  startedAt: number;
  kycDeadlineAt: number;
  user?: ProviderUser;
  credential?: Credential;
  verifiedChannels: OtpChannel[];
  wrongCodes: number;
  kycAccess?: { identificationUrl?: string };
  kycVerified: boolean;
  kycChecks: number;
  holder?: Holder;
  timeline: StepRecord[];
}

/**
 * What a continue-as-new carries must stay small however long an onboarding lives: the audit
 * trail and the timeline keep their first entries (who started it, how it began) and the latest.
 */
export const auditLimit = 100;
export const timelineLimit = 50;
const keptFromTheStart = 10;
export const deliveryMemory = 200;

export function initialState(caps: Capabilities, userKey: string, now: number, kycDeadlineMs: number): OnboardingState {
  return {
    version: 2,
    caps,
    userKey,
    startedAt: now,
    kycDeadlineAt: now + kycDeadlineMs,
    contact: { verified: [], wrongCodes: 0, resends: {} },
    kyc: { started: false, verified: false, checks: 0 },
    timeline: [],
    audit: [],
    deliveries: [],
  };
}

/** A run continued by the released version carries its older progress: read it into today's state. */
export function carriedState(carried: OnboardingState | LegacyProgress, caps: Capabilities): OnboardingState {
  if ('version' in carried && carried.version === 2) return carried;
  const old = carried as LegacyProgress;
  return {
    version: 2,
    caps,
    userKey: old.userKey,
    startedAt: old.startedAt,
    kycDeadlineAt: old.kycDeadlineAt,
    user: old.user,
    credential: old.credential,
    contact: { verified: old.verifiedChannels, wrongCodes: old.wrongCodes, resends: {} },
    // The released version kept Sumvin's app token here; it is dropped (issueKycAccess mints a fresh one).
    kyc: {
      identificationUrl: old.kycAccess?.identificationUrl,
      started: old.kycAccess !== undefined,
      verified: old.kycVerified,
      checks: old.kycChecks,
    },
    holder: old.holder,
    timeline: old.timeline,
    audit: [],
    deliveries: [],
  };
}

export function recordAudit(state: OnboardingState, entry: AuditEntry): void {
  appendBounded(state.audit, entry, auditLimit);
}

export function recordStep(state: OnboardingState, entry: StepRecord): void {
  appendBounded(state.timeline, entry, timelineLimit);
}

/** Appends; past `limit`, drops the oldest entries after the first few. */
function appendBounded<T>(list: T[], entry: T, limit: number): void {
  list.push(entry);
  if (list.length > limit) list.splice(keptFromTheStart, list.length - limit);
}
