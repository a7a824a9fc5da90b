/**
 * How long provider calls may take, shared by the worker's HTTP path (providers/http.ts,
 * PROVIDER_HTTP_TIMEOUT_MS is capped to it) and the activity timeouts (workflows/retry-policies.ts),
 * so that an attempt's start-to-close always holds all of its calls. Pure data, safe in workflows.
 */

/** The calls an adapter makes, one activity each (providers/adapter.ts). */
export type ProviderCall =
  | 'createUser'
  | 'mintCredential'
  | 'refreshCredential'
  | 'sendOtp'
  | 'verifyOtp'
  | 'startKyc'
  | 'issueKycAccess'
  | 'getKycStatus'
  | 'createHolder'
  | 'getHolder'
  | 'depositAddress'
  | 'deactivate';

/** The longest one provider call may take. */
export const providerCallTimeoutMs = 15_000;

/** Time an attempt keeps beyond its calls: start-up, parsing, reporting the result. */
export const attemptMarginMs = 10_000;

/**
 * The most HTTP calls one adapter method makes in its worst case (every recovery path taken),
 * read off the adapters; the activity options of each group cover the largest of their methods.
 */
export const worstCaseCalls = {
  /** Sovera and sFOX: create, then read the user under our own id after a refusal. */
  createUser: 2,
  mintCredential: 1,
  refreshCredential: 1,
  sendOtp: 1,
  /** sFOX and Sumvin on a retried attempt: read the verification state, then verify. */
  verifyOtp: 2,
  /** Sumvin: applicant, then access token. */
  startKyc: 2,
  getKycStatus: 1,
  /** Stokn: read the account (when its id is unknown), list, create, list again. */
  createHolder: 4,
  getHolder: 1,
  /** sFOX: mint a token, call; once more with a fresh token when the first is refused. */
  depositAddress: 4,
  deactivate: 1,
} as const;

/** The start-to-close an attempt of `calls` provider calls needs. */
export function attemptBudgetMs(calls: number): number {
  return calls * providerCallTimeoutMs + attemptMarginMs;
}
