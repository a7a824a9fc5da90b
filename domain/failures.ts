/**
 * Every failure type the onboarding can raise, and whether a retry can help. Adapters raise
 * `ApplicationFailure`s of these types; the retry policies read the same table, so what is
 * retryable is decided here and nowhere else.
 */
export const failureTypes = {
  /** The provider refused the data (422, 400): retrying the same request cannot help. */
  ProviderValidation: { retryable: false },
  /** The provider already holds a conflicting record (409 on an email or phone of someone else). */
  ProviderConflict: { retryable: false },
  /** Our partner credentials were refused: configuration, not a passing fault. */
  ProviderAuth: { retryable: false },
  /** The provider refuses the action for this user now (for example before KYC). */
  ProviderForbidden: { retryable: false },
  ProviderNotFound: { retryable: false },
  /** The user's credential (token, session, JWT) has expired; the workflow renews it. */
  CredentialExpired: { retryable: false },
  /** An answer that does not match the provider's documented shape. */
  InvalidProviderResponse: { retryable: false },
  /** 5xx, timeouts, connection resets: retried with backoff. */
  ProviderUnavailable: { retryable: true },
  /** 429: retried no sooner than the provider's Retry-After. */
  ProviderRateLimited: { retryable: true },
  /**
   * An earlier attempt's answer was lost and the provider documents no way to find what it did
   * (no caller-chosen id, no 409 with the object, no documented list). The onboarding stops for
   * support, naming the call to check by hand; guessing could create a second object.
   */
  ProviderOutcomeUnknown: { retryable: false },
  /** Something the provider is still doing (a Safe being created): polled again. */
  ProviderNotReady: { retryable: true },
  /** The backend's event endpoint is down, answered 5xx, 408 or 429: the event is sent again later. */
  BackendUnavailable: { retryable: true },
  /** The backend refused an event (4xx: a wrong secret, a URL that is gone): configuration to fix, not retried. */
  BackendEventRejected: { retryable: false },
  InvalidInput: { retryable: false },
  KycRejected: { retryable: false },
  KycDeadlineExceeded: { retryable: false },
  OtpAttemptsExhausted: { retryable: false },
  OtpExpired: { retryable: false },
  HolderCreationFailed: { retryable: false },
  OnboardingCancelled: { retryable: false },
} as const satisfies Record<string, { retryable: boolean }>;

export type FailureType = keyof typeof failureTypes;

export const nonRetryableFailureTypes: FailureType[] = (Object.keys(failureTypes) as FailureType[]).filter(
  (t) => !failureTypes[t].retryable,
);

/** Details carried by a provider failure: safe to show (never secrets or PII values). */
export interface ProviderFailureDetails {
  provider: string;
  status?: number;
  code?: string;
  field?: string;
  /** ProviderOutcomeUnknown: what support must check by hand (ids and routes only, never PII). */
  check?: string;
}
