import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { OnboardingClient, workflowIdFor } from '../../client/onboarding-client';
import { createActivities } from '../../activities/onboarding-activities';
import { dataConverter } from '../../codec/data-converter';
import { providersConfigFrom } from '../../providers/config';
import { createAdapters } from '../../providers/registry';
import { workflowSinks } from '../../workers/onboarding-worker';
import { resolveSupportUpdate, submitOtpUpdate, type OnboardingStatus } from '../../workflows/definitions';
import { eventually, startHarness, type Harness } from '../support/harness';
import { enterAllCodes, reachStep } from '../support/person';
import { resolveByHand } from '../support/support-desk';
import { stoknRequest } from '../support/requests';
import { storedHistory } from '../support/history';
import { replayOrExplain } from '../support/replay';

type Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
const { UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED: admitted } = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;

/**
 * A message and the result that opens its wait reach the workflow in one workflow task: no
 * workflow worker runs while the activity ends and the update is admitted, then a worker with no
 * cache takes both at once (Temporal hands it the update first). This is how a crash met support's
 * answer in the chaos run (test/replay/repro). The answer must be taken, exactly once, the
 * onboarding must go on, and its history must replay.
 */
describe('a message delivered with the result that opens its wait (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(async () => {
    await h.admin.clearFaults();
  });

  /** Workers on a queue of their own: workflows (with their local activity) apart from activities, so each can be stopped alone. */
  function queue(gated?: { sendOtp: Promise<void>; entered: () => void }) {
    const taskQueue = `meets-${randomUUID()}`;
    const real = createActivities(createAdapters(providersConfigFrom({ SANDBOX_URL: h.sandbox.url })));
    // The real call, held until the test opens the gate: its result then comes while no workflow worker runs.
    const activities = gated
      ? {
          ...real,
          sendOtp: async (...args: Parameters<typeof real.sendOtp>) => {
            gated.entered();
            await gated.sendOtp;
            return real.sendOtp(...args);
          },
        }
      : real;
    const common = { connection: h.env.nativeConnection, taskQueue, dataConverter: dataConverter() };
    return {
      admin: h.admin,
      client: new OnboardingClient(h.env.client, taskQueue),
      workflows: (maxCachedWorkflows?: number) =>
        Worker.create({
          ...common,
          workflowBundle: { code: readFileSync(process.env.WORKFLOW_BUNDLE_FOR_TESTS!, 'utf8') },
          activities,
          enableNonLocalActivities: false,
          sinks: workflowSinks(),
          maxCachedWorkflows,
        }),
      activities: () => Worker.create({ ...common, activities }),
    };
  }

  const events = async (workflowId: string) => (await h.env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const until = (workflowId: string, what: string, found: (e: temporal.api.history.v1.IHistoryEvent) => boolean) =>
    eventually(async () => ((await events(workflowId)).some(found) ? true : undefined), 30_000, what);

  /** Waits until the server holds the update for the next workflow task (no worker has seen it). */
  const admittedUpdate = (workflowId: string, updateId: string) =>
    eventually(
      async () => {
        const { stage } = await h.env.client.workflowService.pollWorkflowExecutionUpdate({
          namespace: h.env.namespace,
          updateRef: { workflowExecution: { workflowId }, updateId },
          waitPolicy: { lifecycleStage: admitted },
        });
        return (stage as Stage) >= admitted ? true : undefined;
      },
      30_000,
      `update ${updateId} admitted`,
    );

  /** Whether the accepted update `name` came with the first workflow task after event `resultAt`. */
  function sameTask(history: temporal.api.history.v1.IHistoryEvent[], name: string, resultAt: number): boolean {
    const accepted = history.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes).filter((a) => a?.acceptedRequest?.input?.name === name);
    expect(accepted).toHaveLength(1);
    const nextTask = history.find((e) => Number(e.eventId) > resultAt && e.workflowTaskStartedEventAttributes)!;
    return Number(accepted[0]!.acceptedRequestSequencingEventId) === Number(nextTask.workflowTaskStartedEventAttributes!.scheduledEventId);
  }

  test("support's answer that comes with the lost call's failure is taken, and the onboarding goes on", async () => {
    const q = queue();
    const request = stoknRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes' } });
    const workflowId = workflowIdFor(request.reference);
    await h.admin.fault({ provider: 'stokn', route: 'POST /v1/user/sign-up', drops: 1 });

    // The workflow schedules createUser, then its worker stops: nothing handles the result yet.
    const first = await q.workflows();
    await first.runUntil(async () => {
      await q.client.start(request);
      await until(workflowId, 'createUser scheduled', (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'createUser');
    });
    // The call commits at Stokn and loses its answer: ProviderOutcomeUnknown, in the history.
    await (
      await q.activities()
    ).runUntil(
      until(workflowId, 'createUser failed', (e) => e.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.type === 'ProviderOutcomeUnknown'),
    );

    // Support, who knows the call from the provider's back office, answers before any worker returns.
    const provisional = { step: 'awaiting-support', support: { step: 'createUser' } } as OnboardingStatus;
    const answer = await resolveByHand(h.admin, request, provisional);
    if (answer.decision !== 'found') throw new Error('the user was not created at Stokn');
    const handle = h.env.client.workflow.getHandle(workflowId);
    const taken = handle.executeUpdate(resolveSupportUpdate, { args: [answer], updateId: 'support-answer' });
    await admittedUpdate(workflowId, 'support-answer');

    // A worker with no cache takes the failure and the answer in one task, then replays every later one.
    const activities = await q.activities();
    const workflows = await q.workflows(0);
    await activities.runUntil(
      workflows.runUntil(async () => {
        await expect(taken).resolves.toEqual({ resumed: true });
        await enterAllCodes(q, 'stokn', request.reference);
        const waiting = await reachStep(q, request.reference, 'awaiting-kyc');
        expect(waiting.userId).toBe(answer.userId);
        await h.admin.decideKyc('stokn', waiting.userId!, 'VERIFIED');
        const result = await q.client.result(request.reference);
        expect(result.status).toBe('completed');
      }),
    );

    // The answer and the failure were handled in the same workflow task, support's answer once.
    const history = await events(workflowId);
    const failedAt = Number(history.find((e) => e.activityTaskFailedEventAttributes)!.eventId);
    expect(sameTask(history, 'resolveSupport', failedAt)).toBe(true);
    const users = await h.admin.users<{ email: string }>('stokn');
    expect(users.filter((u) => u.email === request.person.email.toLowerCase())).toHaveLength(1);
    await replayOrExplain({ workflowId, history: temporal.api.history.v1.History.decode(await storedHistory(h.env.client, workflowId)) });
  });

  test('the code that comes with the answer of sendOtp is checked, not refused', async () => {
    let open!: () => void;
    let entered!: () => void;
    const gate = { sendOtp: new Promise<void>((r) => (open = r)), entered: () => entered() };
    const sendOtpStarted = new Promise<void>((r) => (entered = r));
    const q = queue(gate);
    const request = stoknRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes' } });
    const workflowId = workflowIdFor(request.reference);
    const activities = await q.activities();
    const running = activities.run();
    try {
      // The user is created, the workflow asks for a code, then its worker stops while sendOtp is held.
      const first = await q.workflows();
      await first.runUntil(async () => {
        await q.client.start(request);
        await sendOtpStarted;
      });
      open();
      const scheduled = await eventually(
        async () => (await events(workflowId)).find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendOtp')?.eventId,
        30_000,
        'sendOtp scheduled',
      );
      await until(workflowId, 'sendOtp completed', (e) => Number(e.activityTaskCompletedEventAttributes?.scheduledEventId ?? 0) === Number(scheduled));
      const userId = (await h.admin.users<{ userId: string; email: string }>('stokn')).find((u) => u.email === request.person.email.toLowerCase())!.userId;
      const code = (await h.admin.outbox({ provider: 'stokn', userId, channel: 'sms' })).at(-1)!.code;

      // The person types the code before any workflow worker has seen that it was sent.
      const checked = h.env.client.workflow.getHandle(workflowId).executeUpdate(submitOtpUpdate, { args: [{ code }], updateId: 'the-code' });
      await admittedUpdate(workflowId, 'the-code');
      const workflows = await q.workflows(0);
      await workflows.runUntil(async () => {
        await expect(checked).resolves.toEqual({ accepted: true, channel: 'sms' });
        await reachStep(q, request.reference, 'awaiting-kyc');
      });
      const completedAt = Number(
        (await events(workflowId)).find((e) => Number(e.activityTaskCompletedEventAttributes?.scheduledEventId ?? 0) === Number(scheduled))!.eventId,
      );
      expect(sameTask(await events(workflowId), 'submitOtp', completedAt)).toBe(true);
    } finally {
      activities.shutdown();
      await running;
    }
    await replayOrExplain({ workflowId, history: temporal.api.history.v1.History.decode(await storedHistory(h.env.client, workflowId)) });
  });

  test('two answers from support in one workflow task: the first stands, the second is refused', async () => {
    const q = queue();
    const request = stoknRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes' } });
    const workflowId = workflowIdFor(request.reference);
    await h.admin.fault({ provider: 'stokn', route: 'POST /v1/user/sign-up', drops: 1 });
    // The lost sign-up stops the onboarding for support; then no workflow worker runs.
    const [first, firstActivities] = [await q.workflows(), await q.activities()];
    await first.runUntil(
      firstActivities.runUntil(async () => {
        await q.client.start(request);
        await reachStep(q, request.reference, 'awaiting-support');
      }),
    );

    // "found", then "retry" (which would sign the person up again), both held for the next task.
    const found = await resolveByHand(h.admin, request, { step: 'awaiting-support', support: { step: 'createUser' } } as OnboardingStatus);
    if (found.decision !== 'found') throw new Error('the user was not created at Stokn');
    const handle = h.env.client.workflow.getHandle(workflowId);
    // The second is sent only once the first is admitted: sent together, either could come first.
    const firstAnswer = handle.executeUpdate(resolveSupportUpdate, { args: [found], updateId: 'first-answer' });
    await admittedUpdate(workflowId, 'first-answer');
    const secondAnswer = handle.executeUpdate(resolveSupportUpdate, { args: [{ decision: 'retry' }], updateId: 'second-answer' });
    await admittedUpdate(workflowId, 'second-answer');
    const answers = [firstAnswer, secondAnswer];

    const [workflows, activities] = [await q.workflows(0), await q.activities()];
    await workflows.runUntil(
      activities.runUntil(async () => {
        const [stood, refused] = await Promise.allSettled(answers);
        expect(stood).toEqual({ status: 'fulfilled', value: { resumed: true } });
        expect(refused).toMatchObject({ status: 'rejected' });
        expect(String((refused as PromiseRejectedResult).reason?.cause?.message)).toContain('support already answered "found"');
        const asked = await reachStep(q, request.reference, 'verifying-contact');
        expect(asked.userId).toBe(found.userId);
      }),
    );
    const users = await h.admin.users<{ email: string }>('stokn');
    expect(users.filter((u) => u.email === request.person.email.toLowerCase())).toHaveLength(1);
  });
});
