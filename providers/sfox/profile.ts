import type { Capabilities, ProviderProfile } from '../profile';
import { sfoxInput } from './input';

const capabilities: Capabilities = {
  credential: 'fresh-token',
  otpChannels: ['email', 'sms'],
  otpSentOnCreate: true,
  otpTtl: '10 minutes',
  otpLength: 6,
  kycStart: false,
  kycAppToken: false,
  holder: 'account',
  canDeactivate: true,
};

/** What the workflow, the API and the client know of sFOX. */
export const sfoxProfile = {
  name: 'sfox',
  input: sfoxInput,
  // A business proves its email only.
  capabilities: (input) => (input.accountType === 'corporation' ? { ...capabilities, otpChannels: ['email'] } : capabilities),
  callNeeds: {
    // Corporation fields are absent from an individual's input, and so from its trimmed input.
    createUser: ['accountType', 'accountRole', 'accountPurpose', 'person', 'business', 'beneficialOwners'],
    // The masked phone or email the code went to.
    sendOtp: ['person.email', 'person.phone.number'],
    depositAddress: ['deposit'],
  },
  identity: (input) => `sfox:${input.person.email.toLowerCase()}`,
} as const satisfies ProviderProfile<'sfox', typeof sfoxInput>;
