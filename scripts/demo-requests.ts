import type { OnboardingRequest } from '../domain/input';
import type { ProviderName } from '../domain/providers';

/** The demo's person for each provider; a fresh reference each run (the dev server keeps history). */
export async function demoRequest(provider: ProviderName, _sandboxUrl: string): Promise<OnboardingRequest> {
  const reference = `demo-${provider}-${Date.now().toString(36)}`;
  const wait = { kycPollInterval: '2 seconds', kycDeadline: '1 hour' };
  switch (provider) {
    case 'sovera':
      return {
        provider,
        reference,
        person: {
          firstName: 'Ada',
          lastName: 'Lovelace',
          email: `ada+${reference}@example.com`,
          phone: { country: 'US', number: '2252542523' },
          dateOfBirth: '1990-10-15',
          address: { country: 'US', line1: '123 Sovera Lane', city: 'Cheyenne', state: 'WY', postalCode: '82001' },
          identity: { type: 'ssn', number: '123456789', country: 'US' },
        },
        wait,
      };
    default:
      throw new Error(`no demo person for ${provider} yet`);
  }
}
