import { eventually, startHarness, type Harness } from '../support/harness';
import { soveraRequest } from '../support/requests';
import { reachStep } from '../support/person';
import { workflowIdFor } from '../../client/onboarding-client';

/**
 * A KYC wait of weeks polls thousands of times; the workflow continues as new when the server
 * suggests it. The server here suggests it after 40 events, so a few polls are enough.
 */
describe('long KYC wait (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ serverArgs: ['--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=40'] });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('polling continues as new, keeps its progress and deadline, and completes', async () => {
    const request = soveraRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes' } });
    const { runId: firstRun } = await h.client.start(request);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    const handle = h.env.client.workflow.getHandle(workflowIdFor(request.reference));
    // Wait for at least one continue-as-new.
    await eventually(async () => ((await handle.describe()).runId !== firstRun ? true : undefined), 90_000, 'a continue-as-new');
    const carried = await h.client.status(request.reference);
    expect(carried.step).toBe('awaiting-kyc');
    expect(carried.userId).toBe(waiting.userId);
    expect(carried.kyc?.deadline).toBe(waiting.kyc?.deadline);
    expect(carried.kyc!.checks).toBeGreaterThan(waiting.kyc!.checks);

    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    const outcome = await h.client.result(request.reference);
    expect(outcome.status).toBe('completed');
    // One user and one token at the provider despite the new runs.
    const user = await h.admin.user<{ tokensMinted: number }>('sovera', waiting.userId!);
    expect(user.tokensMinted).toBe(1);
    expect((await h.client.status(request.reference)).timeline.filter((t) => t.step === 'awaiting-kyc')).toHaveLength(1);
  });
});
