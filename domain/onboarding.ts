import type { Secret } from './secret';
import type { OtpChannel, ProviderName } from './providers';

/** The user as created at the provider: only non-secret identifiers. */
export interface ProviderUser {
  /** The provider's id for the user (Sovera user_id, Stokn userId, sFOX user_id, Sumvin id). */
  id: string;
  /** A second id some providers need (Stokn's accountId). */
  accountId?: string;
}

/** A credential to act as the user: kept in the workflow's (encrypted) state, never in its result or status. */
export interface Credential {
  token: Secret;
  /** ISO 8601; absent when the provider gives none. */
  expiresAt?: string;
  refreshToken?: Secret;
}

export interface OtpChallenge {
  channel: OtpChannel;
  /** The provider's handle for the challenge (Stokn's sessionId); not secret. */
  challengeId?: string;
  /** ISO 8601 time at which the code stops working. */
  expiresAt: string;
  /** Where the code went, masked ("+1 *** *** 2523"). */
  sentTo?: string;
}

export type OtpVerification = { accepted: true; credential?: Credential } | { accepted: false; reason: 'wrong-code' | 'expired'; attemptsLeft?: number };

export interface KycStart {
  /** Where the person completes KYC (Stokn's identification URL). */
  identificationUrl?: string;
  /** A token for the person's app (Sumvin's access token). */
  accessToken?: Secret;
}

export type KycState = 'pending' | 'verified' | 'rejected';

export interface KycObservation {
  state: KycState;
  /** The provider's own status word, for the status view ("PENDING", "in_progress", "retry"). */
  providerStatus: string;
  reason?: string;
}

export interface Holder {
  kind: 'wallet' | 'portfolio' | 'safe' | 'account';
  id: string;
  /** False while the provider is still creating it. */
  ready: boolean;
  /** 'failed' when the provider gave up creating it. */
  failed?: boolean;
  /** Some holders come with their address (a Safe). */
  address?: string;
}

export interface DepositAddress {
  address: string;
  currency: string;
  network: string;
}

/** What a completed onboarding returns. */
export interface OnboardingResult {
  provider: ProviderName;
  reference: string;
  userId: string;
  holder: { kind: Holder['kind']; id: string };
  deposit: DepositAddress;
  /**
   * No credential: a token to act as the person (Sovera's, valid a year) is the backend's to mint
   * with its own key when it needs one; an onboarding's result is no place to keep it.
   */
  completedAt: string;
}
