import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../../activities/onboarding-activities';
import { workflowIdFor } from '../../client/onboarding-client';
import { freePort } from '../../dev/port-check';
import { logDir, stackSecretsKeys } from '../../dev/stack/settings';
import { providersConfigFrom } from '../../providers/config';
import { createAdapters, type Adapters } from '../../providers/registry';
import { workerDeploymentOptions } from '../../workers/deployment';
import { workflowSinks } from '../../workers/onboarding-worker';
import { workflowBundleOptions } from '../../workers/workflow-bundle';
import { runShellBlock, shellBlocks } from '../support/doc-shell-blocks';
import { eventually } from '../support/harness';
import { enterAllCodes, reachStep } from '../support/person';
import { soveraRequest, stoknRequest } from '../support/requests';
import { stackActors, type StackActors } from './support/stack-actors';

const root = path.resolve(__dirname, '..', '..');
const page = 'docs/runbooks.md';
const blocks = shellBlocks().filter((b) => b.where.startsWith(`${page}:`) && b.runs === 'runbook');
const { EventType, PendingActivityState, BatchOperationState, WorkflowTaskFailedCause, VersioningBehavior } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * Every block of docs/runbooks.md runs as written against the stack, with the CLI we build: the
 * test makes each incident (the sandbox's provider down, workers of a bad build, a worker that
 * cannot replay), runs the page's commands with the variables they name, and checks what they did.
 */
describe('the operator runbooks on the stack (docs/runbooks.md)', () => {
  const ran = new Set<string>();
  /** Onboardings made unreplayable on purpose: left out of the replay at the end. */
  const replayExcept = new Set<string>();
  let s: StackActors;
  let connection: NativeConnection;

  beforeAll(async () => {
    s = await stackActors();
    connection = await NativeConnection.connect({ address: s.ctx.nodeEnv.TEMPORAL_ADDRESS });
  });
  afterAll(async () => {
    try {
      if (s) console.log(`runbooks: ${await s.replay(replayExcept)} onboarding histories replayed on the workers' bundle`);
    } finally {
      await connection?.close();
      await s?.close();
    }
  });

  /** A block run as an operator runs it: bash in the project's folder, after the setup block, with `vars` set. Exit 0, or it throws. */
  async function run(name: string, vars: Record<string, string> = {}): Promise<string> {
    const block = blocks.find((b) => b.name === name);
    if (!block) throw new Error(`${page} has no runbook block "${name}"`);
    const setup = name === 'setup' ? '' : `${blocks.find((b) => b.name === 'setup')!.code}\n`;
    const { code, output } = await runShellBlock(setup + block.code, vars);
    ran.add(name);
    if (code !== 0) throw new Error(`runbook block "${name}" exited ${code}:\n${output}`);
    return output;
  }

  /** `run`, and its output holds what the page says it prints. */
  async function operator(name: string, vars: Record<string, string> = {}): Promise<string> {
    const output = await run(name, vars);
    expect(output).toContain(blocks.find((b) => b.name === name)!.prints ?? '');
    return output;
  }

  /** The batch job a block started, once the server finished it: none of its operations failed. */
  async function batchDone(output: string) {
    const jobId = /Started batch for job ID: (\S+)/.exec(output)![1];
    const job = await eventually(
      async () => {
        const d = await s.temporal.workflowService.describeBatchOperation({ namespace: s.ctx.nodeEnv.TEMPORAL_NAMESPACE, jobId });
        return d.state === BatchOperationState.BATCH_OPERATION_STATE_COMPLETED ? d : undefined;
      },
      120_000,
      `batch job ${jobId}`,
    );
    expect(Number(job.failureOperationCount)).toBe(0);
    return job;
  }

  async function pendingCall(workflowId: string, type: string) {
    const { raw } = await s.temporal.workflow.getHandle(workflowId).describe();
    return raw.pendingActivities?.find((a) => a.activityType?.name === type);
  }

  /** The build ids of the workflow tasks completed after a reset's point (a run not reset: none). */
  function afterReset(events: HistoryEvent[]): string[] {
    const resetAt = events.findIndex((e) => e.workflowTaskFailedEventAttributes?.cause === WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW);
    return resetAt < 0 ? [] : events.slice(resetAt).flatMap((e) => e.workflowTaskCompletedEventAttributes?.deploymentVersion?.buildId ?? []);
  }

  async function history(workflowId: string, runId?: string): Promise<HistoryEvent[]> {
    return (await s.temporal.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
  }

  /**
   * A worker of our workflows on its own task queue, reporting `buildId` (Temporal keeps a reset point per build id):
   * unversioned, or a version of the Worker Deployment `versionedIn` whose onboardings are pinned, as the stack's workers.
   */
  function worker(
    taskQueue: string,
    buildId: string,
    adapters: Adapters,
    workflowBundle: WorkerOptions['workflowBundle'] = { codePath: bundlePath() },
    versionedIn?: string,
  ) {
    return Worker.create({
      connection,
      namespace: s.ctx.nodeEnv.TEMPORAL_NAMESPACE,
      taskQueue,
      workflowBundle,
      activities: createActivities(adapters),
      dataConverter: s.dataConverter,
      sinks: workflowSinks(),
      workerDeploymentOptions: workerDeploymentOptions({ deploymentName: versionedIn ?? 'runbooks', buildId, versioning: versionedIn !== undefined }),
    });
  }

  /** The adapters of a bad build: it reads the provider's "pending" KYC as a rejection. */
  function misreadingPendingKyc(adapters: Adapters): Adapters {
    return {
      ...adapters,
      stokn: {
        ...adapters.stokn,
        async getKycStatus(session) {
          const seen = await adapters.stokn.getKycStatus(session);
          return seen.state === 'pending' ? { ...seen, state: 'rejected' } : seen;
        },
      },
    };
  }

  test('setup: the CLI we build reaches the stack', async () => {
    expect(await operator('setup')).toContain('SERVING');
  });

  test('a provider down for hours: its pending calls paused, then one onboarding unpaused, then the rest in batches', async () => {
    const vars = { PROVIDER: 'stokn', ACTIVITY: 'createUser' };
    await s.admin.fault({ provider: 'stokn', route: '*', failures: 1_000_000 });
    try {
      const requests = [stoknRequest(), stoknRequest()];
      for (const r of requests) await s.client.start(r);
      const cut = new Date().toISOString(); // the first batch: onboardings started before this
      const late = stoknRequest();
      await s.client.start(late);
      requests.push(late);
      const ids = requests.map((r) => workflowIdFor(r.reference));
      for (const id of ids) await eventually(async () => ((await pendingCall(id, 'createUser'))?.attempt ?? 0) >= 2 || undefined, 60_000, `${id} failing`);

      const paused = [...(await operator('provider-down-pause', vars)).matchAll(/^paused: (\S+)$/gm)].map((m) => m[1]);
      expect(paused).toEqual(expect.arrayContaining(ids));
      for (const id of ids) expect((await pendingCall(id, 'createUser'))?.state).toBe(PendingActivityState.PENDING_ACTIVITY_STATE_PAUSED);
      expect(await run('provider-down-pause', vars)).not.toContain('paused:'); // again: nothing left to pause
      await eventually(async () => (await operator('provider-down-count', vars)).includes(`Total: ${paused.length}`) || undefined, 30_000, 'the paused count');

      await s.admin.clearFaults(); // the provider is back
      await operator('provider-down-canary', { ...vars, CANARY: ids[0] });
      await reachStep(s, requests[0].reference, 'verifying-contact', 60_000);
      expect((await pendingCall(ids[1], 'createUser'))?.state).toBe(PendingActivityState.PENDING_ACTIVITY_STATE_PAUSED);

      await batchDone(await operator('provider-down-unpause', { ...vars, SLICE: `AND StartTime < '${cut}'` }));
      expect((await pendingCall(ids[2], 'createUser'))?.state).toBe(PendingActivityState.PENDING_ACTIVITY_STATE_PAUSED);
      await reachStep(s, requests[1].reference, 'verifying-contact', 60_000);
      await batchDone(await operator('provider-down-unpause', vars));
      await reachStep(s, requests[2].reference, 'verifying-contact', 60_000);
      await eventually(async () => (await operator('provider-down-count', vars)).includes('Total: 0') || undefined, 30_000, 'nothing paused');
    } finally {
      await s.admin.clearFaults();
    }
  });

  test('a bad deploy: what it failed is reset to before its first task, the code kept, the KYC messages applied again, and it completes', async () => {
    const taskQueue = `runbooks-deploy-${randomUUID()}`;
    const client = s.clientOn(taskQueue);
    const actors = { client, admin: s.admin };
    const adapters = createAdapters(providersConfigFrom(s.ctx.nodeEnv));
    // KYC is polled hourly: only a decision makes the onboarding look before the test ends.
    const request = stoknRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '1 day' } });
    const workflowId = workflowIdFor(request.reference);

    // The good build takes the person's code and parks the onboarding at KYC.
    const waiting = await (
      await worker(taskQueue, 'runbooks-good', adapters)
    ).runUntil(async () => {
      await client.start(request);
      await enterAllCodes(actors, 'stokn', request.reference);
      return reachStep(actors, request.reference, 'awaiting-kyc', 60_000, client);
    });
    // The bad build is deployed: the person's app asks for KYC access (its first task), then
    // support's VERIFIED decision arrives, and it fails the onboarding.
    const failed = await (
      await worker(taskQueue, 'runbooks-bad', misreadingPendingKyc(adapters))
    ).runUntil(async () => {
      await client.issueKycAccess(request.reference);
      await client.decideKyc(request.reference, { decision: 'VERIFIED', decidedBy: 'support-1' });
      return client.result(request.reference);
    });
    expect(failed).toMatchObject({ status: 'failed', type: 'KycRejected' });
    const { runId: failedRunId } = await s.temporal.workflow.getHandle(workflowId).describe();
    await s.admin.decideKyc('stokn', waiting.userId!, 'VERIFIED'); // as support said: the person is verified

    // Rolled back to the good build; the operator resets what the bad one touched.
    const outcome = await (
      await worker(taskQueue, 'runbooks-good', adapters)
    ).runUntil(async () => {
      const vars = { BAD_BUILD_ID: 'runbooks-bad' };
      await eventually(async () => (await run('bad-deploy-list', vars)).includes(workflowId) || undefined, 30_000, 'the onboarding in the list');
      await batchDone(await operator('bad-deploy-reset', vars));
      await eventually(async () => (await s.temporal.workflow.getHandle(workflowId).describe()).runId !== failedRunId || undefined, 30_000, 'the reset run');
      return client.result(request.reference);
    });
    expect(outcome.status).toBe('completed');

    const events = await history(workflowId);
    const resetAt = events.findIndex((e) => e.workflowTaskFailedEventAttributes?.cause === WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW);
    expect(resetAt).toBeGreaterThan(0);
    // Kept: the code the person entered under the good build, before the reset point.
    const otp = events.slice(0, resetAt).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'submitOtp');
    expect(otp.length).toBeGreaterThanOrEqual(1);
    // Applied again: what arrived under the bad build, the app's request (an update) and support's decision (a signal).
    // The reset writes them right after the reset point, before its next workflow task (the provider's webhook for its own verdict comes later).
    const next = events.findIndex((e, i) => i > resetAt && e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    const reapplied = events.slice(resetAt, next);
    expect(reapplied.filter((e) => e.workflowExecutionUpdateAdmittedEventAttributes?.request?.input?.name === 'issueKycAccess').length).toBe(1);
    expect(reapplied.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'kycDecision').length).toBe(1);
    expect((await s.temporal.workflow.getHandle(workflowId, failedRunId).describe()).status.name).toBe('FAILED');
  });

  test('a bad deploy under Worker Versioning: rolled back, what the bad version failed is reset and pinned to the good one, and it completes', async () => {
    const taskQueue = `runbooks-versioned-${randomUUID()}`;
    // A deployment of its own: making its versions current leaves the stack's workers (deployment onboarding) alone.
    const deployment = `runbooks-${randomUUID().slice(0, 8)}`;
    const vars = { DEPLOYMENT: deployment, GOOD_BUILD_ID: 'runbooks-good', BAD_BUILD_ID: 'runbooks-bad' };
    const client = s.clientOn(taskQueue);
    const actors = { client, admin: s.admin };
    const adapters = createAdapters(providersConfigFrom(s.ctx.nodeEnv));
    /** The deploy step (cmd/set-current-version.ts): refused until the version's workers have polled. */
    const makeCurrent = (buildId: string) =>
      eventually(
        () =>
          s.temporal.workflowService.setWorkerDeploymentCurrentVersion({ namespace: s.ctx.nodeEnv.TEMPORAL_NAMESPACE, deploymentName: deployment, buildId }),
        30_000,
        `${deployment}:${buildId} current`,
      );
    const versioningOf = async (runId?: string) =>
      (await s.temporal.workflow.getHandle(workflowId, runId).describe()).raw.workflowExecutionInfo?.versioningInfo;
    // KYC is polled each second: the parked run soon sees that another version became current, and continues as new onto it.
    const request = stoknRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '1 day' } });
    const workflowId = workflowIdFor(request.reference);

    const good = await worker(taskQueue, vars.GOOD_BUILD_ID, adapters, undefined, deployment);
    const outcome = await good.runUntil(async () => {
      // The good version is current: it takes the person's code and parks the onboarding at KYC, pinned to it.
      await makeCurrent(vars.GOOD_BUILD_ID);
      const { runId: parkedRunId } = await client.start(request);
      await enterAllCodes(actors, 'stokn', request.reference);
      const waiting = await reachStep(actors, request.reference, 'awaiting-kyc', 60_000, client);
      expect(await versioningOf()).toMatchObject({
        behavior: VersioningBehavior.VERSIONING_BEHAVIOR_PINNED,
        deploymentVersion: { buildId: vars.GOOD_BUILD_ID },
      });

      // The bad version is deployed and made current: the parked run continues as new onto it, whose first poll fails the onboarding.
      const failed = await (
        await worker(taskQueue, vars.BAD_BUILD_ID, misreadingPendingKyc(adapters), undefined, deployment)
      ).runUntil(async () => {
        await makeCurrent(vars.BAD_BUILD_ID);
        return client.result(request.reference);
      });
      expect(failed).toMatchObject({ status: 'failed', type: 'KycRejected' });
      const { runId: failedRunId } = await s.temporal.workflow.getHandle(workflowId).describe();
      expect(failedRunId).not.toBe(parkedRunId);
      expect((await versioningOf(failedRunId))?.deploymentVersion?.buildId).toBe(vars.BAD_BUILD_ID);

      // The operator rolls back (the bad version's workers are gone), lists what it touched, and resets it onto the good version.
      await operator('bad-deploy-versioned-rollback', vars);
      await eventually(async () => (await run('bad-deploy-versioned-list', vars)).includes(workflowId) || undefined, 30_000, 'the onboarding in the list');
      const reset = await batchDone(await operator('bad-deploy-versioned-reset', vars));
      expect(Number(reset.totalOperationCount)).toBe(1); // the run on the bad version, not the parked one before it
      const resetRunId = await eventually(
        async () => {
          const { runId } = await s.temporal.workflow.getHandle(workflowId).describe();
          return runId !== failedRunId ? runId : undefined;
        },
        30_000,
        'the reset run',
      );
      const pinnedToGood = { deploymentName: deployment, buildId: vars.GOOD_BUILD_ID };
      // Its first task after the reset ran on the good version; the page's check shows the override the reset set.
      await eventually(async () => (afterReset(await history(workflowId, resetRunId)).length > 0 ? true : undefined), 30_000, 'a task of the reset run');
      const checked = JSON.parse((await operator('bad-deploy-versioned-check', { ...vars, WORKFLOW_ID: workflowId })).trim().split('\n').at(-1)!) as unknown;
      expect(checked).toMatchObject({
        runId: resetRunId,
        status: 'WORKFLOW_EXECUTION_STATUS_RUNNING',
        behavior: 'VERSIONING_BEHAVIOR_PINNED',
        version: pinnedToGood,
        override: { pinned: { version: pinnedToGood } },
      });

      // The override lifted, it stays pinned to the good version by its own tasks, as every onboarding is.
      const onGood = `WorkflowId = '${workflowId}' AND TemporalWorkerDeploymentVersion = '${deployment}:${vars.GOOD_BUILD_ID}' AND ExecutionStatus = 'Running'`;
      await eventually(
        async () => ((await s.temporal.workflow.count(onGood)).count === 1 ? true : undefined),
        30_000,
        'the reset run visible on the good version',
      );
      await batchDone(await operator('bad-deploy-versioned-unpin', vars));
      const unpinned = await versioningOf(resetRunId);
      expect(unpinned).toMatchObject({ behavior: VersioningBehavior.VERSIONING_BEHAVIOR_PINNED, deploymentVersion: pinnedToGood });
      expect(unpinned?.versioningOverride).toBeFalsy();

      await s.admin.decideKyc('stokn', waiting.userId!, 'VERIFIED'); // the person is verified: the next poll sees it
      return { completed: await client.result(request.reference), failedRunId, resetRunId, checked };
    });
    expect(outcome.completed.status).toBe('completed');
    expect((await s.temporal.workflow.getHandle(workflowId, outcome.failedRunId).describe()).status.name).toBe('FAILED');
    // Every workflow task of the reset run after the reset point ran on the good version, to its completion.
    const tasks = afterReset(await history(workflowId, outcome.resetRunId));
    expect(new Set(tasks)).toEqual(new Set([vars.GOOD_BUILD_ID]));
    expect((await versioningOf(outcome.resetRunId))?.behavior).toBe(VersioningBehavior.VERSIONING_BEHAVIOR_PINNED);

    const buildIds = async (runId: string) => {
      const field = (await s.temporal.workflow.getHandle(workflowId, runId).describe()).raw.workflowExecutionInfo?.searchAttributes?.indexedFields?.BuildIds;
      return field?.data ? (JSON.parse(Buffer.from(field.data).toString()) as string[]) : [];
    };
    console.log(
      `runbooks: BuildIds of the bad version's run ${JSON.stringify(await buildIds(outcome.failedRunId))}, of the reset run ${JSON.stringify(await buildIds(outcome.resetRunId))}; the check printed ${JSON.stringify(outcome.checked)}`,
    );
  });

  test('a compliance hold: no step while held, what arrived meanwhile acted on at release', async () => {
    const request = stoknRequest();
    const workflowId = workflowIdFor(request.reference);
    await s.client.start(request);
    await enterAllCodes(s, 'stokn', request.reference);
    const waiting = await reachStep(s, request.reference, 'awaiting-kyc', 60_000);
    const vars = { WORKFLOW_ID: workflowId, CASE: 'case-4711' };
    await operator('hold', vars);

    // Meanwhile the provider verifies the person and support says so.
    await s.admin.decideKyc('stokn', waiting.userId!, 'VERIFIED');
    await s.client.decideKyc(request.reference, { decision: 'VERIFIED', decidedBy: 'support-1' });
    const sinceHold = await eventually(
      async () => {
        const events = await history(workflowId);
        const held = events.slice(events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_PAUSED));
        return held.length > 0 && held.some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'kycDecision') ? held : undefined;
      },
      30_000,
      'the decision recorded while held',
    );
    // Recorded, not acted on: no workflow task has started since the hold, none waits to.
    expect(sinceHold.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)).toEqual([]);
    expect((await s.temporal.workflow.getHandle(workflowId).describe()).raw.pendingWorkflowTask).toBeFalsy();
    await expect(s.client.status(request.reference)).rejects.toThrow(); // queries are refused while held

    await operator('release', vars);
    expect(await s.client.result(request.reference)).toMatchObject({ status: 'completed' });
    expect((await history(workflowId)).some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UNPAUSED)).toBe(true);
  });

  test("a stuck onboarding: found from the worker's log line, inspected, listed", async () => {
    const taskQueue = `runbooks-stuck-${randomUUID()}`;
    const client = s.clientOn(taskQueue);
    const request = soveraRequest();
    const workflowId = workflowIdFor(request.reference);
    replayExcept.add(workflowId);

    // A worker of an incompatible version (a timer today's code never asks for) parks it at KYC.
    const bundling = workflowBundleOptions(false);
    const { code } = await bundleWorkflowCode({
      ...bundling,
      workflowInterceptorModules: [...bundling.workflowInterceptorModules!, require.resolve('../support/workflows/drift-interceptor')],
    });
    const adapters = createAdapters(providersConfigFrom(s.ctx.nodeEnv));
    await (
      await worker(taskQueue, 'runbooks-drifted', adapters, { code })
    ).runUntil(async () => {
      await client.start(request);
      await reachStep({ client, admin: s.admin }, request.reference, 'awaiting-kyc', 60_000, client);
    });

    // A worker of the fleet (the compiled worker, as the stack runs it, logging beside the stack's) takes its next task.
    mkdirSync(logDir, { recursive: true });
    const log = openSync(path.join(logDir, 'worker-runbooks.log'), 'w');
    const health = `127.0.0.1:${await freePort()}`;
    const fleet = spawn(process.execPath, ['dist/cmd/worker.js'], {
      cwd: root,
      env: {
        ...process.env,
        ...s.ctx.nodeEnv,
        ONBOARDING_SECRETS_KEYS: stackSecretsKeys(),
        ONBOARDING_TASK_QUEUE: taskQueue,
        ONBOARDING_HEALTH_ADDRESS: health,
      },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const exited = new Promise((resolve) => fleet.once('exit', resolve));
    try {
      await eventually(async () => (await fetch(`http://${health}/healthz`).catch(() => undefined))?.ok || undefined, 60_000, 'the worker');
      await client.decideKyc(request.reference, { decision: 'VERIFIED', decidedBy: 'support-1' });

      await eventually(async () => (await run('stuck-find')).split('\n').includes(workflowId) || undefined, 60_000, 'the onboarding in the log');
      const inspected = await operator('stuck-inspect', { WORKFLOW_ID: workflowId });
      const task = JSON.parse(inspected.split('\n').find((line) => line.startsWith('{'))!) as { attempt: number };
      expect(task.attempt).toBeGreaterThanOrEqual(2);

      const since = Date.now();
      const listed = await eventually(
        async () => {
          const lines = (await operator('stuck-list')).split('\n');
          const byServer = lines.some((l) => l.includes(workflowId) && l.includes('Running'));
          const byCommand = lines.some((l) => l.startsWith(request.reference) && l.includes('NON_DETERMINISTIC_ERROR'));
          return byServer && byCommand ? lines : undefined;
        },
        300_000,
        'the onboarding listed by TemporalReportedProblems and by onboarding stuck',
      );
      console.log(
        `runbooks: the stuck onboarding was listed by TemporalReportedProblems ${Math.round((Date.now() - since) / 1000)} s after the first inspection`,
      );
      expect(listed.length).toBeGreaterThan(0);
    } finally {
      fleet.kill('SIGTERM');
      await exited;
      await s.temporal.workflow.getHandle(workflowId).terminate('stuck on purpose by the runbooks test');
    }
  });

  test('every runbook block of the page ran', () => {
    expect([...ran].sort()).toEqual(blocks.map((b) => b.name!).sort());
  });
});

/** The workers' prebuilt bundle (test/stack/global-setup.ts names it). */
function bundlePath(): string {
  const bundle = process.env.WORKFLOW_BUNDLE_FOR_TESTS;
  if (!bundle) throw new Error('run with jest.stack.config.js (its global setup provides the workflow bundle)');
  return bundle;
}
