import { z } from 'zod';
import { actorIdPattern, apiRoles, type Actor } from './actor';
import { text, token } from './inputs/text';

// zod sets its English messages as an import side effect, which the workflow bundler drops
// (zod declares no side effects): set them here, where workflow code first needs them.
z.config(z.locales.en());

/**
 * The payloads of the onboarding's signals and updates, as builders: each call makes a fresh
 * schema. The client checks what it sends (so a bad message never leaves it, with field-level
 * errors; ./messages.ts builds each schema once for it and the API); the workflow checks what it
 * receives (anyone with access to the namespace can send a message): in a signal handler, and in
 * the validator of an update, building the schema it needs when the message arrives (well under
 * a millisecond).
 *
 * Why builders: this module is shared, frozen, by every workflow of a worker
 * (workers/workflow-bundle.ts preloads it), and zod writes into a schema while it parses (a
 * regex check resets its pattern's `lastIndex`): a schema built once here would fail on a frozen
 * object. For the same reason a pattern is written inside the builder, never shared.
 *
 * These schemas are part of the workflow's determinism: a signal is checked again on replay, so
 * tightening one is a workflow change and goes behind `patched()`.
 */

/** The longest KYC rejection reason: it goes into the failure message and the status. */
export const maxReasonLength = 500;

/** An id as it may appear in logs and the audit trail: a principal, a provider's object, a delivery. */
const id = () =>
  z.string({ error: 'must be a string' }).regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/, 'must be an id of 1-128 letters, digits, ".", "_", ":", "@" or "-"');

/** Who sent a message (domain/actor.ts): the API's authenticated principal and its role, the CLI's operator, a provider's webhook. */
const actor = () =>
  z
    .object({
      id: z.string({ error: 'must be a string' }).regex(new RegExp(actorIdPattern.source), 'must be an id of 1-64 letters, digits, ".", "_", ":", "@" or "-"'),
      role: z.enum([...apiRoles, 'webhook', 'cli']),
    })
    .strict() satisfies z.ZodType<Actor>;

/** Update `resendOtp` (and `issueKycAccess`): who asks. */
const actorOnly = () => z.object({ actor: actor().optional() }).strict();

export const messageSchemas = {
  actor,
  /** Signal `kycDecision`: support staff or a provider webhook report a KYC decision. */
  kycDecision: () =>
    z
      .object({
        decision: z.enum(['VERIFIED', 'REJECTED'], { error: 'must be "VERIFIED" or "REJECTED"' }),
        reason: text(maxReasonLength).optional(),
        /** Who decided, for clients that send no actor: an id such as a support user id, never a name. */
        decidedBy: id().optional(),
        actor: actor().optional(),
        /** A provider webhook's delivery id: a replayed delivery is applied once. */
        deliveryId: id().optional(),
      })
      .strict(),
  /** Signal `supplyCredential`: a fresh credential for the person (Sumvin: their new JWT). */
  supplyCredential: () => z.object({ credential: z.object({ secret: token(8192, 'a credential') }).strict(), actor: actor().optional() }).strict(),
  /**
   * Update `submitOtp`: the code the person received, 4 to 8 digits; with `length`, exactly the
   * provider's length (the workflow knows it).
   */
  submitOtp: (length?: number) =>
    z
      .object({
        code:
          length === undefined
            ? z.string({ error: 'is required' }).regex(/^\d{4,8}$/, 'must be the 4 to 8 digits the person received')
            : z.string({ error: 'is required' }).regex(new RegExp(`^\\d{${length}}$`), `must be ${length} digits`),
        actor: actor().optional(),
      })
      .strict(),
  /** Update `resendOtp`: who asks for a new code. */
  resendOtp: actorOnly,
  /** Update `issueKycAccess`: who asks for the person's KYC app token. */
  kycAccess: actorOnly,
  /** Signal `cancelRequested`: recorded before a cancellation, so the audit trail says who cancelled. */
  cancelRequest: () => z.object({ actor: actor().optional(), reason: text(maxReasonLength).optional() }).strict(),
  /** Update `resolveSupport`: support checked by hand: nothing was created ("retry"), or it was, and here are its ids ("found"). */
  supportResolution: () =>
    z.discriminatedUnion('decision', [
      z.object({ decision: z.literal('retry'), actor: actor().optional() }).strict(),
      z
        .object({ decision: z.literal('found'), userId: id().optional(), accountId: id().optional(), holderId: id().optional(), actor: actor().optional() })
        .strict(),
    ]),
};

type Built<K extends keyof typeof messageSchemas> = z.output<ReturnType<(typeof messageSchemas)[K]>>;
export type KycDecision = Built<'kycDecision'>;
export type CredentialSupply = Built<'supplyCredential'>;
export type OtpSubmission = Built<'submitOtp'>;
export type OtpResendRequest = Built<'resendOtp'>;
export type CancelRequest = Built<'cancelRequest'>;
export type SupportResolution = Built<'supportResolution'>;
export type { Actor };

/** "field: message" for the first problem of a message, for a validator's refusal. */
export function messageProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join('.') || 'message'}: ${issue.message}`;
}
