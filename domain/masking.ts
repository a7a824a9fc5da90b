/**
 * How a person's data is shown to a role that may know who it is but not read it in full
 * (support): enough to match a caller on the phone, not enough to copy. One place, so the
 * console and the codec server mask alike.
 */

/** "ada@example.com" → "a…@example.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '…';
  return `${email[0]}…${email.slice(at)}`;
}

/** The last 3 digits only: "+1 225 254 9876" → "…876". */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length < 3 ? '…' : `…${digits.slice(-3)}`;
}

/** Any other personal value (a name, an id number, an address line): its length is not even kept. */
export const masked = '…';
