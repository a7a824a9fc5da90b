import { Context, log } from '@temporalio/activity';
import type { AnySession } from '../domain/session';
import type { CallScope } from '../providers/call-scope';

/**
 * Time an attempt keeps for itself after its last call may end: reporting the result, and the
 * gap between the server starting the start-to-close clock and this code running.
 */
const reportMarginMs = 2_000;

/**
 * The call scope of the running activity attempt: its number, its cancellation signal (which
 * reaches axios), a deadline inside its start-to-close so that no call outlives the attempt, a
 * heartbeat when the activity options ask for one, and the ids failure messages may keep.
 */
export function activityCallScope(session: AnySession): CallScope {
  const context = Context.current();
  const { attempt, startToCloseTimeoutMs, heartbeatTimeoutMs } = context.info;
  return {
    attempt,
    signal: context.cancellationSignal,
    deadlineAt: startToCloseTimeoutMs > 0 ? Date.now() + startToCloseTimeoutMs - reportMarginMs : undefined,
    // The SDK throttles heartbeats; without a heartbeat timeout an activity must not heartbeat.
    heartbeat: heartbeatTimeoutMs ? () => context.heartbeat() : undefined,
    warn: (message, attributes) => log.warn(message, attributes),
    keep: [session.input.reference, session.userKey, session.user?.id, session.user?.accountId, session.holder?.id].filter(
      (id): id is string => typeof id === 'string',
    ),
  };
}
