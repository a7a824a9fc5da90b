import type { SampleFlows } from '../samples';

const address = { country: 'US', line1: '123 sFOX Lane', city: 'Los Angeles', state: 'CA', postalCode: '90403' };

export const sfoxSamples = {
  'sfox-individual': (p) => ({
    provider: 'sfox',
    accountType: 'individual',
    reference: p.reference,
    accountPurpose: 'Investing',
    person: {
      firstName: 'Sean',
      lastName: 'Fox',
      email: p.email,
      phone: { country: 'US', number: `+1${p.phone()}` },
      dateOfBirth: '1990-10-15',
      address,
      identity: { type: 'passport', number: '123456789', country: 'US' },
    },
    wait: p.wait,
  }),
  // A business proves its contact's email only; its owner is a person of their own.
  'sfox-corporation': (p) => ({
    provider: 'sfox',
    accountType: 'corporation',
    reference: p.reference,
    accountPurpose: 'Operating',
    person: { firstName: 'Sean', lastName: 'Fox', email: p.email, phone: { country: 'US', number: `+1${p.phone()}` } },
    business: {
      entityName: 'Sean Fox Hedge Fund',
      organizationType: 'LLC',
      registrationNumber: '123456789',
      principalPlace: { country: 'US', state: 'CA', address: '1234 Flower Street', city: 'Los Angeles', postalCode: '90403' },
      incorporation: { country: 'US', state: 'WY', date: '2020-10-15' },
      accreditedInvestor: true,
      nonAgentIntermediary: true,
      businessType: 'Hedge Fund',
      description: 'Crypto hedge fund',
    },
    beneficialOwners: [
      {
        firstName: 'Sean',
        lastName: 'Fox',
        email: p.email.replace(/^[^@+]*/, 'owner'),
        phone: `+1${p.phone()}`,
        dateOfBirth: '1990-10-15',
        address,
        identity: { type: 'ssn', number: '123456789', country: 'US' },
      },
    ],
    wait: p.wait,
  }),
} satisfies SampleFlows;
