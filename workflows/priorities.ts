import type { Priority } from '@temporalio/common';
import { workflowInfo } from '@temporalio/workflow';
import { onboardingTenantKey, unscopedFairnessKey } from './search-attributes';

/**
 * Every activity's place in the task queue, in one place. The server's matcher (dynamic config
 * `matching.useNewMatcher`, `matching.enableFairness`: config/dev-server.ts and the stack's
 * deploy/temporal/server/dynamicconfig.yaml) hands out lower priority keys first, and within a key
 * shares dispatch between fairness keys: one tenant's burst of thousands of onboardings cannot
 * queue ahead of another tenant's person waiting on a screen.
 *
 * Priority and fairness are not commands a replay compares (test/replay/replay.test.ts replays
 * histories recorded without them), so released onboardings take them without a `patched()`.
 */
export const priorityKeys = {
  /** A person waits on a screen for the answer: OTP submit and resend, KYC access, the poll a KYC decision asks for. */
  interactive: 1,
  /** Creating calls: the server's default (the middle of 1 to 5). */
  creating: 3,
  /** Polls on a schedule: nobody waits for one in particular. */
  background: 5,
} as const;

export type Urgency = keyof typeof priorityKeys;

/** The tenant whose key started this onboarding (search attribute OnboardingTenant, carried by continue-as-new). The start sets the same key on the workflow's own tasks (client/onboarding-client.ts). */
export function fairnessKey(): string {
  return workflowInfo().typedSearchAttributes.get(onboardingTenantKey) ?? unscopedFairnessKey;
}

/** The priority an activity of this urgency is scheduled with, its tenant as the fairness key. */
export function priorityOf(urgency: Urgency): Priority {
  return { priorityKey: priorityKeys[urgency], fairnessKey: fairnessKey() };
}
