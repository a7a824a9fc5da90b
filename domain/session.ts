import type { OnboardingInput } from './input';
import type { Credential, Holder, OtpChallenge, ProviderUser } from './onboarding';

/**
 * Everything an adapter call may need to know about the onboarding so far. Activities build it
 * from the workflow's state; an adapter reads what it needs and ignores the rest.
 */
export interface Session {
  input: OnboardingInput;
  /** A uuid v4 chosen once by the workflow: the idempotency key where the provider lets us choose the user id. */
  userKey: string;
  /** Set once the user exists at the provider. */
  user?: ProviderUser;
  /** Set once a credential is held (minted token, OTP session, supplied JWT). */
  credential?: Credential;
  /** The current OTP challenge, for providers whose verification needs it back. */
  challenge?: OtpChallenge;
  holder?: Holder;
  /** A failed run this one started again after (workflows/restart.ts): a refusal may then be that run's own user. */
  restartOf?: string;
}
