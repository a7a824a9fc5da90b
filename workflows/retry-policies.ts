import type { ActivityOptions, RetryPolicy } from '@temporalio/workflow';
import { nonRetryableFailureTypes } from '../domain/failures';

/**
 * Every retry policy of the onboarding, in one place. Which failures are retryable is decided by
 * domain/failures.ts (the adapters mark them); these say how often and for how long.
 */
const providerRetry: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '30 seconds',
  nonRetryableErrorTypes: nonRetryableFailureTypes,
};

/** Calls that create or change something at the provider: an outage of up to an hour is waited out. */
export const mutatingCall: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: providerRetry,
};

/** Reads polled on a schedule: a few quick retries; after that the poll is skipped, the next one comes anyway. */
export const pollingCall: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '2 minutes',
  retry: { ...providerRetry, maximumAttempts: 3 },
};

/** OTP checks answer a person waiting on a screen: short, few retries. */
export const interactiveCall: ActivityOptions = {
  startToCloseTimeout: '15 seconds',
  scheduleToCloseTimeout: '1 minute',
  retry: { ...providerRetry, maximumInterval: '5 seconds', maximumAttempts: 4 },
};
