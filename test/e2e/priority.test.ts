import type { Priority } from '@temporalio/common';
import { startHarness, type Harness } from '../support/harness';
import { activityCompleted } from '../support/history';
import { enterAllCodes, reachStep } from '../support/person';
import { stoknRequest } from '../support/requests';
import { workflowIdFor } from '../../client/onboarding-client';
import { devServerDynamicConfig } from '../../config/dev-server';
import { priorityKeys } from '../../workflows/priorities';
import { unscopedFairnessKey } from '../../workflows/search-attributes';

/**
 * Every activity reaches the server's matcher with its urgency and its tenant (workflows/priorities.ts):
 * read back from the ActivityTaskScheduled events the real dev server stored, which runs with
 * priority and fairness on.
 */
describe('activity priority and fairness key (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Each scheduled activity's type and priority, in the order the history holds them. */
  async function scheduled(reference: string): Promise<Array<{ activity: string; priority: Priority }>> {
    const events = (await h.env.client.workflow.getHandle(workflowIdFor(reference)).fetchHistory()).events ?? [];
    return events
      .map((e) => e.activityTaskScheduledEventAttributes)
      .filter((a) => a != null)
      .map((a) => ({
        activity: a.activityType?.name ?? '',
        priority: { priorityKey: a.priority?.priorityKey ?? undefined, fairnessKey: a.priority?.fairnessKey ?? undefined },
      }));
  }

  /** The priority the start gave the workflow (its WorkflowExecutionStarted event). */
  async function startedPriority(reference: string) {
    const [first] = (await h.env.client.workflow.getHandle(workflowIdFor(reference)).fetchHistory()).events ?? [];
    return first?.workflowExecutionStartedEventAttributes?.priority;
  }

  /** An onboarding taken through its OTPs, its first KYC poll, and support's VERIFIED decision the provider confirms. */
  async function decidedOnboarding(tenant?: string): Promise<string> {
    const request = stoknRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request, tenant ? { tenant } : {});
    await enterAllCodes(h, 'stokn', request.reference);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await activityCompleted(h.env.client, workflowIdFor(request.reference), 'getKycStatus');
    await h.admin.decideKyc('stokn', waiting.userId!, 'VERIFIED');
    await h.client.decideKyc(request.reference, { decision: 'VERIFIED', decidedBy: 'agent-7' });
    await reachStep(h, request.reference, 'completed');
    return request.reference;
  }

  test('the dev server runs with the priority matcher and fairness on', () => {
    expect(devServerDynamicConfig).toMatchObject({ 'matching.useNewMatcher': true, 'matching.enableFairness': true });
  });

  test("a person's OTP calls and the poll a KYC decision asks for go first, scheduled polls last, all under the tenant's fairness key", async () => {
    const reference = await decidedOnboarding('tenant-b');
    const activities = await scheduled(reference);
    const of = (activity: string) => activities.filter((a) => a.activity === activity).map((a) => a.priority);
    const first = { priorityKey: priorityKeys.interactive, fairnessKey: 'tenant-b' };
    const last = { priorityKey: priorityKeys.background, fairnessKey: 'tenant-b' };

    expect(of('sendOtp').length).toBeGreaterThan(0);
    expect(of('sendOtp')).toEqual(of('sendOtp').map(() => first));
    expect(of('verifyOtp').length).toBeGreaterThan(0);
    expect(of('verifyOtp')).toEqual(of('verifyOtp').map(() => first));
    // The scheduled poll, then the one support's decision asked for.
    expect(of('getKycStatus')).toEqual([last, first]);
    expect(of('createUser')).toEqual([{ priorityKey: priorityKeys.creating, fairnessKey: 'tenant-b' }]);
    // The workflow's own tasks (an OTP's update, each activity's result) queue under the tenant's key too.
    expect(await startedPriority(reference)).toMatchObject({ fairnessKey: 'tenant-b' });
  });

  test('an onboarding started by an unscoped key shares the fixed fairness key', async () => {
    const reference = await decidedOnboarding();
    const keys = new Set((await scheduled(reference)).filter((a) => a.activity !== 'handOffEvent').map((a) => a.priority.fairnessKey));
    expect([...keys]).toEqual([unscopedFairnessKey]);
    expect(await startedPriority(reference)).toMatchObject({ fairnessKey: unscopedFairnessKey });
  });
});
