import type { Credential, DepositAddress, Holder, KycObservation, KycStart, OtpChallenge, OtpVerification, ProviderUser } from '../domain/onboarding';
import type { CallInputBase } from '../domain/call-inputs';
import type { AnySession, CallSession, Session } from '../domain/session';

import { providerFailure } from './failures';

export type { AnySession, CallSession, Session };
import type { OtpChannel, ProviderName } from '../domain/providers';

/**
 * One provider behind one small interface. Every method is idempotent: called again after a lost
 * answer it finds what the first call created instead of creating it twice. Failures are
 * `ApplicationFailure`s typed by domain/failures.ts (see providers/http.ts and providers/failures.ts).
 * Optional methods exist exactly when the provider's capabilities (domain/providers.ts) need them.
 */
export interface ProviderAdapter {
  readonly name: ProviderName;
  /** Creates the user, or finds the one an earlier attempt created. */
  createUser(session: CallSession<'createUser'>): Promise<ProviderUser>;
  /** credential 'minted-token': mints a token to act as the user. */
  mintCredential?(session: CallSession<'mintCredential'> & { user: ProviderUser }): Promise<Credential>;
  /** credential 'otp-session' or expired tokens: renews the credential without the person. */
  refreshCredential?(session: CallSession<'refreshCredential'> & { user: ProviderUser; credential: Credential }): Promise<Credential>;
  /** Sends (or re-sends) an OTP code on a channel. */
  sendOtp?(session: CallSession<'sendOtp'> & { user: ProviderUser }, channel: OtpChannel): Promise<OtpChallenge>;
  /** Checks a code; on success may hand back a credential (Stokn's session). */
  verifyOtp?(session: CallSession<'verifyOtp'> & { user: ProviderUser; challenge: OtpChallenge }, code: string): Promise<OtpVerification>;
  /** kycStart: opens the KYC process; returns the identification URL where the provider has one. */
  startKyc?(session: CallSession<'startKyc'> & { user: ProviderUser }): Promise<KycStart>;
  /** A short-lived token for the person's KYC app (Sumvin, 600 s), minted when asked and never stored. */
  issueKycAccess?(session: CallSession<'issueKycAccess'> & { user: ProviderUser }): Promise<KycStart>;
  getKycStatus(session: CallSession<'getKycStatus'> & { user: ProviderUser }): Promise<KycObservation>;
  /** Creates the wallet, portfolio or Safe, or finds the one already created. */
  createHolder(session: CallSession<'createHolder'> & { user: ProviderUser }): Promise<Holder>;
  /** For holders created asynchronously (a Safe): reads its progress. */
  getHolder?(session: CallSession<'getHolder'> & { user: ProviderUser; holder: Holder }): Promise<Holder>;
  depositAddress(session: CallSession<'depositAddress'> & { user: ProviderUser; holder: Holder }): Promise<DepositAddress>;
  /** Compensation when an onboarding is cancelled (sFOX deactivates the account). */
  deactivate?(session: CallSession<'deactivate'> & { user: ProviderUser }): Promise<void>;
}

/**
 * The call's input for one provider (trimmed to what the call reads, or whole); an adapter handed
 * another provider's input is a bug, not a retry.
 */
export function inputFor<I extends CallInputBase, P extends I['provider']>(session: Session<I>, provider: P): Extract<I, { provider: P }> {
  if (session.input.provider !== provider) {
    throw providerFailure('InvalidInput', `${provider} adapter called for a ${session.input.provider} onboarding`, { provider });
  }
  return session.input as Extract<I, { provider: P }>;
}
