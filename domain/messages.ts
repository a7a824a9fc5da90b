import { z } from 'zod';
import { secretInput } from './inputs/common';

// zod sets its English messages as an import side effect, which the workflow bundler drops
// (zod declares no side effects): set them here, where workflow code first needs them.
z.config(z.locales.en());

/**
 * Payloads of the messages an onboarding accepts after it started (signals and updates). The
 * client checks them before sending; the workflow checks them again on receipt (update
 * validators, signal handlers), since anyone holding the codec key can send one.
 * These schemas are part of the workflow's determinism: a signal is re-checked on replay, so
 * tightening one is a workflow change and goes behind `patched()`.
 */

/** An id as it appears in logs and the audit trail: a principal, a provider object, a delivery. */
const safeId = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, 'must be letters, digits, ".", "_", ":", "@" or "-"');

/** Who sent a message: the authenticated principal of the API, the CLI's operator, a provider's webhook. */
export const actor = z.object({ id: safeId, role: z.enum(['backend', 'support', 'operator', 'webhook', 'cli']) }).strict();
export type Actor = z.infer<typeof actor>;

/** Free text that ends up in a failure message: short, one line, no control characters. */
export const reasonText = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(500, 'must be at most 500 characters')
  .regex(/^[^\p{Cc}\p{Cf}]*$/u, 'must not contain control or formatting characters');

export const kycDecision = z
  .object({
    decision: z.enum(['VERIFIED', 'REJECTED']),
    reason: reasonText.optional(),
    /** Kept for older clients; the actor's id is what the audit trail shows. */
    decidedBy: safeId.optional(),
    actor: actor.optional(),
    /** A provider webhook's delivery id: a replayed delivery is recorded once. */
    deliveryId: safeId.optional(),
  })
  .strict();
export type KycDecision = z.infer<typeof kycDecision>;

export const otpSubmission = z.object({ code: z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits'), actor: actor.optional() }).strict();
export type OtpSubmission = z.infer<typeof otpSubmission>;

export const otpResendRequest = z.object({ actor: actor.optional() }).strict();
export type OtpResendRequest = z.infer<typeof otpResendRequest>;

export const credentialSupply = z
  .object({ credential: secretInput.extend({ secret: z.string().min(1).max(8192, 'must be at most 8192 characters') }), actor: actor.optional() })
  .strict();
export type CredentialSupply = z.infer<typeof credentialSupply>;

export const cancelRequest = z.object({ actor: actor.optional(), reason: reasonText.optional() }).strict();
export type CancelRequest = z.infer<typeof cancelRequest>;

/** Support checked by hand: nothing was created ("retry"), or it was, and here are its ids ("found"). */
export const supportResolution = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('retry'), actor: actor.optional() }).strict(),
  z
    .object({
      decision: z.literal('found'),
      userId: safeId.optional(),
      accountId: safeId.optional(),
      holderId: safeId.optional(),
      actor: actor.optional(),
    })
    .strict(),
]);
export type SupportResolution = z.infer<typeof supportResolution>;

/** "field: message" for the first problem of a message, for a validator's refusal. */
export function messageProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join('.') || 'message'}: ${issue.message}`;
}
