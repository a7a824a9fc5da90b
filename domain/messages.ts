import type { z } from 'zod';
import { messageProblem, messageSchemas } from './message-schemas';

/**
 * Payloads of the messages an onboarding accepts after it started (signals and updates). The
 * client checks them before sending; the workflow checks them again on receipt (update
 * validators, signal handlers), since anyone holding the codec key can send one. The schemas
 * are defined in ./message-schemas.ts (as builders, for the workflow's memory); here each is
 * built once, for the client and the API.
 */

export const actor = messageSchemas.actor();
export type Actor = z.infer<typeof actor>;

export const reasonText = messageSchemas.reasonText();

export const kycDecision = messageSchemas.kycDecision();
export type KycDecision = z.infer<typeof kycDecision>;

export const otpSubmission = messageSchemas.otpSubmission();
export type OtpSubmission = z.infer<typeof otpSubmission>;

export const otpResendRequest = messageSchemas.otpResendRequest();
export type OtpResendRequest = z.infer<typeof otpResendRequest>;

export const credentialSupply = messageSchemas.credentialSupply();
export type CredentialSupply = z.infer<typeof credentialSupply>;

export const cancelRequest = messageSchemas.cancelRequest();
export type CancelRequest = z.infer<typeof cancelRequest>;

export const supportResolution = messageSchemas.supportResolution();
export type SupportResolution = z.infer<typeof supportResolution>;

export { messageProblem };
