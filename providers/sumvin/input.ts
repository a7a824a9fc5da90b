import { z } from 'zod';
import { hasValidChecksumOrNone, isZeroAddress } from '../../domain/ethereum-address';
import { reference, waitOptions } from '../../domain/inputs/common';
import { validE164 } from '../../domain/inputs/phones';

/** A JWT in its compact form: three base64url parts (header, claims, signature). */
const jwt = z
  .string({ error: 'is required' })
  .max(8192, { message: 'must be at most 8192 characters', abort: true })
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'must be a JWT (three base64url parts separated by dots)');

/**
 * The person's EOA: Sumvin's pattern ^0x[0-9a-fA-F]{40}$, the EIP-55 checksum when written in
 * mixed case (a typo in one character is caught), and never the zero address (no one holds its key).
 */
const eoaAddress = z
  .string({ error: 'is required' })
  .regex(/^0x[0-9a-fA-F]{40}$/, { message: 'must be an Ethereum address: 0x followed by 40 hexadecimal characters', abort: true })
  .refine(hasValidChecksumOrNone, { message: 'fails its EIP-55 checksum (a mistyped character?): check the address, or write it in lower case', abort: true })
  .refine((a) => !isZeroAddress(a), 'must not be the zero address');

/**
 * Sumvin onboarding: the person's own JWT (issued by Dynamic Labs or Privy, handed to us by the
 * backend), the chain on which Sumvin deploys their Safe, their EOA and the phone to verify.
 */
export const sumvinInput = z
  .object({
    provider: z.literal('sumvin'),
    reference,
    /** The person's JWT, sent as x-juno-jwt; the backend supplies a fresh one when it expires. */
    userCredential: z.object({ secret: jwt }).strict(),
    /** Sei mainnet (1329) in production; Sei testnet (1328) elsewhere. */
    chainId: z.literal([1329, 1328], { error: 'must be 1329 (Sei mainnet) or 1328 (Sei testnet)' }).default(1328),
    eoaAddress,
    /** Sumvin's pattern ^\+[1-9]\d{7,14}$ and a valid number. */
    phone: validE164.refine((p) => p.length >= 9, 'must be a phone number in E.164 format, such as +14155552671'),
    wait: waitOptions.default(waitOptions.parse({})),
  })
  .strict();
export type SumvinInput = z.output<typeof sumvinInput>;
