import type { NeedsAction, OnboardingStep } from '../workflows/definitions';

/** The steps as values, for filters and usage texts (the type lives with the workflow's messages). */
export const onboardingSteps = [
  'creating-user',
  'obtaining-credential',
  'verifying-contact',
  'starting-kyc',
  'awaiting-kyc',
  'awaiting-credential',
  'awaiting-support',
  'creating-holder',
  'creating-deposit-address',
  'compensating',
  'completed',
  'failed',
] as const satisfies readonly OnboardingStep[];
// A step added to the workflow must be added here too (or the list filter could not name it).
type MissingStep = Exclude<OnboardingStep, (typeof onboardingSteps)[number]>;
const allStepsListed: MissingStep extends never ? true : MissingStep = true;
void allStepsListed;

/** Who the onboarding waits for (search attribute NeedsAction). */
export const needsActions = ['otp', 'kyc', 'credential', 'support', 'none'] as const satisfies readonly NeedsAction[];
