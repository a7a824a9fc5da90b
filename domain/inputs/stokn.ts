import { z } from 'zod';
import { reference, secretInput, waitOptions } from './common';

/** Deposit pairs Stokn serves (asset on network); checked here so a typo fails before sign-up. */
export const stoknDepositPairs = ['BTC/BTC', 'ETH/ETH', 'USDC/ETH'] as const;

const symbol = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{2,10}$/, 'must be a symbol of 2-10 letters or digits, such as BTC')
  .transform((s) => s.toUpperCase());

export const stoknInput = z
  .object({
    provider: z.literal('stokn'),
    reference,
    person: z
      .object({
        email: z.email('must be a valid email address'),
        phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164 format, such as +33612345678'),
      })
      .strict(),
    /** The person's Stokn password (login for the SMS code); Stokn asks for 8+ characters with a letter and a digit. */
    password: secretInput.extend({
      secret: z
        .string()
        .min(8, 'must be at least 8 characters')
        .regex(/[A-Za-z]/, 'must contain a letter')
        .regex(/\d/, 'must contain a digit'),
    }),
    portfolioName: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters').default('Trading'),
    deposit: z
      .object({ asset: symbol.default('BTC'), network: symbol.default('BTC') })
      .strict()
      .refine((d) => (stoknDepositPairs as readonly string[]).includes(`${d.asset}/${d.network}`), {
        message: `asset/network must be one of ${stoknDepositPairs.join(', ')}`,
        path: ['network'],
      })
      .default({ asset: 'BTC', network: 'BTC' }),
    wait: waitOptions.default(waitOptions.parse({})),
  })
  .strict();
