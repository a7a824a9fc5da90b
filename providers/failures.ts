import { ApplicationFailure } from '@temporalio/common';
import { failureTypes, type FailureType, type ProviderFailureDetails } from '../domain/failures';
import { callScope } from './call-scope';

/** Raises a typed failure; retryability comes from the one table in domain/failures.ts. */
export function providerFailure(type: FailureType, message: string, details: ProviderFailureDetails, nextRetryDelayMs?: number): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message: scrub(message, callScope().keep),
    nonRetryable: !failureTypes[type].retryable,
    details: [details],
    ...(nextRetryDelayMs !== undefined ? { nextRetryDelay: nextRetryDelayMs } : {}),
  });
}

/**
 * An earlier attempt's answer was lost and the provider documents no way to find what it did:
 * the onboarding stops for support. `check` is the call support makes by hand (ids and routes
 * only), `found` what it hands back when the object exists.
 */
export function outcomeUnknown(provider: string, message: string, check: string, found: NonNullable<ProviderFailureDetails['found']>): ApplicationFailure {
  return providerFailure('ProviderOutcomeUnknown', `${provider}: ${message}`, { provider, check, found });
}

export function isFailure(err: unknown, type: FailureType): err is ApplicationFailure {
  return err instanceof ApplicationFailure && err.type === type;
}

export function failureDetails(err: ApplicationFailure): ProviderFailureDetails | undefined {
  return err.details?.[0] as ProviderFailureDetails | undefined;
}

const uuid = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const email = /[^\s@"'<>(),;]+@[^\s@"'<>(),;]+\.[^\s@"'<>(),;]+/g;
const token = /\b(?:eyJ[\w-]+\.[\w-]+\.[\w-]+|[A-Fa-f0-9]{32,}|[A-Za-z0-9_-]{40,})\b/g;
/**
 * Four digits or more, possibly split by spaces, dots, dashes or brackets (phones, SSNs, codes,
 * bare dates), standing alone: digits inside a word ("USR-422-010", "customer-4711", "wal_8f3a")
 * and timestamps ("2026-01-15T10:30:00Z") are ids and times, not values of the person.
 */
const number = /(?<![\w-])\+?\(?\d(?:[\s().-]{0,2}\d){3,}(?![\w-])/g;

/**
 * Providers sometimes echo what they were sent. Error messages end up in histories and logs, so
 * emails, digit runs (phones, SSNs, codes) and token-like strings are masked first. Uuids and the
 * ids in `keep` (our reference, the user's and holder's ids) stay as they are: support needs them.
 */
export function scrub(message: string, keep: readonly string[] = []): string {
  const kept: string[] = [];
  const hold = (value: string) => `\uE000${kept.push(value) - 1}\uE000`;
  let out = message;
  const ids = [...new Set(keep)].filter((k) => k.length >= 4).sort((a, b) => b.length - a.length);
  if (ids.length > 0) {
    // Whole ids only: a reference of digits inside a phone number does not unmask the phone.
    out = out.replace(new RegExp(`(?<!\\w)(?:${ids.map(escapeRegExp).join('|')})(?!\\w)`, 'g'), hold);
  }
  out = out.replace(uuid, hold).replace(email, '[email]').replace(token, '[token]').replace(number, '[number]');
  return out.replace(/\uE000(\d+)\uE000/g, (_, i: string) => kept[Number(i)]);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
