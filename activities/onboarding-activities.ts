import { ApplicationFailure } from '@temporalio/common';
import { ZodError } from 'zod';
import { log, activityInfo, metricMeter } from '@temporalio/activity';
import type { OtpChannel } from '../domain/providers';
import type { ProviderCall } from '../domain/provider-calls';
import type { AnySession, CallSession } from '../domain/session';
import type { ProviderAdapter } from '../providers/adapter';
import type { Adapters } from '../providers/registry';
import { createEventActivities, type BackendEventsConfig } from './event-delivery';
import { prepareOnboardingWith } from './prepare-onboarding';
import { handOffEvent } from './event-hand-off';
import { withCallScope } from '../providers/call-scope';
import { activityCallScope } from './call-scope';

/** A call's session once the user exists. */
type WithUser<C extends ProviderCall> = CallSession<C> & { user: NonNullable<AnySession['user']> };

/**
 * The onboarding's activities: one per step, each handing the session to the provider's adapter.
 * A session's input is trimmed to what its call reads (domain/call-inputs.ts), or whole when the
 * call was scheduled by workflow code of before 'slim-activity-inputs': both are taken.
 * Adapters do the idempotency and the failure typing; this layer routes, logs (ids only, never
 * PII) and stops a request that cannot be built from being retried. With `events`, the
 * onboardings started by this worker send their events to the backend (deliverEvent).
 */
export function createActivities(adapters: Adapters, events?: BackendEventsConfig) {
  function adapter(session: AnySession): ProviderAdapter {
    return adapters[session.input.provider];
  }

  /** Calls an optional adapter method, or fails clearly when the provider has no such step. */
  function required<K extends keyof ProviderAdapter>(session: AnySession, method: K): NonNullable<ProviderAdapter[K]> {
    const fn = adapter(session)[method];
    if (!fn) {
      throw ApplicationFailure.nonRetryable(`${session.input.provider} has no ${String(method)} step`, 'UnsupportedStep');
    }
    return (fn as (...args: unknown[]) => unknown).bind(adapter(session)) as NonNullable<ProviderAdapter[K]>;
  }

  /**
   * Runs the adapter call in the attempt's call scope (attempt number, cancellation, deadline,
   * heartbeat: activities/call-scope.ts). A request an adapter refuses to build (its zod schema)
   * would fail the same way on every retry: it becomes a non-retryable failure naming the fields,
   * never their values.
   */
  async function guarded<T>(session: AnySession, step: string, call: () => Promise<T>): Promise<T> {
    const { attempt } = activityInfo();
    const { provider } = session.input;
    log.info(`onboarding step ${step}`, { provider, reference: session.input.reference, attempt });
    const calls = metricMeter.createCounter('onboarding_provider_calls', 'calls', 'Provider calls by provider, call and outcome (ok or the failure type)');
    try {
      const result = await withCallScope(activityCallScope(session), call);
      calls.add(1, { provider, call: step, outcome: 'ok' });
      return result;
    } catch (err) {
      calls.add(1, { provider, call: step, outcome: outcomeOf(err) });
      if (!(err instanceof ZodError)) throw err;
      const fields = err.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ');
      throw ApplicationFailure.nonRetryable(`${session.input.provider} ${step}: request refused before sending (${fields})`, 'InvalidInput');
    }
  }

  return {
    prepareOnboarding: prepareOnboardingWith({ eventsEnabled: events !== undefined }),
    ...createEventActivities(events),
    handOffEvent,
    async createUser(session: CallSession<'createUser'>) {
      return guarded(session, 'createUser', () => adapter(session).createUser(session));
    },
    async mintCredential(session: WithUser<'mintCredential'>) {
      return guarded(session, 'mintCredential', () => required(session, 'mintCredential')(session));
    },
    async refreshCredential(session: WithUser<'refreshCredential'> & { credential: NonNullable<AnySession['credential']> }) {
      return guarded(session, 'refreshCredential', () => required(session, 'refreshCredential')(session));
    },
    async sendOtp(session: WithUser<'sendOtp'>, channel: OtpChannel) {
      return guarded(session, `sendOtp:${channel}`, () => required(session, 'sendOtp')(session, channel));
    },
    async verifyOtp(session: WithUser<'verifyOtp'> & { challenge: NonNullable<AnySession['challenge']> }, code: string) {
      return guarded(session, `verifyOtp:${session.challenge.channel}`, () => required(session, 'verifyOtp')(session, code));
    },
    async startKyc(session: WithUser<'startKyc'>) {
      return guarded(session, 'startKyc', () => required(session, 'startKyc')(session));
    },
    async issueKycAccess(session: WithUser<'issueKycAccess'>) {
      return guarded(session, 'issueKycAccess', () => required(session, 'issueKycAccess')(session));
    },
    async getKycStatus(session: WithUser<'getKycStatus'>) {
      return guarded(session, 'getKycStatus', () => adapter(session).getKycStatus(session));
    },
    async createHolder(session: WithUser<'createHolder'>) {
      return guarded(session, 'createHolder', () => adapter(session).createHolder(session));
    },
    async getHolder(session: WithUser<'getHolder'> & { holder: NonNullable<AnySession['holder']> }) {
      return guarded(session, 'getHolder', () => required(session, 'getHolder')(session));
    },
    async depositAddress(session: WithUser<'depositAddress'> & { holder: NonNullable<AnySession['holder']> }) {
      return guarded(session, 'depositAddress', () => adapter(session).depositAddress(session));
    },
    async deactivate(session: WithUser<'deactivate'>) {
      return guarded(session, 'deactivate', () => required(session, 'deactivate')(session));
    },
  };
}

/** A failure's type for the metrics: the ApplicationFailure type, else the error's class. */
function outcomeOf(err: unknown): string {
  if (err instanceof ApplicationFailure && err.type) return err.type;
  if (err instanceof ZodError) return 'InvalidInput';
  return err instanceof Error ? err.name : 'Error';
}

export type OnboardingActivities = ReturnType<typeof createActivities>;
