import { ApplicationFailure } from '@temporalio/common';
import { failureTypes, type FailureType, type ProviderFailureDetails } from '../domain/failures';

/** Raises a typed failure; retryability comes from the one table in domain/failures.ts. */
export function providerFailure(
  type: FailureType,
  message: string,
  details: ProviderFailureDetails,
  nextRetryDelayMs?: number,
): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message: scrub(message),
    nonRetryable: !failureTypes[type].retryable,
    details: [details],
    ...(nextRetryDelayMs !== undefined ? { nextRetryDelay: nextRetryDelayMs } : {}),
  });
}

export function isFailure(err: unknown, type: FailureType): err is ApplicationFailure {
  return err instanceof ApplicationFailure && err.type === type;
}

export function failureDetails(err: ApplicationFailure): ProviderFailureDetails | undefined {
  return err.details?.[0] as ProviderFailureDetails | undefined;
}

/**
 * Providers sometimes echo what they were sent. Error messages end up in histories and logs, so
 * emails, long digit runs (phones, SSNs, codes) and token-like strings are masked first.
 */
export function scrub(message: string): string {
  return message
    .replace(/[^\s@"']+@[^\s@"']+\.[^\s@"']+/g, '[email]')
    .replace(/\b(?:eyJ[\w-]+\.[\w-]+\.[\w-]+|[A-Fa-f0-9]{32,}|[A-Za-z0-9_-]{40,})\b/g, '[token]')
    .replace(/\+?\d[\d\s-]{4,}\d/g, '[number]');
}
