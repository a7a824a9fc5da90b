import type { CallInput, CallInputBase } from './call-inputs';
import type { ProviderCall } from './provider-calls';
import type { OnboardingInput } from './input';
import type { Credential, Holder, OtpChallenge, ProviderUser } from './onboarding';

/**
 * Everything an adapter call may need to know about the onboarding so far. The workflow builds it
 * from its state; an adapter reads what it needs and ignores the rest. `input` is the onboarding
 * input trimmed to what the call reads (domain/call-inputs.ts), or, for calls scheduled before
 * inputs were trimmed, the whole of it.
 */
export interface Session<I extends CallInputBase = OnboardingInput> {
  input: I;
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

/** The session of one call: its input trimmed to what that call reads. */
export type CallSession<C extends ProviderCall> = Session<CallInput<C>>;

/** A session of any call, for what every call shares (routing, ids, the credential). */
export type AnySession = Session<CallInputBase>;
