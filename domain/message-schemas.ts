import { z } from 'zod';

// zod sets its English messages as an import side effect, which the workflow bundler drops
// (zod declares no side effects): set them here, where workflow code first needs them.
z.config(z.locales.en());

/**
 * The schemas of the messages an onboarding accepts after it started (signals and updates), as
 * builders: each call makes a fresh schema, and nothing is built when this module loads.
 *
 * Why builders: the worker instantiates a workflow's modules once per cached workflow (only the
 * SDK's own are shared), and zod schemas are heavy (each instance carries its own methods).
 * Built at module load, these and the input schemas held 2.1 MB of heap in each cached
 * onboarding; now it is 0.49 MB, most of it zod's own modules (measured with `npm run bench --
 * --measures p5`). The workflow builds the schema it needs when a message arrives (about half a
 * millisecond) and lets it go; `domain/messages.ts` builds each once for the client and the API.
 * Same rules either way: a verdict is part of the workflow's determinism (a signal is re-checked
 * on replay), so tightening one goes behind `patched()`.
 */

/** An id as it appears in logs and the audit trail: a principal, a provider object, a delivery. */
const safeId = () =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(128, 'must be at most 128 characters')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, 'must be letters, digits, ".", "_", ":", "@" or "-"');

/** Who sent a message: the authenticated principal of the API, the CLI's operator, a provider's webhook. */
const actor = () => z.object({ id: safeId(), role: z.enum(['backend', 'support', 'operator', 'webhook', 'cli']) }).strict();

/** Free text that ends up in a failure message: short, one line, no control characters. */
const reasonText = () =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(500, 'must be at most 500 characters')
    .regex(/^[^\p{Cc}\p{Cf}]*$/u, 'must not contain control or formatting characters');

export const messageSchemas = {
  safeId,
  actor,
  reasonText,
  kycDecision: () =>
    z
      .object({
        decision: z.enum(['VERIFIED', 'REJECTED']),
        reason: reasonText().optional(),
        /** Kept for older clients; the actor's id is what the audit trail shows. */
        decidedBy: safeId().optional(),
        actor: actor().optional(),
        /** A provider webhook's delivery id: a replayed delivery is recorded once. */
        deliveryId: safeId().optional(),
      })
      .strict(),
  otpSubmission: () => z.object({ code: z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits'), actor: actor().optional() }).strict(),
  otpResendRequest: () => z.object({ actor: actor().optional() }).strict(),
  /** A secret as domain/inputs/common.ts's `secretInput` takes it, up to 8 KiB (a JWT). */
  credentialSupply: () =>
    z
      .object({
        credential: z.object({ secret: z.string().min(1).max(8192, 'must be at most 8192 characters') }).strict(),
        actor: actor().optional(),
      })
      .strict(),
  cancelRequest: () => z.object({ actor: actor().optional(), reason: reasonText().optional() }).strict(),
  /** Support checked by hand: nothing was created ("retry"), or it was, and here are its ids ("found"). */
  supportResolution: () =>
    z.discriminatedUnion('decision', [
      z.object({ decision: z.literal('retry'), actor: actor().optional() }).strict(),
      z
        .object({
          decision: z.literal('found'),
          userId: safeId().optional(),
          accountId: safeId().optional(),
          holderId: safeId().optional(),
          actor: actor().optional(),
        })
        .strict(),
    ]),
};

/** "field: message" for the first problem of a message, for a validator's refusal. */
export function messageProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join('.') || 'message'}: ${issue.message}`;
}
