import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * Where a code went, as the person may be shown it: never the whole phone or email.
 * "+1 *** *** 2671": the country calling code and the last four digits.
 */
export function maskPhone(e164: string): string {
  const country = parsePhoneNumberFromString(e164)?.countryCallingCode;
  return `${country ? `+${country} ` : ''}*** *** ${e164.replace(/\D/g, '').slice(-4)}`;
}

/** "j***@example.com": the first letter and the domain. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, 1)}***@${email.slice(at + 1)}`;
}
