import type { z } from 'zod';
import type { ProviderCall } from '../domain/provider-calls';

export type OtpChannel = 'email' | 'sms';

/** What the workflow knows of a provider's flow: capabilities, never URLs or field names. */
export interface Capabilities {
  /**
   * How we act as the user: a long-lived minted token kept in the workflow (Sovera), a session
   * opened by login + OTP (Stokn), a short token minted inside each call and never kept (sFOX),
   * or the person's own JWT supplied by the backend (Sumvin).
   */
  credential: 'minted-token' | 'otp-session' | 'fresh-token' | 'user-jwt';
  /** Contact channels to prove with an OTP, in the order the provider requires. */
  otpChannels: readonly OtpChannel[];
  /** True when the provider sends the first code by itself (so we must not ask for another). */
  otpSentOnCreate: boolean;
  /** Lifetime of one code before a resend is needed. */
  otpTtl: string;
  /** Digits in a code, for the update validator. */
  otpLength: number;
  /** True when KYC is started by a call (identification URL, applicant) before it is observed. */
  kycStart: boolean;
  /** True when the person's KYC app needs a short-lived token from us (Sumvin's access token, 600 s). */
  kycAppToken: boolean;
  /** What holds the funds and whether it appears asynchronously. */
  holder: 'wallet' | 'portfolio' | 'safe' | 'account';
  /** True when a cancelled onboarding can be undone at the provider (sFOX deactivates the account). */
  canDeactivate: boolean;
}

/** The dotted paths of the input fields each call reads (beyond `provider` and `reference`); a call not listed reads none. */
export type CallNeeds = Partial<Record<ProviderCall, readonly string[]>>;

/**
 * Everything the workflow, the API and the client know of one provider: pure data and pure
 * functions, safe in workflow code. Its HTTP side (adapter, emulator) is in providers/registry.ts.
 */
export interface ProviderProfile<Name extends string = string, Input extends z.ZodType<{ provider: Name }> = z.ZodType<{ provider: Name }>> {
  readonly name: Name;
  /** What a backend sends to start an onboarding with this provider (the `provider` field names it). */
  readonly input: Input;
  /** The flow for one input (sFOX: a corporation proves its email only). */
  capabilities(input: z.output<Input>): Capabilities;
  /** Which fields of the input each call reads, so that each activity's input carries only those (domain/call-inputs.ts). */
  readonly callNeeds: CallNeeds;
  /** What identifies the person at the provider, as a restart compares it (kept only as a digest). */
  identity(input: z.output<Input>): string;
}
