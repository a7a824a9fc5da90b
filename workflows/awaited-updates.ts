import type { UpdateDefinition } from '@temporalio/common';
import { setHandler } from '@temporalio/workflow';

/**
 * Updates the onboarding takes only while it waits for them: their handlers are registered once the
 * wait has begun and removed when it ends.
 *
 * Why: an update can reach a worker in the same workflow task as the result that opens its wait
 * (the lost call's failure that starts the wait for support, the code sent that starts the wait
 * for the person). On replay, Temporal hands the workflow the update before that result, while the
 * first run may have seen the result first (a query had already applied it). A handler registered
 * from the start accepts the update at once on replay, before the result's commands, and every
 * replay fails: the onboarding is stranded (test/replay/repro). An update with no handler yet is
 * held by the SDK until the end of the activation, so it is handled where the wait registers it,
 * whatever the order of delivery; one that no wait takes is refused (`notAwaited`).
 */
export async function whileAwaiting<T>(updates: UpdateDefinition<unknown, [unknown]>[], register: () => void, wait: () => Promise<T>): Promise<T> {
  const waiting = wait(); // first the wait's own commands (its timer), as on a first run where the update came later
  register();
  try {
    return await waiting;
  } finally {
    for (const update of updates) setHandler(update, undefined);
  }
}
