import { z } from 'zod';

/** Sumvin request and response bodies (we send X-Timestamp-Format: iso8601, so times are strings). */

const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'must be an ISO 8601 UTC time');
const evmAddress = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be an EVM address');

// ---- requests -------------------------------------------------------------------------------------
export const createUserRequest = z.object({ chain_id: z.literal([1329, 1328]), primary_eoa_address: evmAddress }).strict();

export const setPhoneRequest = z.object({ phone_number: z.string().regex(/^\+[1-9]\d{7,14}$/) }).strict();

export const verifyPhoneRequest = z.object({ verification_code: z.string().regex(/^\d{6}$/) }).strict();

// ---- responses ------------------------------------------------------------------------------------
export const safeCreationStatus = z.enum(['pending', 'processing', 'completed', 'failed']).nullable();

export const sumvinUser = z.object({
  id: z.string().min(1),
  email: z.string().nullish(),
  primary_eoa_address: evmAddress,
  primary_smart_wallet_address: evmAddress.nullish(),
  safe_creation_status: safeCreationStatus.optional(),
  phone_verified: z.boolean().optional(),
  created_at: isoTime.optional(),
});
export type SumvinUser = z.infer<typeof sumvinUser>;

/** POST /v0/user/ (201 or 208) and GET /v0/user/me: HAL links + the user. */
export const userEnvelope = z.object({
  _links: z.record(z.string(), z.object({ href: z.string() })).optional(),
  user: sumvinUser,
});

/** PUT /v0/user/me/phone. */
export const phoneSent = z.object({
  phone_verified: z.boolean().optional(),
  verification_expires_at: isoTime.optional(),
});

export const kycStatusWord = z.enum(['pending', 'in_progress', 'retry', 'approved', 'rejected']);

/** POST /v0/kyc/applicant and GET /v0/kyc/status. */
export const kycApplicant = z.object({
  applicant_id: z.string().min(1).optional(),
  status: kycStatusWord,
  review_reject_reason: z.string().nullish(),
});

/** POST /v0/kyc/access-token. */
export const kycAccessToken = z.object({ token: z.string().min(1), expires_in: z.number().int().positive() });

/** RFC 7807 problem details with Sumvin's error_code (and attempts_remaining on a wrong OTP code). */
export const problem = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().nullish(),
  instance: z.string().nullish(),
  error_code: z.string().optional(),
  trace_id: z.string().optional(),
  attempts_remaining: z.number().int().min(0).optional(),
});
export type Problem = z.infer<typeof problem>;
