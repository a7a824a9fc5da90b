import { z } from 'zod';

/** Sovera SX Connect: what we send and what we read (only the fields we rely on; the rest passes). */

const meta = z.object({ timestamp: z.string(), version: z.string(), trace_id: z.string() }).partial();

function envelope<T extends z.ZodType>(data: T) {
  return z.object({ success: z.literal(true), data, meta: meta.optional() });
}

export const errorEnvelope = z.object({
  success: z.literal(false).optional(),
  errors: z.array(z.object({ code: z.string().optional(), message: z.string().optional(), field: z.string().optional() })).min(1),
});

// --- users ---------------------------------------------------------------------------------------

export const createUserRequest = z
  .object({
    account_type: z.literal('individual'),
    account_role: z.literal('third'),
    account_purpose: z.enum(['trading', 'investing']),
    first_name: z.string().min(1).max(100),
    last_name: z.string().min(1).max(100),
    email: z.string().min(3),
    phone_country_code: z.string().length(2),
    phone_number: z.string().min(1).max(20),
    user_id: z.uuid(),
    individual: z
      .object({
        dob: z.string(),
        residential_country_code: z.string().length(2),
        residential_address: z.string().min(1),
        residential_city: z.string().min(1),
        residential_state: z.string().min(1),
        residential_postal_code: z.string().min(1),
        id_type: z.string().min(1),
        id_number: z.string().min(1),
        id_country_code: z.string().length(2),
      })
      .strict(),
  })
  .strict();
export type CreateUserRequest = z.infer<typeof createUserRequest>;

export const user = z.object({
  user_id: z.string().min(1),
  status: z.string().min(1),
});
export const userResponse = envelope(user);

export const tokenResponse = envelope(
  z.object({
    token: z.string().min(1),
    user_id: z.string().min(1),
    expires: z.string().min(1),
  }),
);

// --- wallets -------------------------------------------------------------------------------------

export const createWalletRequest = z
  .object({
    name: z.string().min(1).max(100),
    description: z.string().max(500).optional(),
    wallet_type: z.literal('virtual'),
    networks: z.array(z.object({ name: z.string().regex(/^networks\/[a-z0-9-]+$/), currency: z.string().min(1) }).strict()).min(1),
  })
  .strict();
export type CreateWalletRequest = z.infer<typeof createWalletRequest>;

const address = z.object({
  address_id: z.string().optional(),
  currency: z.string().min(1),
  network: z.string().min(1),
  address: z.string().min(1),
});

export const wallet = z.object({
  wallet_id: z.string().min(1),
  name: z.string(),
  addresses: z.array(address).default([]),
});
export const walletResponse = envelope(wallet);

export const generateAddressRequest = z.object({ currency: z.string().min(1), network: z.string().regex(/^[a-z0-9-]+$/, 'a bare network name') }).strict();
export type GenerateAddressRequest = z.infer<typeof generateAddressRequest>;

export const generateAddressResponse = envelope(
  z.object({
    wallet_id: z.string().min(1),
    addresses: z.array(address).min(1),
  }),
);
