import { z } from 'zod';

/**
 * Calendar dates written YYYY-MM-DD. The clock-based rules (not in the future, of age) read
 * Date.now(): in workflow code that is the workflow's deterministic time.
 */

/** Epoch ms of midnight UTC of a real calendar day, or undefined ("2023-02-30" is not one). */
export function calendarDay(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(at).toISOString().slice(0, 10) === s ? at : undefined;
}

function todayUtc(): number {
  const now = new Date(Date.now());
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

/** Full years between a YYYY-MM-DD day and today (UTC). */
function ageInYears(s: string): number {
  const [y, m, d] = s.split('-').map(Number);
  const now = new Date(Date.now());
  const beforeBirthday = now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d);
  return now.getUTCFullYear() - y - (beforeBirthday ? 1 : 0);
}

export const isoDate = z
  .string({ error: 'is required' })
  .max(10, 'must be a date written YYYY-MM-DD')
  .refine((s) => calendarDay(s) !== undefined, 'must be a real calendar date written YYYY-MM-DD');

/** True for a real, past date of birth of someone younger than `years` (a future date is reported apart). */
export function isUnderAge(s: string, years: number): boolean {
  const at = calendarDay(s);
  return at !== undefined && at <= todayUtc() && ageInYears(s) < years;
}

/** A past date (incorporation, a date of birth), after 1900. */
export const pastDate = isoDate.refine((s) => {
  const at = calendarDay(s);
  return at === undefined || (at <= todayUtc() && at >= Date.UTC(1900, 0, 1));
}, 'must not be in the future, nor before 1900');
