import type { OnboardingRequest } from '../../domain/input';
import { uniqueReference } from './harness';

let n = 0;
/** A distinct, valid US mobile number each call (the sandbox refuses duplicates). */
function usMobile(): string {
  n++;
  return `2252${String(540000 + ((Date.now() + n * 7919) % 459999)).padStart(6, '0')}`;
}

/** A valid Sovera onboarding for a unique adult; `overrides` replace top-level fields. */
export function soveraRequest(overrides: Partial<Extract<OnboardingRequest, { provider: 'sovera' }>> = {}) {
  const reference = uniqueReference('sov');
  return {
    provider: 'sovera' as const,
    reference,
    person: {
      firstName: 'John',
      lastName: 'Doe',
      email: `john.doe+${reference}@example.com`,
      phone: { country: 'US', number: usMobile() },
      dateOfBirth: '1990-10-15',
      address: { country: 'US', line1: '123 Sovera Lane', city: 'Cheyenne', state: 'WY', postalCode: '82001' },
      identity: { type: 'ssn' as const, number: '123456789', country: 'US' },
    },
    wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes' },
    ...overrides,
  };
}
