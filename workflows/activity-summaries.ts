import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';
import type { OnboardingActivities } from '../activities/onboarding-activities';
import { capabilitiesOf } from '../domain/providers';
import type { CallInputBase } from '../domain/call-inputs';

/**
 * The summary the Web UI shows beside each activity ("stokn: create the user"), from its
 * arguments: the provider, the step, a channel or an event type; never the person's data, a code
 * or a token. Set on every activity the workflows schedule, whichever proxy they use, by this
 * interceptor (bundled with the workflows: workers/workflow-bundle.ts). Timers carry theirs at
 * their call (condition's TimerOptions, experimental in SDK 1.24).
 *
 * A summary is user metadata on the command, encrypted by the payload codec like any payload, and
 * not compared on replay: adding or changing one needs no patch.
 */
const summaries: { [K in keyof OnboardingActivities]: (...args: Parameters<OnboardingActivities[K]>) => string } = {
  // The request as it came: not judged yet, so nothing of it is shown.
  prepareOnboarding: () => 'check the request',
  createUser: (s) => at(s, 'create the user'),
  mintCredential: (s) => at(s, 'mint the user token'),
  refreshCredential: (s) => at(s, 'refresh the user token'),
  sendOtp: (s, channel) => at(s, `send an OTP code by ${channel}`),
  verifyOtp: (s) => at(s, `verify the ${s.challenge.channel} OTP code`),
  startKyc: (s) => at(s, 'start KYC'),
  issueKycAccess: (s) => at(s, 'issue a KYC app token'),
  getKycStatus: (s) => at(s, 'poll KYC status'),
  createHolder: (s) => at(s, `create the ${capabilitiesOf(s.input).holder}`),
  getHolder: (s) => at(s, `check the ${s.holder.kind} is ready`),
  depositAddress: (s) => at(s, 'create the deposit address'),
  deactivate: (s) => at(s, 'deactivate the account'),
  deliverEvent: (event) => `${event.provider}: deliver ${event.type} to the backend`,
  handOffEvent: (event) => `${event.provider}: hand ${event.type} over for delivery`,
};

const at = (session: { input: CallInputBase }, purpose: string) => `${session.input.provider}: ${purpose}`;

/** An activity's input with its summary added (one the call sets itself is kept); an activity not listed gets none. */
function summarised<I extends { activityType: string; args: unknown[]; options: { summary?: string } }>(input: I): I {
  const summary = summaries[input.activityType as keyof OnboardingActivities] as ((...args: unknown[]) => string) | undefined;
  if (!summary) return input;
  try {
    return { ...input, options: { summary: summary(...input.args), ...input.options } };
  } catch {
    return input; // arguments of another shape (an older run's): no summary rather than a failed workflow task
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      scheduleActivity: (input, next) => next(summarised(input)),
      scheduleLocalActivity: (input, next) => next(summarised(input)),
    },
  ],
});
