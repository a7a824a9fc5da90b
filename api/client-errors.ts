import {
  IdempotencyKeyReused,
  InvalidOnboardingInput,
  NoWorkerPolling,
  OnboardingAlreadyExists,
  OnboardingClosed,
  OnboardingNotFound,
  OnboardingRefused,
  ProviderUnavailableNow,
} from '../client/onboarding-client';
import { ProblemError } from './problems';

/** What the client library says, as problems; anything else is passed on (500, or 503 when Temporal is away). */
export function asProblem(err: unknown): unknown {
  if (err instanceof InvalidOnboardingInput) return new ProblemError(400, 'invalid-request', undefined, err.issues);
  if (err instanceof OnboardingNotFound) return new ProblemError(404, 'not-found', err.message);
  if (err instanceof OnboardingClosed) return new ProblemError(409, 'onboarding-closed', err.message);
  // Before OnboardingRefused (its subclass): "try again" is not "wrong".
  if (err instanceof ProviderUnavailableNow) return new ProblemError(503, 'provider-unavailable', err.message, undefined, { 'retry-after': '30' });
  if (err instanceof OnboardingRefused) return new ProblemError(409, 'message-refused', err.message);
  if (err instanceof OnboardingAlreadyExists) {
    return new ProblemError(409, 'reference-taken', `${err.message}: it is running or completed (a failed one may be started again, with a new Idempotency-Key)`);
  }
  if (err instanceof IdempotencyKeyReused) return new ProblemError(409, 'idempotency-key-reused', err.message);
  if (err instanceof NoWorkerPolling) return new ProblemError(503, 'no-worker', err.message);
  if (isUnavailable(err)) return new ProblemError(503, 'unavailable', 'Temporal did not answer; retry later', undefined, { 'retry-after': '5' });
  return err;
}

/** gRPC UNAVAILABLE (14) or DEADLINE_EXCEEDED (4), as the Temporal client reports an outage. */
function isUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown; cause?: { code?: unknown } })?.code ?? (err as { cause?: { code?: unknown } })?.cause?.code;
  return code === 14 || code === 4;
}

/** Runs a client call, turning its errors into problems. */
export async function viaClient<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw asProblem(err);
  }
}
