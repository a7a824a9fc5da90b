import { z } from 'zod';

/** Building blocks of the onboarding input, shared by the providers' input schemas. */

export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code, such as US');

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'must be a real calendar date');

/** The caller's own reference for this onboarding; the workflow id derives from it, so no PII. */
export const reference = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_" or "-" (never an email or a name)');

/** A secret handed to us by the backend (password, JWT): kept wrapped so logs never print it. */
export const secretInput = z.object({ secret: z.string().min(1, 'must not be empty') }).strict();

/** Temporal durations as people write them ("30 days", "1 minute", "500ms"). */
export const duration = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(ms|milliseconds?|s|seconds?|m|minutes?|h|hours?|d|days?)$/, 'must be a duration such as "30 days" or "10 seconds"');

/** How long and how often the onboarding waits; defaults suit production. */
export const waitOptions = z
  .object({
    kycPollInterval: duration.default('1 hour'),
    kycDeadline: duration.default('30 days'),
    /** Wrong OTP codes accepted before the onboarding gives up. */
    otpMaxAttempts: z.number().int().min(1).max(10).default(5),
    /** New codes a person may ask for on one channel, and how long after a code before another (ours: no provider documents one). */
    otpMaxResends: z.number().int().min(0).max(10).default(5),
    otpResendCooldown: duration.default('30 seconds'),
    /** How long a wallet, portfolio or Safe may take to be ready once asked for (ours). */
    holderDeadline: duration.default('1 day'),
  })
  .strict();

export const person = z
  .object({
    firstName: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
    lastName: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
    email: z.email('must be a valid email address'),
    phone: z.object({ country: countryCode, number: z.string().min(4).max(20, 'must be at most 20 characters') }).strict(),
    dateOfBirth: isoDate,
    address: z
      .object({
        country: countryCode,
        line1: z.string().min(1).max(80),
        city: z.string().min(1).max(100),
        state: z.string().min(1).max(50),
        postalCode: z.string().regex(/^[A-Za-z0-9 -]{2,10}$/, 'must be 2-10 letters or digits'),
      })
      .strict(),
    identity: z
      .object({ type: z.enum(['ssn', 'passport']), number: z.string().min(4).max(30), country: countryCode })
      .strict(),
  })
  .strict();
export type Person = z.infer<typeof person>;
