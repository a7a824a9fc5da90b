import { z } from 'zod';
import { countryCode, isoDate, person, reference, waitOptions } from './common';
import { sfoxBusinessTypes, sfoxCorporationPurposes, sfoxIndividualPurposes, sfoxOrganizationTypes, sfoxUsStates } from './sfox-vocabulary';

/**
 * sFOX Connect onboarding input: an individual, or a corporation with its contact person, its
 * business and its beneficial owners. The rules sFOX applies (E.164 phones, US state codes, 5-digit
 * US postal codes, ssn only for US residents, age >= 18) are checked here too, so that bad data is
 * refused with our field names before any call.
 */



const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be in E.164 format, such as +14155552671');
const lettered = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .regex(/\p{L}/u, 'must contain at least one letter');

type Ctx = z.core.$RefinementCtx;

function checkRegion(ctx: Ctx, path: (string | number)[], country: string, state: string, postalCode: string): void {
  if (country === 'US' && !sfoxUsStates.has(state))
    ctx.addIssue({ code: 'custom', path: [...path, 'state'], message: 'must be a 2-letter U.S. state code, such as CA' });
  if (country === 'US' ? !/^\d{5}$/.test(postalCode) : !/^[A-Za-z0-9]{2,10}$/.test(postalCode))
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'postalCode'],
      message: country === 'US' ? 'must be 5 digits for a U.S. address' : 'must be 2-10 letters or digits (no spaces)',
    });
}

function checkIdentity(ctx: Ctx, path: (string | number)[], residence: string, identity: { type: string; country: string }): void {
  if (identity.type !== 'ssn') return;
  if (residence !== 'US') ctx.addIssue({ code: 'custom', path: [...path, 'type'], message: 'ssn is only for U.S. residents; use passport' });
  if (identity.country !== 'US') ctx.addIssue({ code: 'custom', path: [...path, 'country'], message: 'must be US for an ssn' });
}

function isAdult(dateOfBirth: string): boolean {
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  const now = new Date();
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d)) age--;
  return age >= 18;
}

function notFuture(s: string): boolean {
  return Date.parse(`${s}T00:00:00Z`) <= Date.now();
}

const address = person.shape.address.extend({ line1: lettered(80), city: lettered(100) });
const phone = person.shape.phone.extend({ number: e164 });

/** The individual account holder (sFOX individual{} plus the top-level contact fields). */
const sfoxPerson = person.extend({ phone, address });

/** The contact person of a corporation: sFOX needs only the name, email and phone. */
export const sfoxContact = person.pick({ firstName: true, lastName: true, email: true }).extend({ phone }).strict();

const beneficialOwner = z
  .object({
    firstName: person.shape.firstName,
    middleName: z.string().trim().max(100).optional(),
    lastName: person.shape.lastName,
    email: person.shape.email,
    phone: e164,
    dateOfBirth: isoDate.refine(notFuture, 'must not be in the future'),
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
    state: z.string().trim().min(1, 'is required').max(50),
    address: lettered(80),
    city: lettered(100),
    postalCode: z.string().min(1, 'is required'),
  })
  .strict();

export const sfoxBusiness = z
  .object({
    entityName: z.string().trim().min(1, 'is required').max(200),
    organizationType: z.enum(sfoxOrganizationTypes),
    registrationNumber: z.string().trim().min(1, 'is required').max(50),
    principalPlace: place,
    incorporation: z
      .object({
        country: countryCode,
        state: z.string().trim().min(1, 'is required').max(50),
        date: isoDate.refine(notFuture, 'must not be in the future'),
      })
      .strict(),
    accreditedInvestor: z.boolean(),
    nonAgentIntermediary: z.boolean(),
    businessType: z.enum(sfoxBusinessTypes),
    description: z.string().trim().min(1, 'is required').max(1000),
    website: z.url('must be a URL such as https://example.com').optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    checkRegion(ctx, ['principalPlace'], b.principalPlace.country, b.principalPlace.state, b.principalPlace.postalCode);
    if (b.incorporation.country === 'US' && !sfoxUsStates.has(b.incorporation.state))
      ctx.addIssue({ code: 'custom', path: ['incorporation', 'state'], message: 'must be a 2-letter U.S. state code, such as WY' });
  });

const deposit = z
  .object({ currency: z.enum(['btc', 'eth', 'usdc']).default('btc') })
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
      if (!isAdult(p.dateOfBirth)) ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'the person must be at least 18 years old' });
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
