import { z } from 'zod';

/** sFOX Connect wire formats: every body we send and every answer we read. */

const individual = z
  .object({
    dob: z.string(),
    residential_country_code: z.string(),
    residential_address: z.string(),
    residential_city: z.string(),
    residential_state: z.string(),
    residential_postal_code: z.string(),
    id_type: z.enum(['passport', 'ssn']),
    id_number: z.string(),
    id_country_code: z.string(),
  })
  .strict();

const business = z
  .object({
    entity_name: z.string(),
    organization_type: z.string(),
    registration_number: z.string(),
    principal_place_country: z.string(),
    principal_place_state: z.string(),
    principal_place_address: z.string(),
    principal_place_city: z.string(),
    principal_place_postal_code: z.string(),
    incorporation_country: z.string(),
    incorporation_state: z.string(),
    incorporation_date: z.string(),
    accredited_investor: z.boolean(),
    non_agent_intermediary: z.boolean(),
    business_type: z.string(),
    description: z.string(),
    website: z.string().optional(),
  })
  .strict();

const beneficialOwner = z
  .object({
    first_name: z.string(),
    middle_name: z.string().optional(),
    last_name: z.string(),
    email: z.string(),
    phone_number: z.string(),
    dob: z.string(),
    address_country_code: z.string(),
    address_subdivision: z.string(),
    address_street1: z.string(),
    address_city: z.string(),
    address_postal_code: z.string(),
    id_type: z.enum(['passport', 'ssn']),
    id_country_code: z.string(),
    id_number: z.string(),
  })
  .strict();

export const registerAccountRequest = z
  .object({
    account_type: z.enum(['individual', 'corporation']),
    account_role: z.enum(['client', 'advisor']),
    user_id: z.string().min(1),
    first_name: z.string(),
    last_name: z.string(),
    email: z.string(),
    phone_country_code: z.string(),
    phone_number: z.string(),
    account_purpose: z.string(),
    individual: individual.optional(),
    business: business.optional(),
    beneficial_owners: z.array(beneficialOwner).optional(),
  })
  .strict();
export type RegisterAccountRequest = z.infer<typeof registerAccountRequest>;

/** Status words: PENDING, VERIFIED, UNSUPPORTED (terminal), INACTIVE (deactivated, ours). */
const endUser = z.object({
  user_id: z.string().min(1),
  status: z.string().min(1),
  requirements: z.record(z.string(), z.boolean()).default({}),
});

/** register-account (202) and GET /v1/enterprise/users/:userId (200). */
export const endUserResponse = z.object({ data: endUser });

/** The end user's remaining requirements as answered, absent when the answer has none (never defaulted). */
export const endUserRequirements = z.object({ data: z.object({ requirements: z.record(z.string(), z.boolean()).optional() }) });

export const otpType = z.enum(['email', 'sms']);

export const sendVerificationRequest = z.object({ type: otpType }).strict();
export const sendVerificationResponse = z.object({ data: z.object({ success: z.literal(true) }).loose() });

export const verifyRequest = z.object({ type: otpType, otp: z.string().regex(/^\d{6}$/) }).strict();
export const verifyResponse = z.object({
  data: z.object({ success: z.literal(true), user_id: z.string(), type: otpType }),
});

export const userTokenResponse = z.object({
  data: z.object({ token: z.string().min(1), partner_user_id: z.string(), expires: z.string() }),
});

export const depositAddressResponse = z.object({
  data: z.object({ address: z.string().min(1), currency: z.string().min(1), network: z.string().min(1) }),
});

export const deactivateResponse = z.object({ data: z.object({ user_id: z.string() }).loose() }).loose();

/** The provider's error envelope: `{"error": "<message>"}`. */
export const errorBody = z.object({ error: z.string() });
