import type { Capabilities, ProviderProfile } from '../profile';
import { sumvinInput } from './input';

const capabilities: Capabilities = {
  credential: 'user-jwt',
  otpChannels: ['sms'],
  otpSentOnCreate: false,
  otpTtl: '10 minutes',
  otpLength: 6,
  kycStart: true,
  kycAppToken: true,
  holder: 'safe',
  canDeactivate: false,
};

/** What the workflow, the API and the client know of Sumvin. */
export const sumvinProfile = {
  name: 'sumvin',
  input: sumvinInput,
  capabilities: () => capabilities,
  callNeeds: {
    // Every call acts with the person's JWT, which the session's credential holds (workflows/prepare.ts).
    createUser: ['chainId', 'eoaAddress'],
    sendOtp: ['phone'],
    depositAddress: ['chainId'],
  },
  // Sumvin knows the person by the chain and EOA their Safe belongs to.
  identity: (input) => `sumvin:${input.chainId}:${input.eoaAddress.toLowerCase()}`,
} as const satisfies ProviderProfile<'sumvin', typeof sumvinInput>;
