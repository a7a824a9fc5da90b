import { startHarness, type Harness } from '../support/harness';
import { soveraRequest } from '../support/requests';
import { reachStep } from '../support/person';
import { eventually } from '../support/harness';
import { workflowIdFor } from '../../client/onboarding-client';

/**
 * A provider down for hours at a creating step: the call is retried until the onboarding's
 * deadline (not the hour it had before), support is alerted past `wait.outageAlertAfter`, and the
 * onboarding completes once the provider is back.
 */
describe('a provider outage at a creating step', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A Sovera onboarding (30-day deadline, alert after 2 s) whose wallet call meets `fault`, let through KYC. */
  async function toTheWallet(fault: { failures: number; failureStatus: number }) {
    const request = soveraRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '30 days', outageAlertAfter: '2 seconds' } });
    await h.admin.fault({ provider: 'sovera', route: 'POST /users/:userId/wallets', ...fault });
    await h.client.start(request);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    return request;
  }

  test("Sovera's wallet call fails on and on: retried until the deadline, support alerted, completed once the provider is back", async () => {
    const request = await toTheWallet({ failures: 1_000_000, failureStatus: 503 });

    const alerted = await eventually(
      async () => {
        const s = await h.client.status(request.reference);
        return s.alert ? s : undefined;
      },
      30_000,
      'an outage alert',
    );
    expect(alerted).toMatchObject({ step: 'creating-holder', needsAction: 'support', alert: { type: 'ProviderOutage' } });
    expect(alerted.alert!.message).toContain('createHolder keeps failing');

    // The wallet call was first given the alert's 2 s, then, alerted, the rest of the onboarding's
    // 30 days (not the hour it had before); no timer beside it.
    const history = await h.env.client.workflow.getHandle(workflowIdFor(request.reference)).fetchHistory();
    const windows = history
      .events!.map((e) => e.activityTaskScheduledEventAttributes)
      .filter((a) => a?.activityType?.name === 'createHolder')
      .map((a) => Number(a!.scheduleToCloseTimeout!.seconds));
    expect(windows).toHaveLength(2);
    expect(windows[0]).toBe(2);
    expect(windows[1]).toBeGreaterThan(29 * 24 * 3600);
    const firstCall = history.events!.findIndex((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'createHolder');
    expect(history.events!.slice(firstCall).filter((e) => e.timerStartedEventAttributes)).toHaveLength(0);

    await h.admin.clearFaults();
    const outcome = await h.client.result(request.reference);
    expect(outcome.status).toBe('completed');
    const after = await h.client.status(request.reference);
    expect(after.alert).toBeUndefined();
    expect(after.needsAction).toBe('none');
  });

  test('a non-retryable refusal at a creating step still ends the onboarding at once', async () => {
    const request = await toTheWallet({ failures: 1, failureStatus: 400 });
    const outcome = await h.client.result(request.reference);
    expect(outcome.status).toBe('failed');
    expect((await h.client.status(request.reference)).alert).toBeUndefined();
  });
});
