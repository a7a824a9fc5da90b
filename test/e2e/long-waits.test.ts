import { workflowIdFor } from '../../client/onboarding-client';
import { statusQuery } from '../../workflows/definitions';
import { eventually, startHarness, type Harness } from '../support/harness';
import { allRuns } from '../support/history';
import { enterAllCodes, reachStep } from '../support/person';
import { soveraRequest, sumvinRequest } from '../support/requests';

/**
 * Waits of weeks (KYC) or of a provider building a Safe poll many times; the workflow continues
 * as new when the server suggests it. The server here suggests it after 40 events, so a few
 * polls are enough to see a new run, and the run must carry everything the status shows.
 */
describe('long waits (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 40 },
      sandbox: { sumvin: { safeCreationMs: 3_600_000 } },
    });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(async () => {
    await h.admin.clearFaults();
  });

  const runIdOf = async (reference: string) => (await h.env.client.workflow.getHandle(workflowIdFor(reference)).describe()).runId;
  const newRunAfter = (reference: string, runId: string) =>
    eventually(async () => ((await runIdOf(reference)) !== runId ? true : undefined), 90_000, 'a continue-as-new');

  test('KYC polling continues as new, keeps its progress, deadline and tenant, and completes', async () => {
    const request = soveraRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes' } });
    const { runId: firstRun } = await h.client.start(request, { tenant: 'acme' });
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await newRunAfter(request.reference, firstRun);
    const carried = await h.client.status(request.reference);
    expect(carried.step).toBe('awaiting-kyc');
    expect(carried.userId).toBe(waiting.userId);
    expect(carried.kyc?.deadline).toBe(waiting.kyc?.deadline);
    // Every check the first run made is carried: the new run counts on from where it ended.
    const ended = await h.client.client.workflow.getHandle(workflowIdFor(request.reference), firstRun).query(statusQuery);
    expect(ended.kyc!.checks).toBeGreaterThanOrEqual(waiting.kyc!.checks);
    expect(carried.kyc!.checks).toBeGreaterThanOrEqual(ended.kyc!.checks);
    // The tenant a scoped key set at start (search attribute OnboardingTenant) is the new run's too.
    expect(await h.client.tenantOf(request.reference)).toBe('acme');

    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    const outcome = await h.client.result(request.reference);
    expect(outcome.status).toBe('completed');
    // One user and one token at the provider despite the new runs.
    const user = await h.admin.user<{ tokensMinted: number }>('sovera', waiting.userId!);
    expect(user.tokensMinted).toBe(1);
    expect((await h.client.status(request.reference)).timeline.filter((t) => t.step === 'awaiting-kyc')).toHaveLength(1);
  });

  test('a KYC decision that lands while a continue-as-new waits for an update to finish is acted on by the next run', async () => {
    const request = sumvinRequest(await h.admin.userJwt('sumvin', `can-window-${Date.now()}`), {
      wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes' },
    });
    const { runId: firstRun } = await h.client.start(request);
    await enterAllCodes(h, 'sumvin', request.reference);
    await reachStep(h, request.reference, 'awaiting-kyc');
    // A fresh run, so the update goes out long before the server suggests the next one.
    await newRunAfter(request.reference, firstRun);
    const runId = await runIdOf(request.reference);
    await h.admin.fault({ provider: 'sumvin', route: 'POST /v0/kyc/access-token', latencyMs: 14_000, delays: 1 });
    const access = h.client.issueKycAccess(request.reference);
    // The run stopped polling once a new run was suggested: it waits for the update to finish. It
    // looks after its current wait, so a suggestion may come while it still waits for a poll or timer:
    // the last suggested workflow task is the one that stops it.
    await eventually(
      async () => {
        const events = (await h.env.client.workflow.getHandle(workflowIdFor(request.reference), runId).fetchHistory()).events!;
        const suggested = events.flatMap((e, i) => (e.workflowTaskStartedEventAttributes?.suggestContinueAsNew ? [i] : []));
        if (suggested.length === 0) return undefined;
        if (events.slice(suggested[0]).some((e) => e.workflowExecutionUpdateCompletedEventAttributes))
          throw new Error('the update finished before a new run was suggested');
        const later = events.slice(suggested.at(-1));
        const idle = later.some((e) => e.workflowTaskCompletedEventAttributes) && !later.some((e) => e.timerStartedEventAttributes);
        return idle ? true : undefined;
      },
      30_000,
      'the run waiting for its update before it continues as new',
    );
    await h.client.decideKyc(request.reference, { decision: 'REJECTED', reason: 'document forged', decidedBy: 'support-9' });
    await access;
    const outcome = await eventually(
      async () => {
        const s = await h.client.status(request.reference);
        return s.step === 'failed' ? s : undefined;
      },
      30_000,
      'the rejection acted on',
    );
    expect(outcome.failure).toMatchObject({ type: 'KycRejected', message: expect.stringContaining('document forged') });
    expect(await runIdOf(request.reference)).not.toBe(runId);
  });

  test('a continue-as-new keeps what the status shows: the last observation, the claims, the last poll failure', async () => {
    const request = soveraRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes' } });
    await h.client.start(request);
    const waiting = await eventually(async () => {
      const s = await h.client.status(request.reference);
      return s.kyc?.providerStatus ? s : undefined;
    });
    // A claim the provider does not confirm, then polls that fail every time (an outage).
    await h.client.decideKyc(request.reference, { decision: 'VERIFIED', decidedBy: 'agent-1' });
    await eventually(async () => ((await h.client.status(request.reference)).kyc?.unconfirmedClaim ? true : undefined));
    await h.admin.fault({ provider: 'sovera', route: 'GET /users/:userId', failures: 100_000 });
    await eventually(async () => ((await h.client.status(request.reference)).lastPollFailure ? true : undefined), 60_000);
    // A second claim cannot be checked while the provider is down: it waits, across the new run.
    await h.client.decideKyc(request.reference, { decision: 'VERIFIED', decidedBy: 'agent-2' });
    await eventually(async () => ((await h.client.status(request.reference)).kyc?.pendingClaim ? true : undefined));
    await newRunAfter(request.reference, await runIdOf(request.reference));

    const carried = await h.client.status(request.reference);
    expect(carried.step).toBe('awaiting-kyc');
    expect(carried.kyc).toMatchObject({
      providerStatus: 'PENDING',
      lastCheckedAt: expect.any(String),
      unconfirmedClaim: expect.stringContaining('agent-1'),
      pendingClaim: expect.stringContaining('agent-2'),
    });
    expect(carried.lastPollFailure?.type).toBe('ProviderUnavailable');
    expect(carried.audit.filter((a) => a.action === 'kyc-decision').map((a) => a.actor?.id)).toEqual(['agent-1', 'agent-2']);

    // The provider comes back and confirms: the waiting claim is checked and the onboarding goes on.
    await h.admin.clearFaults();
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    expect((await h.client.result(request.reference)).status).toBe('completed');
  });

  test('a Safe stuck in processing is polled less and less often, across new runs, until its own deadline', async () => {
    const request = sumvinRequest(await h.admin.userJwt('sumvin', `stuck-safe-${Date.now()}`), {
      wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes', holderDeadline: '40 seconds' },
    });
    const { runId: firstRun } = await h.client.start(request);
    await enterAllCodes(h, 'sumvin', request.reference);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.decideKyc('sumvin', waiting.userId!, 'VERIFIED');

    const outcome = await h.client.result(request.reference);
    expect(outcome).toMatchObject({ status: 'failed', type: 'HolderCreationFailed' });
    expect(outcome.status === 'failed' && outcome.message).toContain('deadline');

    const runs = await allRuns(h.env.client, workflowIdFor(request.reference), firstRun);
    const polls = runs
      .flat()
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'getHolder')
      .map((e) => Number(e.eventTime!.seconds) * 1000 + Math.floor((e.eventTime!.nanos ?? 0) / 1e6));
    // The gaps grow; the last one is cut by the deadline. Two full gaps at least, or nothing is compared.
    const gaps = polls.slice(1).map((t, i) => t - polls[i]);
    const full = gaps.slice(0, -1);
    expect(full.length).toBeGreaterThanOrEqual(2);
    expect(full.filter((gap, i) => i > 0 && gap <= full[i - 1])).toEqual([]);
    // The wait went on in a new run that kept the holder's progress, and no run grew long.
    const holderRuns = runs.filter((events) => events.some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'getHolder'));
    expect(holderRuns.length).toBeGreaterThanOrEqual(2);
    for (const events of runs) expect(events.length).toBeLessThan(120);
    const status = await h.client.status(request.reference);
    expect(status.holder).toMatchObject({ kind: 'safe', ready: false, checks: polls.length });
  });
});
