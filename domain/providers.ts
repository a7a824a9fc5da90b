/**
 * What the workflow knows of a provider: capabilities, never URLs or field names.
 * Pure data, safe to import from workflow code.
 */
export const providerNames = ['sovera', 'stokn', 'sfox', 'sumvin'] as const;
export type ProviderName = (typeof providerNames)[number];

export type OtpChannel = 'email' | 'sms';

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

const capabilities: Record<ProviderName, Capabilities> = {
  sovera: {
    credential: 'minted-token',
    otpChannels: [],
    otpSentOnCreate: false,
    otpTtl: '10 minutes',
    otpLength: 6,
    kycStart: false,
    kycAppToken: false,
    holder: 'wallet',
    canDeactivate: false,
  },
  stokn: {
    credential: 'otp-session',
    otpChannels: ['sms'],
    otpSentOnCreate: false,
    otpTtl: '5 minutes',
    otpLength: 4,
    kycStart: true,
    kycAppToken: false,
    holder: 'portfolio',
    canDeactivate: false,
  },
  sfox: {
    credential: 'fresh-token',
    otpChannels: ['email', 'sms'],
    otpSentOnCreate: true,
    otpTtl: '10 minutes',
    otpLength: 6,
    kycStart: false,
    kycAppToken: false,
    holder: 'account',
    canDeactivate: true,
  },
  sumvin: {
    credential: 'user-jwt',
    otpChannels: ['sms'],
    otpSentOnCreate: false,
    otpTtl: '10 minutes',
    otpLength: 6,
    kycStart: true,
    kycAppToken: true,
    holder: 'safe',
    canDeactivate: false,
  },
};

/** Capabilities for one onboarding: its provider, and for sFOX its account type (businesses prove their email only). */
export function capabilitiesOf(input: { provider: ProviderName; accountType?: string }): Capabilities {
  const c = capabilities[input.provider];
  if (input.provider === 'sfox' && input.accountType === 'corporation') return { ...c, otpChannels: ['email'] };
  return c;
}
