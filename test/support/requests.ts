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

/** A distinct E.164 mobile number each call. */
export function e164Mobile(): string {
  return `+1${usMobile()}`;
}

export function stoknRequest(overrides: Record<string, unknown> = {}) {
  const reference = uniqueReference('stk');
  return {
    provider: 'stokn' as const,
    reference,
    person: { email: `jane+${reference}@example.com`, phone: e164Mobile() },
    password: { secret: 'correct-horse-42' },
    wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes' },
    ...overrides,
  };
}

export function sfoxIndividualRequest(overrides: Record<string, unknown> = {}) {
  const reference = uniqueReference('sfi');
  return {
    provider: 'sfox' as const,
    accountType: 'individual' as const,
    reference,
    accountPurpose: 'Investing' as const,
    person: {
      firstName: 'Sean',
      lastName: 'Fox',
      email: `sean+${reference}@example.com`,
      phone: { country: 'US', number: e164Mobile() },
      dateOfBirth: '1990-10-15',
      address: { country: 'US', line1: '123 sFOX Lane', city: 'Los Angeles', state: 'CA', postalCode: '90403' },
      identity: { type: 'passport' as const, number: '123456789', country: 'US' },
    },
    wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes' },
    ...overrides,
  };
}

export function sfoxCorporationRequest(overrides: Record<string, unknown> = {}) {
  const reference = uniqueReference('sfc');
  return {
    provider: 'sfox' as const,
    accountType: 'corporation' as const,
    reference,
    accountPurpose: 'Operating' as const,
    person: { firstName: 'Sean', lastName: 'Fox', email: `ops+${reference}@example.com`, phone: { country: 'US', number: e164Mobile() } },
    business: {
      entityName: 'Sean Fox Hedge Fund',
      organizationType: 'LLC' as const,
      registrationNumber: '123456789',
      principalPlace: { country: 'US', state: 'CA', address: '1234 Flower Street', city: 'Los Angeles', postalCode: '90403' },
      incorporation: { country: 'US', state: 'WY', date: '2020-10-15' },
      accreditedInvestor: true,
      nonAgentIntermediary: true,
      businessType: 'Hedge Fund' as const,
      description: 'Crypto hedge fund',
    },
    beneficialOwners: [
      {
        firstName: 'Sean',
        lastName: 'Fox',
        email: `owner+${reference}@example.com`,
        phone: e164Mobile(),
        dateOfBirth: '1990-10-15',
        address: { country: 'US', line1: '123 sFOX Lane', city: 'Los Angeles', state: 'CA', postalCode: '90403' },
        identity: { type: 'ssn' as const, number: '123456789', country: 'US' },
      },
    ],
    wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes' },
    ...overrides,
  };
}

/** A Sumvin onboarding with a test JWT the sandbox issued for `subject`. */
export function sumvinRequest(jwt: string, overrides: Record<string, unknown> = {}) {
  const reference = uniqueReference('sum');
  return {
    provider: 'sumvin' as const,
    reference,
    userCredential: { secret: jwt },
    chainId: 1328 as const,
    eoaAddress: '0x742d35cc6634c0532925a3b844BC9e7595F2BD78',
    phone: e164Mobile(),
    wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes' },
    ...overrides,
  };
}
