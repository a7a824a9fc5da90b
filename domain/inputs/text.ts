import { z } from 'zod';

/**
 * Free text a person or a backend types (names, addresses, descriptions, reasons). Every string
 * has a maximum length, and none may hold characters that are invisible or change how the text
 * around them reads: control characters (NUL, ESC...), format characters (bidi overrides such as
 * RTL OVERRIDE U+202E, zero-width spaces and joiners, BOM), unassigned or private-use code points,
 * line and paragraph separators, and every other Unicode Default_Ignorable_Code_Point (Hangul
 * fillers, variation selectors). They would let a name look like another one in a support screen
 * or a provider's back office, or hide in a log.
 */
const invisible = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

export const invisibleMessage = 'must not contain control, bidirectional or zero-width characters';

/** Trimmed text of 1 to `max` characters without invisible characters. */
export function text(max: number) {
  return z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !invisible.test(s), invisibleMessage);
}

/** As `text`, with at least one letter (a name, a street, a city). */
export function lettered(max: number) {
  return text(max).refine((s) => /\p{L}/u.test(s), 'must contain at least one letter');
}

/**
 * A person's first, middle or last name. No name holds `<` or `>`: refused here so markup never
 * reaches a provider's back office or a support screen (the console escapes all text anyway).
 */
export const personName = lettered(100).refine((s) => !/[<>]/.test(s), 'must not contain < or >');

/** A string that is a token or a code: no whitespace or invisible characters at all. */
export function token(max: number, what: string) {
  return z
    .string({ error: 'must be a string' })
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !/\s/u.test(s) && !invisible.test(s), `must be ${what} without spaces or invisible characters`);
}
