import { messageSchemas } from './message-schemas';

/**
 * The message schemas (./message-schemas.ts), each built once, for the client and the API. The
 * workflow uses the builders instead (see there why).
 */

export const actor = messageSchemas.actor();
export const kycDecisionPayload = messageSchemas.kycDecision();
export const supplyCredentialPayload = messageSchemas.supplyCredential();
export const submitOtpPayload = messageSchemas.submitOtp();
export const resendOtpPayload = messageSchemas.resendOtp();
export const kycAccessPayload = messageSchemas.kycAccess();
export const cancelRequestPayload = messageSchemas.cancelRequest();
export const supportResolutionPayload = messageSchemas.supportResolution();

/** `submitOtpPayload` for a provider whose codes have exactly `length` digits. */
export const otpCodeOf = (length: number) => messageSchemas.submitOtp(length);

export {
  maxReasonLength,
  messageProblem,
  type Actor,
  type CancelRequest,
  type CredentialSupply,
  type KycDecision,
  type OtpResendRequest,
  type OtpSubmission,
  type SupportResolution,
} from './message-schemas';
