import { z } from 'zod';
import { email, reference, secretInput, waitOptions } from '../../domain/inputs/common';
import { validE164 } from '../../domain/inputs/phones';
import { text } from '../../domain/inputs/text';

/** Deposit pairs Stokn serves (asset on network); checked here so a typo fails before sign-up. */
export const stoknDepositPairs = ['BTC/BTC', 'ETH/ETH', 'USDC/ETH'] as const;

const symbol = z
  .string({ error: 'is required' })
  .trim()
  .regex(/^[A-Za-z0-9]{2,10}$/, 'must be a symbol of 2-10 letters or digits, such as BTC')
  .transform((s) => s.toUpperCase());

export const stoknInput = z
  .object({
    provider: z.literal('stokn'),
    reference,
    person: z.object({ email, phone: validE164 }).strict(),
    /** The person's Stokn password (login for the SMS code); Stokn asks for 8+ characters with a letter and a digit. */
    password: secretInput.extend({
      secret: z
        .string({ error: 'is required' })
        .min(8, 'must be at least 8 characters')
        .max(128, { message: 'must be at most 128 characters', abort: true })
        .regex(/[A-Za-z]/, 'must contain a letter')
        .regex(/\d/, 'must contain a digit')
        .refine((s) => !/\p{Cc}/u.test(s), 'must not contain control characters'),
    }),
    portfolioName: text(64).default('Trading'),
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
