import type { OnboardingRequest } from '../domain/input';

/** A made-up person for sample onboardings (the demo, the bench, the tests): fresh for each onboarding. */
export interface SamplePerson {
  reference: string;
  email: string;
  /** A fresh valid US mobile number, its 10 national digits (the sandbox refuses a phone used twice). */
  phone(): string;
  wait: { kycPollInterval: string; kycDeadline: string };
  /** The person's own JWT, for a provider that acts with the user's credential (the sandbox issues one). */
  userJwt?: string;
}

/**
 * A provider's sample onboardings, one per flow it has (sFOX: an individual and a corporation),
 * named `<provider>` or `<provider>-<flow>`.
 */
export type SampleFlows = Record<string, (person: SamplePerson) => OnboardingRequest>;
