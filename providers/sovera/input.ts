import { z } from 'zod';
import { checkUsAddress, person, reference, waitOptions } from '../../domain/inputs/common';
import { isUnderAge } from '../../domain/inputs/dates';
import { isMobileOf } from '../../domain/inputs/phones';
import { soveraDepositNetworks } from './vocabulary';

/** Sovera refuses (422) an account holder under 18 (its onboarding guide, "Validation Failed"). */
export const soveraMinimumAge = 18;

const networks = Object.keys(soveraDepositNetworks) as (keyof typeof soveraDepositNetworks)[];

const deposit = z
  .object({
    currency: z.string({ error: 'is required' }).trim().max(10, { message: 'must be at most 10 characters', abort: true }).toLowerCase().default('btc'),
    network: z.enum(networks, { error: `must be one of ${networks.join(', ')}` }).default('bitcoin-testnet'),
  })
  .strict()
  .superRefine((d, ctx) => {
    const served: readonly string[] = soveraDepositNetworks[d.network];
    if (!served.includes(d.currency)) {
      ctx.addIssue({ code: 'custom', path: ['currency'], message: `must be one of ${served.join(', ')} on ${d.network}` });
    }
  })
  .default({ currency: 'btc', network: 'bitcoin-testnet' });

/**
 * Sovera SX Connect onboarding: an individual with the KYC details Sovera's `POST /users` takes.
 * What Sovera refuses with a 422 (a phone that is not a mobile number of its country, a holder
 * under 18) is refused here, before the user is created.
 */
export const soveraInput = z
  .object({
    provider: z.literal('sovera'),
    reference,
    person: person.superRefine((p, ctx) => {
      if (!isMobileOf(p.phone.number, p.phone.country)) {
        ctx.addIssue({ code: 'custom', path: ['phone', 'number'], message: 'must be a valid mobile number of phone.country' });
      }
      if (isUnderAge(p.dateOfBirth, soveraMinimumAge)) {
        ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: `the person must be at least ${soveraMinimumAge} years old` });
      }
      checkUsAddress(ctx, ['address'], p.address);
    }),
    accountPurpose: z.enum(['trading', 'investing']).default('investing'),
    deposit,
    wait: waitOptions.default(waitOptions.parse({})),
  })
  .strict();
export type SoveraInput = z.output<typeof soveraInput>;
