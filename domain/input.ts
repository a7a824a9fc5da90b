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

export { accountTypeOf, describeIssues, inputIssues, type InputIssue } from './input-helpers';
