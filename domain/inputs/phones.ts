import { z } from 'zod';
import { getCountryCallingCode, isSupportedCountry, isValidPhoneNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * Phone numbers, checked with libphonenumber (its full metadata) the way the providers check them,
 * so that a number a provider would refuse after the user was created is refused here first.
 */

const e164Shape = /^\+[1-9]\d{6,14}$/;
const e164Message = 'must be a phone number in E.164 format, such as +14155552671';

/** E.164 ("+14155552671") and a valid number: Stokn and Sumvin check validity. */
export const validE164 = z
  .string({ error: 'is required' })
  .max(16, { message: e164Message, abort: true })
  .refine((s) => e164Shape.test(s) && isValidPhoneNumber(s), { message: `${e164Message}, and a valid number`, abort: true });

/**
 * E.164 with a possible length for its country code: sFOX asks for E.164 only (its own example
 * +12223334444 is not an assigned number, so validity is not required).
 */
export const possibleE164 = z
  .string({ error: 'is required' })
  .max(16, { message: e164Message, abort: true })
  .refine((s) => e164Shape.test(s) && parsePhoneNumberFromString(s)?.isPossible() === true, { message: e164Message, abort: true });

/** The E.164 number's calling code is the one of `country` (sFOX checks phone_country_code so). */
export function callingCodeMatches(e164: string, country: string): boolean {
  const parsed = e164Shape.test(e164) ? parsePhoneNumberFromString(e164) : undefined;
  // A malformed number or country is reported by its own check.
  if (!parsed || !isSupportedCountry(country)) return true;
  return parsed.countryCallingCode === getCountryCallingCode(country as CountryCode);
}

/**
 * A national number that is a valid mobile number of `country` (Sovera: "a valid mobile number
 * for the given phone_country_code"). Where a plan cannot tell mobiles from fixed lines (the US),
 * any valid number of the country passes.
 */
export function isMobileOf(number: string, country: string): boolean {
  if (!isSupportedCountry(country)) return true; // the country's own check reports it
  const parsed = parsePhoneNumberFromString(number, country as CountryCode);
  const type = parsed?.getType();
  return parsed !== undefined && parsed.isValid() && parsed.country === country && (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE');
}
