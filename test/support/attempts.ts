import { ApplicationFailure } from '@temporalio/common';
import { withCallScope } from '../../providers/call-scope';
import { failureDetails } from '../../providers/failures';

/** What one attempt of an adapter call ended with. */
export type Outcome<T> = { value: T } | { failure: ApplicationFailure };

/** Runs one attempt (numbered as Temporal would) and collects the warnings it logged. */
export async function attempt<T>(n: number, call: () => Promise<T>, warnings: unknown[] = []): Promise<Outcome<T>> {
  try {
    return { value: await withCallScope({ attempt: n, warn: (message, attributes) => warnings.push({ message, ...attributes }) }, call) };
  } catch (err) {
    if (!(err instanceof ApplicationFailure)) throw err;
    return { failure: err };
  }
}

/**
 * The first attempt meets a dropped answer (the sandbox committed, then reset the connection):
 * it must fail retryably with no answer. The second attempt is what a Temporal retry runs.
 */
export async function retryAfterLostAnswer<T>(call: () => Promise<T>, warnings: unknown[] = []): Promise<Outcome<T>> {
  const first = await attempt(1, call, warnings);
  if (!('failure' in first)) throw new Error('the first attempt was expected to lose its answer');
  expect(first.failure.type).toBe('ProviderUnavailable');
  expect(first.failure.nonRetryable).toBe(false);
  return attempt(2, call, warnings);
}

/** The value of an outcome, or a test failure naming what went wrong. */
export function valueOf<T>(outcome: Outcome<T>): T {
  if ('failure' in outcome) throw new Error(`expected a value, got ${outcome.failure.type}: ${outcome.failure.message}`);
  return outcome.value;
}

/** The ProviderOutcomeUnknown of an outcome, with its check and what support hands back. */
export function outcomeUnknownOf(outcome: Outcome<unknown>) {
  if (!('failure' in outcome)) throw new Error('expected ProviderOutcomeUnknown, got a value');
  expect(outcome.failure.type).toBe('ProviderOutcomeUnknown');
  expect(outcome.failure.nonRetryable).toBe(true);
  const details = failureDetails(outcome.failure)!;
  expect(details.check).toEqual(expect.any(String));
  return { failure: outcome.failure, check: details.check!, found: details.found };
}
