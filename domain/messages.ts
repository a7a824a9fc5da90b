import { z } from 'zod';
import { actorIdPattern, apiRoles, type Actor } from './actor';
import { text, token } from './inputs/text';

// zod sets its English messages as an import side effect, which the workflow bundler drops
// (zod declares no side effects): set them here, where workflow code first needs them.
z.config(z.locales.en());

/**
 * The payloads of the onboarding's signals and updates. The client checks what it sends (so a
 * bad message never leaves it, with field-level errors); the workflow checks what it receives
 * (anyone with access to the namespace can send a message): in a signal handler, and in the
 * validator of an update. Pure zod, safe in workflow code.
 * These schemas are part of the workflow's determinism: a signal is checked again on replay, so
 * tightening one is a workflow change and goes behind `patched()`.
 */

/** The longest KYC rejection reason: it goes into the failure message and the status. */
export const maxReasonLength = 500;

/** An id as it may appear in logs and the audit trail: a principal, a provider's object, a delivery. */
const id = z
  .string({ error: 'must be a string' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/, 'must be an id of 1-128 letters, digits, ".", "_", ":", "@" or "-"');

/** Who sent a message (domain/actor.ts): the API's authenticated principal and its role, the CLI's operator, a provider's webhook. */
export const actor = z
  .object({
    id: z.string({ error: 'must be a string' }).regex(actorIdPattern, 'must be an id of 1-64 letters, digits, ".", "_", ":", "@" or "-"'),
    role: z.enum([...apiRoles, 'webhook', 'cli']),
  })
  .strict() satisfies z.ZodType<Actor>;
export type { Actor };

/** Signal `kycDecision`: support staff or a provider webhook report a KYC decision. */
export const kycDecisionPayload = z
  .object({
    decision: z.enum(['VERIFIED', 'REJECTED'], { error: 'must be "VERIFIED" or "REJECTED"' }),
    reason: text(maxReasonLength).optional(),
    /** Who decided, for clients that send no actor: an id such as a support user id, never a name. */
    decidedBy: id.optional(),
    actor: actor.optional(),
    /** A provider webhook's delivery id: a replayed delivery is applied once. */
    deliveryId: id.optional(),
  })
  .strict();
export type KycDecision = z.output<typeof kycDecisionPayload>;

/** Signal `supplyCredential`: a fresh credential for the person (Sumvin: their new JWT). */
export const supplyCredentialPayload = z
  .object({ credential: z.object({ secret: token(8192, 'a credential') }).strict(), actor: actor.optional() })
  .strict();
export type CredentialSupply = z.output<typeof supplyCredentialPayload>;

/** Update `submitOtp`: the code the person received; the workflow also checks the provider's length. */
export const submitOtpPayload = z
  .object({
    code: z.string({ error: 'is required' }).regex(/^\d{4,8}$/, 'must be the 4 to 8 digits the person received'),
    actor: actor.optional(),
  })
  .strict();
export type OtpSubmission = z.output<typeof submitOtpPayload>;

/** `submitOtpPayload` for a provider whose codes have exactly `length` digits. */
export function otpCodeOf(length: number) {
  return submitOtpPayload.extend({
    code: z.string({ error: 'is required' }).regex(new RegExp(`^\\d{${length}}$`), `must be ${length} digits`),
  });
}

/** Update `resendOtp`: who asks for a new code. */
export const resendOtpPayload = z.object({ actor: actor.optional() }).strict();
export type OtpResendRequest = z.output<typeof resendOtpPayload>;

/** Update `issueKycAccess`: who asks for the person's KYC app token. */
export const kycAccessPayload = resendOtpPayload;

/** Signal `cancelRequested`: recorded before a cancellation, so the audit trail says who cancelled. */
export const cancelRequestPayload = z.object({ actor: actor.optional(), reason: text(maxReasonLength).optional() }).strict();
export type CancelRequest = z.output<typeof cancelRequestPayload>;

/** Update `resolveSupport`: support checked by hand: nothing was created ("retry"), or it was, and here are its ids ("found"). */
export const supportResolutionPayload = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('retry'), actor: actor.optional() }).strict(),
  z
    .object({ decision: z.literal('found'), userId: id.optional(), accountId: id.optional(), holderId: id.optional(), actor: actor.optional() })
    .strict(),
]);
export type SupportResolution = z.output<typeof supportResolutionPayload>;

/** "field: message" for the first problem of a message, for a validator's refusal. */
export function messageProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join('.') || 'message'}: ${issue.message}`;
}
