import { z } from 'zod';
import { soveraInput } from './inputs/sovera';
import { stoknInput } from './inputs/stokn';
import { sfoxInput } from './inputs/sfox';
import { sumvinInput } from './inputs/sumvin';

/** What a backend sends to start one onboarding; validated by the client and again by the workflow. */
export const onboardingInput = z.discriminatedUnion('provider', [soveraInput, stoknInput, sfoxInput, sumvinInput]);

/** As the caller writes it (defaults may be left out). */
export type OnboardingRequest = z.input<typeof onboardingInput>;
/** As the workflow holds it (defaults filled in). */
export type OnboardingInput = z.output<typeof onboardingInput>;

export type InputIssue = { field: string; message: string };

/** Field-level messages, such as "person.email: must be a valid email address". */
export function inputIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((i) => ({ field: i.path.join('.') || '(input)', message: i.message }));
}

export function describeIssues(issues: InputIssue[]): string {
  return issues.map((i) => `${i.field}: ${i.message}`).join('; ');
}

/** sFOX distinguishes individuals from corporations; every other provider onboards individuals. */
export function accountTypeOf(input: OnboardingInput): 'individual' | 'corporation' {
  return 'accountType' in input && input.accountType === 'corporation' ? 'corporation' : 'individual';
}
