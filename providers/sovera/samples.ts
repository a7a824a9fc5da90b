import type { SampleFlows } from '../samples';

export const soveraSamples = {
  sovera: (p) => ({
    provider: 'sovera',
    reference: p.reference,
    person: {
      firstName: 'John',
      lastName: 'Doe',
      email: p.email,
      phone: { country: 'US', number: p.phone() },
      dateOfBirth: '1990-10-15',
      address: { country: 'US', line1: '123 Sovera Lane', city: 'Cheyenne', state: 'WY', postalCode: '82001' },
      identity: { type: 'ssn', number: '123456789', country: 'US' },
    },
    wait: p.wait,
  }),
} satisfies SampleFlows;
