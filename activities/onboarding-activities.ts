import { ApplicationFailure } from '@temporalio/common';
import { log, activityInfo } from '@temporalio/activity';
import type { OtpChannel } from '../domain/providers';
import type { Session } from '../domain/session';
import type { ProviderAdapter } from '../providers/adapter';
import type { Adapters } from '../providers/registry';

type WithUser = Session & { user: NonNullable<Session['user']> };

/**
 * The onboarding's activities: one per step, each handing the session to the provider's adapter.
 * Adapters do the idempotency and the failure typing; this layer only routes and logs (ids only).
 */
export function createActivities(adapters: Adapters) {
  function adapter(session: Session): ProviderAdapter {
    return adapters[session.input.provider];
  }

  /** Calls an optional adapter method, or fails clearly when the provider has no such step. */
  function required<K extends keyof ProviderAdapter>(session: Session, method: K): NonNullable<ProviderAdapter[K]> {
    const fn = adapter(session)[method];
    if (!fn) {
      throw ApplicationFailure.nonRetryable(`${session.input.provider} has no ${String(method)} step`, 'UnsupportedStep');
    }
    return (fn as (...args: unknown[]) => unknown).bind(adapter(session)) as NonNullable<ProviderAdapter[K]>;
  }

  function trace(session: Session, step: string): void {
    const { attempt } = activityInfo();
    log.info(`onboarding step ${step}`, { provider: session.input.provider, reference: session.input.reference, attempt });
  }

  return {
    async createUser(session: Session) {
      trace(session, 'createUser');
      return adapter(session).createUser(session);
    },
    async mintCredential(session: WithUser) {
      trace(session, 'mintCredential');
      return required(session, 'mintCredential')(session);
    },
    async refreshCredential(session: WithUser & { credential: NonNullable<Session['credential']> }) {
      trace(session, 'refreshCredential');
      return required(session, 'refreshCredential')(session);
    },
    async sendOtp(session: WithUser, channel: OtpChannel) {
      trace(session, `sendOtp:${channel}`);
      return required(session, 'sendOtp')(session, channel);
    },
    async verifyOtp(session: WithUser & { challenge: NonNullable<Session['challenge']> }, code: string) {
      trace(session, `verifyOtp:${session.challenge.channel}`);
      return required(session, 'verifyOtp')(session, code);
    },
    async startKyc(session: WithUser) {
      trace(session, 'startKyc');
      return required(session, 'startKyc')(session);
    },
    async getKycStatus(session: WithUser) {
      trace(session, 'getKycStatus');
      return adapter(session).getKycStatus(session);
    },
    async createHolder(session: WithUser) {
      trace(session, 'createHolder');
      return adapter(session).createHolder(session);
    },
    async getHolder(session: WithUser & { holder: NonNullable<Session['holder']> }) {
      trace(session, 'getHolder');
      return required(session, 'getHolder')(session);
    },
    async depositAddress(session: WithUser & { holder: NonNullable<Session['holder']> }) {
      trace(session, 'depositAddress');
      return adapter(session).depositAddress(session);
    },
    async deactivate(session: WithUser) {
      trace(session, 'deactivate');
      return required(session, 'deactivate')(session);
    },
  };
}

export type OnboardingActivities = ReturnType<typeof createActivities>;
