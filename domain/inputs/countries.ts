import { z } from 'zod';
import { getCountries } from 'libphonenumber-js/max';

/**
 * Country codes every provider accepts: ISO 3166-1 alpha-2 codes of countries with a telephone
 * numbering plan. libphonenumber's list is that, plus three codes ISO does not assign (AC
 * Ascension, TA Tristan da Cunha, XK Kosovo), left out here. Codes without a numbering plan
 * (AQ Antarctica, BV, HM, UM...) are refused too: Sovera and sFOX check their country codes the
 * same way, and nobody is onboarded from there.
 */
const notIso = new Set(['AC', 'TA', 'XK']);
export const countryCodes: ReadonlySet<string> = new Set(getCountries().filter((c) => !notIso.has(c)));

export const countryCode = z
  .string({ error: 'is required' })
  .refine((c) => countryCodes.has(c), 'must be an ISO 3166-1 alpha-2 country code in capitals, such as US');
