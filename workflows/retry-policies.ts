import { proxyActivities, type ActivityOptions, type RetryPolicy } from '@temporalio/workflow';
import type { OnboardingActivities } from '../activities/onboarding-activities';
import { nonRetryableFailureTypes } from '../domain/failures';
import { attemptBudgetMs, worstCaseCalls as calls } from '../domain/provider-calls';

/**
 * Every retry policy of the onboarding, in one place. Which failures are retryable is decided by
 * domain/failures.ts (the adapters mark them); these say how often and for how long.
 *
 * Timeouts fit the calls (domain/provider-calls.ts): an attempt's start-to-close holds the worst
 * case of its activities' provider calls at their longest, plus a margin, and the worker ends
 * every call before that deadline (providers/http.ts). Activities heartbeat while a call is in
 * flight, so with a heartbeat timeout a cancellation reaches the call within seconds and aborts it.
 */
const providerRetry: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '30 seconds',
  nonRetryableErrorTypes: nonRetryableFailureTypes,
};

/** Cancellation reaches a call in flight within about this long (heartbeats are throttled to 80% of it). */
const heartbeatTimeout = '5 seconds';

/** A creating call is given at least this long, even when the onboarding's deadline is nearer (the person did their part). */
export const creatingCallLeastMs = 60 * 60_000;

/**
 * Calls that create or change something at the provider: retried, with the interval capped at
 * 30 s, until the onboarding's deadline and for at least creatingCallLeastMs (workflows/outages.ts
 * sets scheduleToClose per call).
 */
export const mutatingCall: ActivityOptions = {
  startToCloseTimeout: attemptBudgetMs(
    Math.max(calls.createUser, calls.mintCredential, calls.refreshCredential, calls.startKyc, calls.createHolder, calls.depositAddress, calls.deactivate),
  ),
  heartbeatTimeout,
  retry: providerRetry,
};

/** As released: an outage of up to an hour was waited out (onboardings before 'outlast-provider-outages'). */
export const released = { mutating: proxyActivities<OnboardingActivities>({ ...mutatingCall, scheduleToCloseTimeout: '1 hour' }) };

/** Reads polled on a schedule: a few quick retries; after that the poll is skipped, the next one comes anyway. */
export const pollingCall: ActivityOptions = {
  startToCloseTimeout: attemptBudgetMs(Math.max(calls.getKycStatus, calls.getHolder)),
  heartbeatTimeout,
  scheduleToCloseTimeout: '2 minutes',
  retry: { ...providerRetry, maximumAttempts: 3 },
};

/** OTP checks answer a person waiting on a screen: few retries. */
export const interactiveCall: ActivityOptions = {
  startToCloseTimeout: attemptBudgetMs(Math.max(calls.sendOtp, calls.verifyOtp)),
  heartbeatTimeout,
  scheduleToCloseTimeout: '2 minutes',
  retry: { ...providerRetry, maximumInterval: '5 seconds', maximumAttempts: 4 },
};
