import { z } from 'zod';
import { person, reference, waitOptions } from './common';

export const soveraInput = z
  .object({
    provider: z.literal('sovera'),
    reference,
    person,
    accountPurpose: z.enum(['trading', 'investing']).default('investing'),
    deposit: z
      .object({ currency: z.string().min(1).default('btc'), network: z.string().min(1).default('bitcoin-testnet') })
      .strict()
      .default({ currency: 'btc', network: 'bitcoin-testnet' }),
    wait: waitOptions.default(waitOptions.parse({})),
  })
  .strict();
