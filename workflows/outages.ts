import { RetryState } from '@temporalio/common';
import { ActivityFailure, condition, proxyActivities } from '@temporalio/workflow';
import type { OnboardingActivities } from '../activities/onboarding-activities';
import { countOutageAlert } from './metrics';
import { creatingCallLeastMs, mutatingCall, released } from './retry-policies';
import { priorityOf } from './priorities';
import type { OnboardingRun } from './run';

type Activities = OnboardingActivities;

const alertType = 'ProviderOutage';

/**
 * The calls that create or change something at the provider. Since 'outlast-provider-outages'
 * a retryable failure is retried (capped interval, retry-policies.ts) until the onboarding's
 * deadline, at least an hour: a provider down for hours does not fail an onboarding that waited
 * weeks for KYC. A call still failing after `wait.outageAlertAfter` raises an alert (status,
 * `NeedsAction=support`, metric) until it succeeds. A non-retryable failure ends it at once, as
 * before. Released versions gave each call one hour.
 */
export function creatingCalls(run: OnboardingRun): Activities {
  if (!run.patched('outlast-provider-outages')) return released.mutating;
  const until = Date.now() + Math.max(run.remaining(), creatingCallLeastMs);
  const timerless = run.since('baseline-2026-12-06');
  /** The activity `name`, scheduled with `scheduleToCloseMs`. */
  const schedule = (name: string, args: unknown[], scheduleToCloseMs: number) => {
    const calls = proxyActivities<Activities>({ ...mutatingCall, scheduleToCloseTimeout: scheduleToCloseMs, priority: priorityOf('creating') });
    return (calls[name as keyof Activities] as (...a: unknown[]) => Promise<unknown>)(...args);
  };
  return new Proxy({} as Activities, {
    get:
      (_, name: string) =>
      (...args: unknown[]) =>
        timerless
          ? alertedAtFirstDeadline(run, name, until, (ms) => schedule(name, args, ms))
          : alertedByTimer(run, name, schedule(name, args, until - Date.now())),
  });
}

/**
 * Since 'baseline-2026-12-06': the call is first given `outageAlertAfter` as its schedule-to-close.
 * If every attempt that fits fails (retry state TIMEOUT: the next retry would start past it), the
 * alert is raised and the call is scheduled again for the rest of the deadline (an idempotent
 * activity finds what an abandoned attempt made). A call that succeeds costs no timer: the
 * released way started and cancelled one per call, two events and a timer task each. The alert
 * comes at the last failed attempt inside the window, up to one retry interval (30 s at most)
 * before `outageAlertAfter`; the second part's retries start again from the initial interval.
 */
async function alertedAtFirstDeadline<T>(run: OnboardingRun, call: string, until: number, scheduled: (scheduleToCloseMs: number) => Promise<T>): Promise<T> {
  const total = until - Date.now();
  if (total <= run.wait.outageAlertMs) return scheduled(total);
  try {
    return await scheduled(run.wait.outageAlertMs);
  } catch (error) {
    if (!(error instanceof ActivityFailure && error.retryState === RetryState.TIMEOUT)) throw error;
  }
  raise(run, call);
  try {
    return await scheduled(Math.max(until - Date.now(), 1_000));
  } finally {
    clear(run);
  }
}

/** Runs before 'baseline-2026-12-06': a timer beside each call raises the alert. */
async function alertedByTimer<T>(run: OnboardingRun, call: string, started: Promise<T>): Promise<T> {
  const outcome = started.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  let settled = false;
  void outcome.then(() => (settled = true));
  const alerted = !(await condition(() => settled, run.wait.outageAlertMs, { summary: `outage alert if ${call} keeps failing` }));
  if (alerted) raise(run, call);
  const done = await outcome;
  if (alerted) clear(run);
  if ('error' in done) throw done.error;
  return done.value;
}

function raise(run: OnboardingRun, call: string): void {
  if (run.state.alert) return;
  const since = new Date(Date.now()).toISOString();
  const until = new Date(Date.now() + run.remaining()).toISOString();
  run.state.alert = { type: alertType, message: `${run.input.provider} ${call} keeps failing; retried until ${until}`, since };
  run.publish();
  countOutageAlert(run.input.provider, call);
  run.touch();
}

function clear(run: OnboardingRun): void {
  if (run.state.alert?.type !== alertType) return;
  run.state.alert = undefined;
  run.publish();
  run.touch();
}
