import type { z } from 'zod';
import type { OnboardingInput } from './input';

/**
 * What code needs of an onboarding's input besides its schemas, in a module that builds none:
 * workflow code imports these without building every provider's schema into each cached
 * workflow (about 0.9 MB apiece; see domain/message-schemas.ts). Re-exported by ./input.ts.
 */

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
