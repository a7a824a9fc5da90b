import { z } from 'zod';
import type {
  AccountBankModel,
  AccountStateBankModel,
  CustomerBankModel,
  CustomerStateBankModel,
  DepositAddressBankModel,
  DepositAddressStateBankModel,
  ErrorResponseBankModel,
  IdentityVerificationOutcomeBankModel,
  IdentityVerificationStateBankModel,
  IdentityVerificationWithDetailsBankModel,
  PersonaSessionBankModel,
  PostAccountBankModel,
  PostCustomerBankModel,
  PostDepositAddressBankModel,
  PostIdentityVerificationBankModel,
  PostIdentityVerificationBankModelExpectedBehavioursEnum,
  PostPersonaSessionBankModel,
} from '@cybrid/cybrid-api-bank-typescript';

/**
 * Cybrid's Bank API on the wire, checked against its published client
 * (`@cybrid/cybrid-api-bank-typescript`, a dev dependency: only its types are used). The client
 * types string enums nominally; `Wire<T>` is the same shape with each enum as its string values,
 * which is what JSON carries.
 */
export type Wire<T> = T extends string
  ? `${T}`
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends Date
      ? string
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T;

/** Every value of the union `T`, once: a value the list lacks fails the type check. */
function everyOf<T extends string>() {
  return <const A extends readonly T[]>(values: A & ([Exclude<T, A[number]>] extends [never] ? unknown : { missing: Exclude<T, A[number]> })) => values;
}

/** A zod schema whose output must be the published model `T` (as JSON carries it). */
function contract<T>() {
  return <S extends z.ZodType<Wire<T>>>(schema: S) => schema;
}

// ---- the published state enums: every value is handled, or the type check fails ----

export type CustomerState = `${CustomerStateBankModel}`;
export type VerificationState = `${IdentityVerificationStateBankModel}`;
export type VerificationOutcome = `${IdentityVerificationOutcomeBankModel}`;
export type AccountState = `${AccountStateBankModel}`;
export type DepositAddressState = `${DepositAddressStateBankModel}`;
export type ExpectedBehaviour = `${PostIdentityVerificationBankModelExpectedBehavioursEnum}`;

/** The sandbox outcomes Cybrid's `expected_behaviours` ask for; `tax_id_not_checked` is not a KYC outcome. */
export const sandboxKycBehaviours = ['passed_immediately', 'failed_immediately'] as const satisfies readonly ExpectedBehaviour[];

/** True when an account or a deposit address is made (`storing` → `created`). */
export const accountReady = { storing: false, created: true } as const satisfies Record<AccountState, boolean>;
export const depositAddressReady = { storing: false, created: true } as const satisfies Record<DepositAddressState, boolean>;

// ---- OAuth2 client credentials (README: "Authentication") ----

export const tokenRequest = z.object({
  grant_type: z.literal('client_credentials'),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  scope: z.string().min(1),
});

export const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().int().positive(),
  scope: z.string().optional(),
});

/** The scopes our calls need, by the API's "Required scope" notes. */
export const bankScopes = [
  'customers:read',
  'customers:execute',
  'identity_verifications:read',
  'identity_verifications:execute',
  'persona_sessions:execute',
  'accounts:read',
  'accounts:execute',
  'deposit_addresses:read',
  'deposit_addresses:execute',
].join(' ');

// ---- errors ----

export const errorResponse = contract<ErrorResponseBankModel>()(z.object({ status: z.number().int(), error_message: z.string(), message_code: z.string() }));

// ---- requests: each is the package's Post*BankModel ----

export const customerRequest = contract<PostCustomerBankModel>()(
  z.object({ type: z.literal('individual'), email_address: z.string().min(1), labels: z.array(z.string()).min(1) }).strict(),
);

export const verificationRequest = contract<PostIdentityVerificationBankModel>()(
  z
    .object({
      type: z.literal('kyc'),
      method: z.literal('id_and_selfie'),
      customer_guid: z.string().min(1),
      expected_behaviours: z.array(z.enum(sandboxKycBehaviours)).max(1).optional(),
    })
    .strict(),
);

export const personaSessionRequest = contract<PostPersonaSessionBankModel>()(
  z.object({ persona_inquiry_id: z.string().min(1), identity_verification_guid: z.string().min(1) }).strict(),
);

export const accountRequest = contract<PostAccountBankModel>()(
  z
    .object({
      type: z.literal('trading'),
      customer_guid: z.string().min(1),
      asset: z.literal('BTC'),
      name: z.string().min(1),
      labels: z.array(z.string()).min(1),
    })
    .strict(),
);

export const depositAddressRequest = contract<PostDepositAddressBankModel>()(
  z.object({ account_guid: z.string().min(1), labels: z.array(z.string()).min(1) }).strict(),
);

// ---- responses: what the adapter reads of each *BankModel ----

const guid = z.string().min(1);

export const customer = contract<CustomerBankModel>()(
  z.object({ guid, type: z.string(), state: z.enum(everyOf<CustomerState>()(['storing', 'unverified', 'verified', 'rejected', 'frozen'])) }),
);

export const verification = contract<IdentityVerificationWithDetailsBankModel>()(
  z.object({
    guid,
    type: z.string(),
    customer_guid: z.string().nullish(),
    state: z.enum(everyOf<VerificationState>()(['storing', 'waiting', 'pending', 'reviewing', 'expired', 'completed'])),
    outcome: z.enum(everyOf<VerificationOutcome>()(['passed', 'failed'])).nullish(),
    failure_codes: z.array(z.string()).nullish(),
    persona_inquiry_id: z.string().nullish(),
  }),
);
export type Verification = z.output<typeof verification>;

export const personaSession = contract<PersonaSessionBankModel>()(
  z.object({ identity_verification_guid: guid, persona_inquiry_id: guid, persona_session_token: z.string().min(1) }),
);

export const account = contract<AccountBankModel>()(
  z.object({ guid, type: z.string(), asset: z.string(), customer_guid: z.string(), state: z.enum(everyOf<AccountState>()(['storing', 'created'])) }),
);

export const depositAddress = contract<DepositAddressBankModel>()(
  z.object({
    guid,
    account_guid: z.string(),
    asset: z.string(),
    state: z.enum(everyOf<DepositAddressState>()(['storing', 'created'])),
    address: z.string().min(1).optional(),
  }),
);

/** Every list answer: `{total, page, per_page, objects}` (CustomerListBankModel and its siblings). */
export function list<T extends z.ZodType>(item: T) {
  return z.object({ total: z.number().int(), page: z.number().int(), per_page: z.number().int(), objects: z.array(item) });
}
