/**
 * Every failure type the onboarding can raise, whether a retry can help, and what a failed poll
 * of that type means for a long wait. Adapters raise `ApplicationFailure`s of these types (details:
 * provider, HTTP status, the provider's code); the retry policies read the same table, so what is
 * retryable is decided here and nowhere else.
 *
 * `poll` (for polls inside a wait of up to weeks: KYC status, the holder being built):
 * - 'skip': a passing fault, the next poll comes anyway; shown as the last poll failure.
 * - 'alert': something an operator must fix (a rotated partner key, a route or user gone, an
 *   answer we cannot read); one poll must not end a 30-day wait, so the wait goes on and the
 *   onboarding says it needs action.
 * - 'end': a verdict; the onboarding ends.
 */
export const failureTypes = {
  /** The provider refused the data (422, 400): retrying the same request cannot help. */
  ProviderValidation: { retryable: false, poll: 'alert' },
  /** The provider already holds a conflicting record (409 on an email or phone of someone else). */
  ProviderConflict: { retryable: false, poll: 'alert' },
  /** Our partner credentials were refused: configuration, not a passing fault. */
  ProviderAuth: { retryable: false, poll: 'alert' },
  /** The provider refuses the action for this user now (for example before KYC). */
  ProviderForbidden: { retryable: false, poll: 'alert' },
  ProviderNotFound: { retryable: false, poll: 'alert' },
  /** The user's credential (token, session, JWT) has expired; the workflow renews it. */
  CredentialExpired: { retryable: false, poll: 'alert' },
  /** An answer that does not match the provider's documented shape. */
  InvalidProviderResponse: { retryable: false, poll: 'alert' },
  /** 5xx, 408, 425 and other unlisted 4xx, timeouts, connection resets: retried with backoff. */
  ProviderUnavailable: { retryable: true, poll: 'skip' },
  /** 429: retried no sooner than the provider's Retry-After. */
  ProviderRateLimited: { retryable: true, poll: 'skip' },
  /**
   * An earlier attempt's answer was lost and the provider documents no way to find what it did
   * (no caller-chosen id, no 409 with the object, no documented list). The onboarding stops for
   * support, naming the call to check by hand; guessing could create a second object.
   */
  ProviderOutcomeUnknown: { retryable: false, poll: 'end' },
  /** Something the provider is still doing (a Safe being created): polled again. */
  ProviderNotReady: { retryable: true, poll: 'skip' },
  /** The backend's event endpoint is down, answered 5xx, 408 or 429: the event is sent again later. */
  BackendUnavailable: { retryable: true, poll: 'skip' },
  /** The backend refused an event (4xx: a wrong secret, a URL that is gone): configuration to fix, not retried. */
  BackendEventRejected: { retryable: false, poll: 'alert' },
  InvalidInput: { retryable: false, poll: 'end' },
  KycRejected: { retryable: false, poll: 'end' },
  KycDeadlineExceeded: { retryable: false, poll: 'end' },
  OtpAttemptsExhausted: { retryable: false, poll: 'end' },
  OtpExpired: { retryable: false, poll: 'end' },
  HolderCreationFailed: { retryable: false, poll: 'end' },
  OnboardingCancelled: { retryable: false, poll: 'end' },
} as const satisfies Record<string, { retryable: boolean; poll: 'skip' | 'alert' | 'end' }>;

export type FailureType = keyof typeof failureTypes;

export const nonRetryableFailureTypes: FailureType[] = (Object.keys(failureTypes) as FailureType[]).filter((t) => !failureTypes[t].retryable);

/** Details carried by a provider failure: safe to show (never secrets or PII values). */
export interface ProviderFailureDetails {
  provider: string;
  status?: number;
  code?: string;
  field?: string;
  /** ProviderOutcomeUnknown: what support must check by hand (ids and routes only, never PII). */
  check?: string;
  /**
   * ProviderOutcomeUnknown: what support hands back when it finds the object ("found"): the
   * session field the workflow fills (then it skips the create call) and which of its ids.
   * `user`: ProviderUser (`id`, and `accountId` for Stokn); `holder`: Holder (`id`; kind from the
   * capabilities, ready: true).
   */
  found?: { object: 'user' | 'holder'; ids: readonly string[] };
}
