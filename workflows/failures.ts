import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';
import { failureTypes, type FailureType, type ProviderFailureDetails } from '../domain/failures';

/** Reading the failures activities raise, from inside the workflow. */

function causeOf(err: unknown): unknown {
  return err instanceof ActivityFailure ? err.cause : err;
}

export function hasType(err: unknown, type: FailureType): boolean {
  const cause = causeOf(err);
  return cause instanceof ApplicationFailure && cause.type === type;
}

/** Failures a later attempt may not meet: retries ran out on a retryable error, or a timeout. */
export function isTransient(err: unknown): boolean {
  const cause = causeOf(err);
  return cause instanceof TimeoutFailure || (cause instanceof ApplicationFailure && !cause.nonRetryable);
}

export function describeFailure(err: unknown): { type: string; message: string } {
  const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
  if (cause instanceof ApplicationFailure) return { type: cause.type ?? 'ApplicationFailure', message: cause.message };
  return { type: 'Error', message: cause instanceof Error ? cause.message : String(cause) };
}

/** The safe details a provider failure carries (status, code, what to check by hand). */
export function detailsOf(err: unknown): ProviderFailureDetails | undefined {
  const cause = causeOf(err);
  return cause instanceof ApplicationFailure ? (cause.details?.[0] as ProviderFailureDetails | undefined) : undefined;
}

/** What a failed poll means for a long wait (domain/failures.ts): a passing fault, something to alert on, or a verdict. */
export function pollVerdict(err: unknown): 'skip' | 'alert' | 'end' {
  if (isTransient(err)) return 'skip';
  const cause = causeOf(err);
  const type = cause instanceof ApplicationFailure ? cause.type : undefined;
  return type && type in failureTypes ? failureTypes[type as FailureType].poll : 'alert';
}
