import { z } from 'zod';
import { email, reference, waitOptions } from '../../domain/inputs/common';
import { text } from '../../domain/inputs/text';

/**
 * A start request for Cybrid. The person's identity is collected by Cybrid itself (Persona's ID
 * and selfie screens, in the person's app), so we send only the email the customer is known by.
 */
export const cybridInput = z
  .object({
    provider: z.literal('cybrid'),
    reference,
    person: z.object({ email }).strict(),
    /** The name of the BTC trading account. */
    accountName: text(64).default('Trading'),
    wait: waitOptions.default(waitOptions.parse({})),
  })
  .strict();

export type CybridInput = z.output<typeof cybridInput>;
