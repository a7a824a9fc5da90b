import { condition, proxyActivities } from '@temporalio/workflow';
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
  const calls = proxyActivities<Activities>({
    ...mutatingCall,
    scheduleToCloseTimeout: Math.max(run.remaining(), creatingCallLeastMs),
    priority: priorityOf('creating'),
  });
  return new Proxy(calls, {
    get:
      (target, name: string) =>
      (...args: unknown[]) =>
        outlasting(run, name, (target[name as keyof Activities] as (...a: unknown[]) => Promise<unknown>)(...args)),
  });
}

async function outlasting<T>(run: OnboardingRun, call: string, started: Promise<T>): Promise<T> {
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
