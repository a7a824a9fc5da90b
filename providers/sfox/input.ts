import { z } from 'zod';
import { countryCode, email, pastDate, person, reference, waitOptions } from '../../domain/inputs/common';
import { isUnderAge } from '../../domain/inputs/dates';
import { callingCodeMatches, possibleE164 } from '../../domain/inputs/phones';
import { postalCode, usZip } from '../../domain/inputs/regions';
import { lettered, personName, text } from '../../domain/inputs/text';
import { sfoxBusinessTypes, sfoxCorporationPurposes, sfoxIndividualPurposes, sfoxOrganizationTypes, sfoxUsStates } from './vocabulary';

/**
 * sFOX Connect onboarding input: an individual, or a corporation with its contact person, its
 * business and its beneficial owners. The rules sFOX applies (E.164 phones of phone_country_code,
 * US state codes, 5-digit US postal codes, ssn only for US residents, age >= 18) are checked here
 * too, so that bad data is refused with our field names before any call.
 */

type Ctx = z.core.$RefinementCtx;

function checkRegion(ctx: Ctx, path: (string | number)[], country: string, state: string, postal: string): void {
  if (country === 'US' && !sfoxUsStates.has(state))
    ctx.addIssue({ code: 'custom', path: [...path, 'state'], message: 'must be a 2-letter U.S. state code, such as CA' });
  if (country === 'US' ? !usZip.test(postal) : !/^[A-Za-z0-9]{2,10}$/.test(postal))
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'postalCode'],
      message: country === 'US' ? 'must be 5 digits for a U.S. address' : 'must be 2-10 letters or digits (no spaces)',
    });
}

function checkIdentity(ctx: Ctx, path: (string | number)[], residence: string, identity: { type: string }): void {
  if (identity.type === 'ssn' && residence !== 'US') {
    ctx.addIssue({ code: 'custom', path: [...path, 'type'], message: 'ssn is only for U.S. residents; use passport' });
  }
}

const adultAge = 18;
function checkAdult(ctx: Ctx, dateOfBirth: string): void {
  if (isUnderAge(dateOfBirth, adultAge)) {
    ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: `the person must be at least ${adultAge} years old` });
  }
}

const address = person.shape.address;
/** The contact's phone: E.164 whose calling code is the one of `country`. */
const phone = person.shape.phone.extend({ number: possibleE164 }).refine((p) => callingCodeMatches(p.number, p.country), {
  message: 'must be a number of phone.country (its calling code)',
  path: ['number'],
});

/** The individual account holder (sFOX individual{} plus the top-level contact fields). */
const sfoxPerson = person.extend({ phone });

/** The contact person of a corporation: sFOX needs only the name, email and phone. */
export const sfoxContact = z.object({ firstName: personName, lastName: personName, email, phone }).strict();

const beneficialOwner = z
  .object({
    firstName: personName,
    middleName: z.literal('').or(personName).optional(),
    lastName: personName,
    email,
    phone: possibleE164,
    dateOfBirth: pastDate,
    address,
    identity: person.shape.identity,
  })
  .strict()
  .superRefine((o, ctx) => {
    checkRegion(ctx, ['address'], o.address.country, o.address.state, o.address.postalCode);
    checkIdentity(ctx, ['identity'], o.address.country, o.identity);
  });

const place = z
  .object({
    country: countryCode,
    state: text(50),
    address: lettered(80),
    city: lettered(100),
    postalCode: z.string({ error: 'is required' }).trim().regex(postalCode, 'must be 2-10 letters or digits'),
  })
  .strict();

export const sfoxBusiness = z
  .object({
    entityName: text(200),
    organizationType: z.enum(sfoxOrganizationTypes),
    registrationNumber: text(50),
    principalPlace: place,
    incorporation: z.object({ country: countryCode, state: text(50), date: pastDate }).strict(),
    accreditedInvestor: z.boolean(),
    nonAgentIntermediary: z.boolean(),
    businessType: z.enum(sfoxBusinessTypes),
    description: text(1000),
    website: z
      .url({ protocol: /^https?$/, hostname: /\./, error: 'must be a URL such as https://example.com' })
      .max(200, 'must be at most 200 characters')
      .optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    checkRegion(ctx, ['principalPlace'], b.principalPlace.country, b.principalPlace.state, b.principalPlace.postalCode);
    if (b.incorporation.country === 'US' && !sfoxUsStates.has(b.incorporation.state))
      ctx.addIssue({ code: 'custom', path: ['incorporation', 'state'], message: 'must be a 2-letter U.S. state code, such as WY' });
  });

const deposit = z
  .object({ currency: z.enum(['btc', 'eth', 'usdc'], { error: 'must be one of btc, eth, usdc' }).default('btc') })
  .strict()
  .default({ currency: 'btc' });

const accountRole = z.enum(['client', 'advisor']).default('client');

const sfoxIndividualInput = z
  .object({
    provider: z.literal('sfox'),
    reference,
    accountType: z.literal('individual'),
    accountRole,
    accountPurpose: z.enum(sfoxIndividualPurposes).default('Investing'),
    person: sfoxPerson.superRefine((p, ctx) => {
      checkAdult(ctx, p.dateOfBirth);
      checkRegion(ctx, ['address'], p.address.country, p.address.state, p.address.postalCode);
      checkIdentity(ctx, ['identity'], p.address.country, p.identity);
    }),
    deposit,
    wait: waitOptions.default(waitOptions.parse({})),
  })
  .strict();

const sfoxCorporationInput = z
  .object({
    provider: z.literal('sfox'),
    reference,
    accountType: z.literal('corporation'),
    accountRole,
    accountPurpose: z.enum(sfoxCorporationPurposes),
    person: sfoxContact,
    business: sfoxBusiness,
    beneficialOwners: z.array(beneficialOwner).min(1, 'must list at least one beneficial owner').max(25),
    deposit,
    wait: waitOptions.default(waitOptions.parse({})),
  })
  .strict();

/** accountType picks the shape: "individual" (a person) or "corporation" (contact, business, owners). */
export const sfoxInput = z.discriminatedUnion('accountType', [sfoxIndividualInput, sfoxCorporationInput], {
  error: (issue) => (issue.code === 'invalid_union' ? 'must be "individual" or "corporation"' : undefined),
});
export type SfoxInput = z.output<typeof sfoxInput>;
