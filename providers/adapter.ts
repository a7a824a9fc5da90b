import type { Credential, DepositAddress, Holder, KycObservation, KycStart, OtpChallenge, OtpVerification, ProviderUser } from '../domain/onboarding';
import type { Session } from '../domain/session';

import { providerFailure } from './failures';

export type { Session };
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
  createUser(session: Session): Promise<ProviderUser>;
  /** credential 'minted-token': mints a token to act as the user. */
  mintCredential?(session: Session & { user: ProviderUser }): Promise<Credential>;
  /** credential 'otp-session' or expired tokens: renews the credential without the person. */
  refreshCredential?(session: Session & { user: ProviderUser; credential: Credential }): Promise<Credential>;
  /** Sends (or re-sends) an OTP code on a channel. */
  sendOtp?(session: Session & { user: ProviderUser }, channel: OtpChannel): Promise<OtpChallenge>;
  /** Checks a code; on success may hand back a credential (Stokn's session). */
  verifyOtp?(session: Session & { user: ProviderUser; challenge: OtpChallenge }, code: string): Promise<OtpVerification>;
  /** kycStart: opens the KYC process; returns the identification URL where the provider has one. */
  startKyc?(session: Session & { user: ProviderUser }): Promise<KycStart>;
  /** A short-lived token for the person's KYC app (Sumvin, 600 s), minted when asked and never stored. */
  issueKycAccess?(session: Session & { user: ProviderUser }): Promise<KycStart>;
  getKycStatus(session: Session & { user: ProviderUser }): Promise<KycObservation>;
  /** Creates the wallet, portfolio or Safe, or finds the one already created. */
  createHolder(session: Session & { user: ProviderUser }): Promise<Holder>;
  /** For holders created asynchronously (a Safe): reads its progress. */
  getHolder?(session: Session & { user: ProviderUser; holder: Holder }): Promise<Holder>;
  depositAddress(session: Session & { user: ProviderUser; holder: Holder }): Promise<DepositAddress>;
  /** Compensation when an onboarding is cancelled (sFOX deactivates the account). */
  deactivate?(session: Session & { user: ProviderUser }): Promise<void>;
}

/** The onboarding input of one provider; an adapter handed another provider's input is a bug, not a retry. */
export function inputFor<P extends Session['input']['provider']>(session: Session, provider: P): Extract<Session['input'], { provider: P }> {
  if (session.input.provider !== provider) {
    throw providerFailure('InvalidInput', `${provider} adapter called for a ${session.input.provider} onboarding`, { provider });
  }
  return session.input as Extract<Session['input'], { provider: P }>;
}
