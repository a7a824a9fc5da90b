import { z } from 'zod';
import { msToNumber } from '@temporalio/common/lib/time';
import type { Duration } from '@temporalio/common';
import { countryCode } from './countries';
import { pastDate } from './dates';
import { identity } from './identity';
import { postalCode, usStateCodes, usZip } from './regions';
import { lettered, personName, text } from './text';

/** Building blocks of the onboarding input, shared by the providers' input schemas. */

export { countryCode } from './countries';
export { isoDate, pastDate } from './dates';

/** The caller's own reference for this onboarding; the workflow id derives from it, so no PII. */
export const reference = z
  .string({ error: 'is required' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_" or "-" (never an email or a name)');

/** A secret handed to us by the backend (password, JWT): kept wrapped so logs never print it. */
export const secretInput = z
  .object({ secret: z.string({ error: 'is required' }).min(1, 'must not be empty').max(8192, 'must be at most 8192 characters') })
  .strict();

/**
 * An email address: the common format (zod's), at most 254 characters, a local part of at most 64
 * and domain labels of at most 63 that neither start nor end with "-" (RFC 5321/1035; sFOX checks them).
 */
export const email = z
  .string({ error: 'is required' })
  .trim()
  .max(254, { message: 'must be at most 254 characters', abort: true })
  .refine((s) => {
    const at = s.lastIndexOf('@');
    return (
      z.regexes.email.test(s) &&
      at <= 64 &&
      s
        .slice(at + 1)
        .split('.')
        .every((label) => label.length <= 63 && !label.startsWith('-') && !label.endsWith('-'))
    );
  }, 'must be a valid email address');

// ---------------------------------------------------------------------------------------------
// Durations
// ---------------------------------------------------------------------------------------------

const second = 1000;
const day = 24 * 60 * 60 * second;
/** Polling more often than this is a load on the provider, and a history that grows by the second. */
export const minPollIntervalMs = second;
/** Beyond this the status's dates stop making sense and a KYC wait is abandoned anyway. */
export const maxDeadlineMs = 400 * day;

/** Milliseconds of a duration written as the SDK reads it (the `ms` package behind msToNumber). */
export function durationMs(value: string): number {
  return msToNumber(value as Duration);
}

function parsesAsDuration(value: string): boolean {
  try {
    return Number.isFinite(durationMs(value));
  } catch {
    return false;
  }
}

/**
 * A duration as people write them ("30 days", "1 hour", "90s"), parsed by the same parser the
 * Temporal SDK uses, between `minMs` and `maxMs`. Normalised form: the string is kept as written,
 * with the guarantee that `durationMs()` (or the SDK's msToNumber) parses it and lands within the
 * bounds, so the workflow converts it without validating it again.
 */
function duration(minMs: number, minText: string) {
  return z
    .string({ error: 'must be a duration such as "30 days" or "10 seconds"' })
    .max(32, { message: 'must be at most 32 characters', abort: true })
    .refine(parsesAsDuration, { message: 'must be a duration such as "30 days", "1 hour" or "90s"', abort: true })
    .refine((v) => durationMs(v) >= minMs, `must be at least ${minText}`)
    .refine((v) => durationMs(v) <= maxDeadlineMs, 'must be at most 400 days');
}

/** How long and how often the onboarding waits; defaults suit production. */
export const waitOptions = z
  .object({
    /** Between two checks of the provider's KYC status: at least 1 second. */
    kycPollInterval: duration(minPollIntervalMs, '1 second').default('1 hour'),
    /** The whole onboarding's deadline: at least 1 second (no shorter than the poll interval), at most 400 days. */
    kycDeadline: duration(minPollIntervalMs, '1 second').default('30 days'),
    /** Wrong OTP codes accepted before the onboarding gives up. */
    otpMaxAttempts: z.number().int().min(1).max(10).default(5),
    /** New codes a person may ask for on one channel, and how long after a code before another (ours: no provider documents one). */
    otpMaxResends: z.number().int().min(0).max(10).default(5),
    otpResendCooldown: duration(0, '0 seconds').default('30 seconds'),
    /** How long a wallet, portfolio or Safe may take to be ready once asked for (ours): at least 10 seconds. */
    holderDeadline: duration(10 * second, '10 seconds').default('1 day'),
    /** How long a creating call may keep failing (a provider outage) before support is alerted (ours); it is retried on until the deadline. */
    outageAlertAfter: duration(second, '1 second').default('15 minutes'),
  })
  .strict()
  .superRefine((w, ctx) => {
    if (parsesAsDuration(w.kycPollInterval) && parsesAsDuration(w.kycDeadline) && durationMs(w.kycPollInterval) > durationMs(w.kycDeadline)) {
      ctx.addIssue({ code: 'custom', path: ['kycPollInterval'], message: 'must not be longer than kycDeadline' });
    }
  });

// ---------------------------------------------------------------------------------------------
// The person
// ---------------------------------------------------------------------------------------------

export const address = z
  .object({
    country: countryCode,
    line1: lettered(80),
    city: lettered(100),
    state: text(50),
    postalCode: z.string({ error: 'is required' }).trim().regex(postalCode, 'must be 2-10 letters or digits'),
  })
  .strict();
export type Address = z.output<typeof address>;

type Ctx = z.core.$RefinementCtx;

/** A U.S. address has a state code and a 5-digit ZIP code. */
export function checkUsAddress(ctx: Ctx, path: (string | number)[], a: { country: string; state: string; postalCode: string }): void {
  if (a.country !== 'US') return;
  if (!usStateCodes.has(a.state)) ctx.addIssue({ code: 'custom', path: [...path, 'state'], message: 'must be a 2-letter U.S. state code, such as CA' });
  if (!usZip.test(a.postalCode)) ctx.addIssue({ code: 'custom', path: [...path, 'postalCode'], message: 'must be 5 digits for a U.S. address' });
}

export { identity } from './identity';

export const person = z
  .object({
    firstName: personName,
    lastName: personName,
    email,
    /** The national number and its country; each provider checks the number its own way. */
    phone: z
      .object({ country: countryCode, number: z.string({ error: 'is required' }).trim().min(4, 'is too short').max(20, 'must be at most 20 characters') })
      .strict(),
    dateOfBirth: pastDate,
    address,
    identity,
  })
  .strict();
export type Person = z.output<typeof person>;
