import { z } from 'zod';
import { providerProfiles } from '../providers/catalog';
import type { InputIssue } from './issues';
import { providerNames } from './providers';

/** A tuple's input schemas (a mapped type over a type parameter keeps the tuple). */
type InputsOf<T extends readonly { input: unknown }[]> = { -readonly [K in keyof T]: T[K]['input'] };

/** Each provider's input schema, in the catalog's order (a tuple, as z.discriminatedUnion wants it). */
const providerInputs = providerProfiles.map((p) => p.input) as unknown as InputsOf<typeof providerProfiles>;

/**
 * What a backend sends to start one onboarding; validated by the client (and the API) before
 * anything starts. Its output is the normalised input the workflow keeps: defaults filled in,
 * text trimmed, SSNs as 9 digits, symbols in capitals, durations guaranteed to parse (see
 * `durationMs` in inputs/common.ts). Parsing an output again gives the same output.
 */
export const onboardingInput = z.discriminatedUnion('provider', providerInputs, {
  error: (issue) => (issue.code === 'invalid_union' ? `must be one of ${providerNames.join(', ')}` : undefined),
});

/** As the caller writes it (defaults may be left out). */
export type OnboardingRequest = z.input<typeof onboardingInput>;
/** As the workflow holds it (defaults filled in). */
export type OnboardingInput = z.output<typeof onboardingInput>;

/**
 * The largest request accepted, as JSON. A valid request is a few kilobytes (the largest, an sFOX
 * corporation with 25 owners and every field at its maximum, about 40 KB); Temporal refuses
 * payloads over 2 MB with an unclear "Failed to start Workflow".
 */
export const maxRequestBytes = 64 * 1024;

/** Field-level messages, such as "person.email: must be a valid email address"; never a value. */
export function inputIssues(error: z.ZodError): InputIssue[] {
  // Keys are the caller's own (an unknown one may be huge): keep every field name short.
  const short = (s: string) => (s.length > 100 ? `${s.slice(0, 100)}…` : s);
  const field = (path: PropertyKey[]) => short(path.map(String).join('.')) || '(input)';
  return error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => ({ field: field([...i.path, key]), message: 'is not a field of this request' }))
      : [{ field: field(i.path), message: i.message }],
  );
}

/** A request over `maxRequestBytes` of JSON (or not JSON at all), named on the field "(input)". */
export function requestSizeIssue(request: unknown): InputIssue | undefined {
  let json: string | undefined;
  try {
    json = JSON.stringify(request);
  } catch {
    return { field: '(input)', message: 'must be a JSON object' };
  }
  const bytes = new TextEncoder().encode(json ?? '').length;
  return bytes > maxRequestBytes ? { field: '(input)', message: `is ${bytes} bytes of JSON; at most ${maxRequestBytes} are accepted` } : undefined;
}

export type ParsedRequest = { success: true; data: OnboardingInput } | { success: false; issues: InputIssue[] };

/**
 * The one admission check of a new onboarding (client, CLI, API): the size of the whole request,
 * then every field. All problems are reported at once, each naming its field.
 */
export function parseOnboardingRequest(request: unknown): ParsedRequest {
  const tooBig = requestSizeIssue(request);
  const parsed = onboardingInput.safeParse(request);
  if (parsed.success && !tooBig) return { success: true, data: parsed.data };
  return { success: false, issues: [...(tooBig ? [tooBig] : []), ...(parsed.success ? [] : inputIssues(parsed.error))] };
}
