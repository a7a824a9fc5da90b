import type { Capabilities, ProviderProfile } from '../profile';
import { stoknInput } from './input';

const capabilities: Capabilities = {
  credential: 'otp-session',
  otpChannels: ['sms'],
  otpSentOnCreate: false,
  otpTtl: '5 minutes',
  otpLength: 4,
  kycStart: true,
  kycAppToken: false,
  holder: 'portfolio',
  canDeactivate: false,
};

/** What the workflow, the API and the client know of Stokn. */
export const stoknProfile = {
  name: 'stokn',
  input: stoknInput,
  capabilities: () => capabilities,
  callNeeds: {
    createUser: ['person', 'password'],
    // The login that sends the SMS code; the code's check and the session's refresh name the user.
    sendOtp: ['person.email', 'password'],
    verifyOtp: ['person.email'],
    refreshCredential: ['person.email'],
    createHolder: ['portfolioName'],
    depositAddress: ['deposit'],
  },
  identity: (input) => `stokn:${input.person.email.toLowerCase()}`,
} as const satisfies ProviderProfile<'stokn', typeof stoknInput>;
