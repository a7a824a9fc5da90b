import type { Capabilities, ProviderProfile } from '../profile';
import { soveraInput } from './input';

const capabilities: Capabilities = {
  credential: 'minted-token',
  otpChannels: [],
  otpSentOnCreate: false,
  otpTtl: '10 minutes',
  otpLength: 6,
  kycStart: false,
  kycAppToken: false,
  holder: 'wallet',
  canDeactivate: false,
};

/** What the workflow, the API and the client know of Sovera. */
export const soveraProfile = {
  name: 'sovera',
  input: soveraInput,
  capabilities: () => capabilities,
  callNeeds: {
    createUser: ['person', 'accountPurpose'],
    createHolder: ['deposit'],
    depositAddress: ['deposit'],
  },
  identity: (input) => `sovera:${input.person.email.toLowerCase()}`,
} as const satisfies ProviderProfile<'sovera', typeof soveraInput>;
