import type { Capabilities, ProviderProfile } from '../profile';
import { cybridInput } from './input';

/**
 * No OTP and no user credential: every call is made with the bank's own token. The OTP fields are
 * unused (no channel), set to the type's neutral values.
 */
const capabilities: Capabilities = {
  credential: 'fresh-token',
  otpChannels: [],
  otpSentOnCreate: false,
  otpTtl: '5 minutes',
  otpLength: 6,
  // POST /api/identity_verifications opens KYC; the person's app then asks for a Persona session token.
  kycStart: true,
  kycAppToken: true,
  holder: 'account',
  canDeactivate: false,
};

/** What the workflow, the API and the client know of Cybrid. */
export const cybridProfile = {
  name: 'cybrid',
  input: cybridInput,
  capabilities: () => capabilities,
  callNeeds: {
    createUser: ['person.email'],
    createHolder: ['accountName'],
  },
  identity: (input) => `cybrid:${input.person.email.toLowerCase()}`,
} as const satisfies ProviderProfile<'cybrid', typeof cybridInput>;
