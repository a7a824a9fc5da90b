import { z } from 'zod';
import { reference, secretInput, waitOptions } from './common';

/**
 * Sumvin onboarding: the person's own JWT (issued by Dynamic Labs or Privy, handed to us by the
 * backend), the chain on which Sumvin deploys their Safe, their EOA and the phone to verify.
 */
export const sumvinInput = z
  .object({
    provider: z.literal('sumvin'),
    reference,
    /** The person's JWT, sent as x-juno-jwt; the backend supplies a fresh one when it expires. */
    userCredential: secretInput,
    /** Sei mainnet (1329) in production; Sei testnet (1328) elsewhere. */
    chainId: z.literal([1329, 1328], { error: 'must be 1329 (Sei mainnet) or 1328 (Sei testnet)' }).default(1328),
    eoaAddress: z
      .string({ error: 'is required' })
      .regex(/^0x[0-9a-fA-F]{40}$/, 'must be an Ethereum address: 0x followed by 40 hexadecimal characters'),
    phone: z
      .string({ error: 'is required' })
      .regex(/^\+[1-9]\d{7,14}$/, 'must be a phone number in E.164 form, such as +14155552671'),
    wait: waitOptions.default(waitOptions.parse({})),
  })
  .strict();
export type SumvinInput = z.output<typeof sumvinInput>;
