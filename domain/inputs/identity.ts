import { z } from 'zod';
import { countryCode } from './countries';

/**
 * A U.S. Social Security Number as the SSA issues them: 9 digits (written 123456789 or
 * 123-45-6789), never area 000, 666 or 900-999, group 00 or serial 0000 (SSA, "Social Security
 * Number Randomization", 2011). Checks the form only; whether it belongs to the person is KYC.
 */
export function isSsn(value: string): boolean {
  const m = /^(\d{3})-?(\d{2})-?(\d{4})$/.exec(value);
  if (!m) return false;
  const [area, group, serial] = [m[1], m[2], m[3]];
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

/** Passport numbers: letters and digits only (ICAO 9303 documents use 9; some issuers more). */
const passportNumber = /^[A-Za-z0-9]{4,20}$/;

/** The person's identity document; an SSN is kept as its 9 digits. */
export const identity = z
  .object({
    type: z.enum(['ssn', 'passport'], { error: 'must be "ssn" or "passport"' }),
    number: z.string({ error: 'is required' }).trim().max(20, { message: 'must be at most 20 characters', abort: true }),
    country: countryCode,
  })
  .strict()
  .superRefine((i, ctx) => {
    if (i.type === 'ssn') {
      if (!isSsn(i.number)) {
        ctx.addIssue({ code: 'custom', path: ['number'], message: 'must be a U.S. SSN: 9 digits, not area 000, 666 or 9xx, group 00 or serial 0000' });
      }
      if (i.country !== 'US') ctx.addIssue({ code: 'custom', path: ['country'], message: 'must be US for an ssn' });
    } else if (!passportNumber.test(i.number)) {
      ctx.addIssue({ code: 'custom', path: ['number'], message: 'must be a passport number of 4-20 letters or digits' });
    }
  })
  .transform((i) => (i.type === 'ssn' ? { ...i, number: i.number.replace(/-/g, '') } : i));
