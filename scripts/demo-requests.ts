import axios from 'axios';
import type { OnboardingRequest } from '../domain/input';
import type { ProviderName } from '../domain/providers';

const address = { country: 'US', line1: '123 Market Street', city: 'Los Angeles', state: 'CA', postalCode: '90403' };

/**
 * The demo's person for each provider; a fresh reference each run (the dev server keeps its
 * history between runs). Sumvin's JWT is issued by the sandbox, as Dynamic Labs or Privy would.
 */
export async function demoRequest(
  provider: ProviderName,
  sandboxUrl: string,
  accountType: 'individual' | 'corporation' = 'individual',
): Promise<OnboardingRequest> {
  const reference = `demo-${provider}-${Date.now().toString(36)}`;
  const email = `ada+${reference}@example.com`;
  const wait = { kycPollInterval: '2 seconds', kycDeadline: '1 hour' };
  switch (provider) {
    case 'sovera':
      return {
        provider,
        reference,
        person: {
          firstName: 'Ada',
          lastName: 'Lovelace',
          email,
          phone: { country: 'US', number: '2252542523' },
          dateOfBirth: '1990-10-15',
          address: { ...address, city: 'Cheyenne', state: 'WY', postalCode: '82001' },
          identity: { type: 'ssn', number: '123456789', country: 'US' },
        },
        wait,
      };
    case 'stokn':
      return { provider, reference, person: { email, phone: '+12252542523' }, password: { secret: 'demo-password-1' }, wait };
    case 'sfox':
      if (accountType === 'corporation') {
        return {
          provider,
          reference,
          accountType,
          accountPurpose: 'Treasury Management',
          person: { firstName: 'Ada', lastName: 'Lovelace', email, phone: { country: 'US', number: '+12252542523' } },
          business: {
            entityName: 'Analytical Engines LLC',
            organizationType: 'LLC',
            registrationNumber: '123456789',
            principalPlace: { country: 'US', state: 'CA', address: '1234 Flower Street', city: 'Los Angeles', postalCode: '90403' },
            incorporation: { country: 'US', state: 'WY', date: '2020-10-15' },
            accreditedInvestor: true,
            nonAgentIntermediary: false,
            businessType: 'Software Vendor',
            description: 'Computing machinery',
          },
          beneficialOwners: [
            {
              firstName: 'Ada',
              lastName: 'Lovelace',
              email,
              phone: '+12252542523',
              dateOfBirth: '1990-10-15',
              address,
              identity: { type: 'ssn', number: '123456789', country: 'US' },
            },
          ],
          wait,
        };
      }
      return {
        provider,
        reference,
        accountType,
        person: {
          firstName: 'Ada',
          lastName: 'Lovelace',
          email,
          phone: { country: 'US', number: '+12252542523' },
          dateOfBirth: '1990-10-15',
          address,
          identity: { type: 'passport', number: 'X1234567', country: 'US' },
        },
        wait,
      };
    case 'sumvin': {
      const { data } = await axios.post(`${sandboxUrl}/_sandbox/sumvin/jwt`, { subject: `did:demo:${reference}`, ttlSeconds: 3600 });
      return {
        provider,
        reference,
        userCredential: { secret: data.jwt },
        eoaAddress: '0x742d35cc6634c0532925a3b844BC9e7595F2BD78',
        phone: '+12252542523',
        wait,
      };
    }
  }
}
