import { z } from 'zod';
import { text, token } from './inputs/text';

/**
 * The payloads of the onboarding's signals and updates. The client checks what it sends (so a
 * bad message never leaves it, with field-level errors); the workflow checks what it receives
 * (anyone with access to the namespace can send a message): in a signal handler, and in the
 * validator of an update. Pure zod, safe in workflow code.
 */

/** The longest KYC rejection reason: it goes into the failure message and the status. */
export const maxReasonLength = 500;

/** Signal `kycDecision`: support staff or a provider webhook report a KYC decision. */
export const kycDecisionPayload = z
  .object({
    decision: z.enum(['VERIFIED', 'REJECTED'], { error: 'must be "VERIFIED" or "REJECTED"' }),
    reason: text(maxReasonLength).optional(),
    /** Who decided, kept for the audit trail: an id such as a support user id or "webhook", not a name. */
    decidedBy: z
      .string({ error: 'must be a string' })
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/, 'must be an id of 1-64 letters, digits, ".", "_", ":", "@" or "-"')
      .optional(),
  })
  .strict();
export type KycDecisionPayload = z.output<typeof kycDecisionPayload>;

/** Signal `supplyCredential`: a fresh credential for the person (Sumvin: their new JWT). */
export const supplyCredentialPayload = z
  .object({ credential: z.object({ secret: token(8192, 'a credential') }).strict() })
  .strict();
export type SupplyCredentialPayload = z.output<typeof supplyCredentialPayload>;

/** Update `submitOtp`: the code the person received; the workflow also checks the provider's length. */
export const submitOtpPayload = z
  .object({ code: z.string({ error: 'is required' }).regex(/^\d{4,8}$/, 'must be the 4 to 8 digits the person received') })
  .strict();
export type SubmitOtpPayload = z.output<typeof submitOtpPayload>;

/** `submitOtpPayload` for a provider whose codes have exactly `length` digits. */
export function otpCodeOf(length: number) {
  return submitOtpPayload.extend({
    code: z.string({ error: 'is required' }).regex(new RegExp(`^\\d{${length}}$`), `must be ${length} digits`),
  });
}

/** The arguments of each message, as the SDK hands them to a handler (an array). */
export const messageArgs = {
  kycDecision: z.tuple([kycDecisionPayload]),
  supplyCredential: z.tuple([supplyCredentialPayload]),
  submitOtp: z.tuple([submitOtpPayload]),
  /** Update `resendOtp` takes no argument. */
  resendOtp: z.tuple([]),
} as const;
