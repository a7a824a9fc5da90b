import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/onboarding-activities';
import { OnboardingClient, workflowIdFor } from '../../client/onboarding-client';
import { dataConverter } from '../../codec/data-converter';
import { providersConfigFrom } from '../../providers/config';
import { createAdapters } from '../../providers/registry';
import { workflowSinks } from '../../workers/onboarding-worker';
import { workflowBundleOptions } from '../../workers/workflow-bundle';
import { freePort } from '../support/api-process';
import { eventually, startHarness, type Harness } from '../support/harness';
import { reachStep } from '../support/person';
import { soveraRequest } from '../support/requests';
import { logEntries, startWorkerProcess } from '../support/worker-process';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

/**
 * An onboarding whose history today's code cannot replay (made on purpose by a test-only
 * interceptor) is stuck: every workflow task fails. The worker process says so at once, in a log
 * line that names the onboarding, its run and the cause, counts it by failure kind, with
 * nondeterminism apart, in the SDK's metric, and `onboarding stuck` lists it for the operator.
 */
describe('a stuck onboarding is seen at once (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('a workflow task that keeps failing is logged with its onboarding and cause, and counted as nondeterminism', async () => {
    const taskQueue = `stuck-${randomUUID()}`;
    const client = new OnboardingClient(h.env.client, taskQueue);
    const request = soveraRequest();
    const workflowId = workflowIdFor(request.reference);
    h.replayExcept.add(workflowId);

    // A worker of an incompatible version runs the onboarding up to its wait for KYC, then stops.
    const { code } = await bundleWorkflowCode({
      ...workflowBundleOptions(false),
      workflowInterceptorModules: [...workflowBundleOptions(false).workflowInterceptorModules!, require.resolve('../support/workflows/drift-interceptor')],
    });
    const old = await Worker.create({
      connection: h.env.nativeConnection,
      taskQueue,
      workflowBundle: { code },
      activities: createActivities(createAdapters(providersConfigFrom({ SANDBOX_URL: h.sandbox.url }))),
      dataConverter: dataConverter(),
      sinks: workflowSinks(),
    });
    const waiting = await old.runUntil(async () => {
      await client.start(request);
      return reachStep(h, request.reference, 'awaiting-kyc', 60_000, client);
    });

    // Today's worker process takes the next task (the KYC decision) and cannot replay the history.
    const metricsAddress = `127.0.0.1:${await freePort()}`;
    const worker = startWorkerProcess({
      TEMPORAL_ADDRESS: h.env.address,
      ONBOARDING_TASK_QUEUE: taskQueue,
      SANDBOX_URL: h.sandbox.url,
      ONBOARDING_METRICS_ADDRESS: metricsAddress,
    });
    try {
      await eventually(
        async () => ((await fetch(`http://${metricsAddress}/metrics`).catch(() => undefined))?.ok ? true : undefined),
        60_000,
        'the worker metrics',
      );
      await client.decideKyc(request.reference, { decision: 'VERIFIED', decidedBy: 'support-1' });
      const line = await eventually(
        async () => logEntries(worker.output()).find((e) => String(e.msg).startsWith('workflow task failed')),
        60_000,
        'the failed workflow task in the log',
      );
      const { runId } = await h.env.client.workflow.getHandle(workflowId).describe();
      expect(line).toMatchObject({ level: 'error', workflowId, runId, cause: 'NonDeterministicError' });
      expect(String(line.mismatch)).toContain('TimerStarted');
      const failed = await eventually(
        async () => {
          const text = await (await fetch(`http://${metricsAddress}/metrics`)).text();
          const sample = text
            .split('\n')
            .find((l) => l.startsWith('temporal_workflow_task_execution_failed{') && l.includes('failure_reason="NonDeterminismError"'));
          return sample ? Number(sample.split(' ').at(-1)) : undefined;
        },
        30_000,
        'the nondeterminism count',
      );
      expect(failed).toBeGreaterThanOrEqual(1);
      // The operator's list of stuck onboardings names it (the CLI, as an operator runs it).
      const listed = await eventually(
        async () => {
          const { stuck } = JSON.parse(
            (
              await run(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'cmd', 'onboarding.ts'), 'stuck', '--json'], {
                env: { ...process.env, TEMPORAL_ADDRESS: h.env.address, ONBOARDING_TASK_QUEUE: taskQueue },
              })
            ).stdout,
          ) as { stuck: { reference: string; attempts: number; cause: string }[] };
          return stuck.find((o) => o.reference === request.reference);
        },
        60_000,
        'the onboarding in `onboarding stuck`',
      );
      expect(listed.cause).toBe('NON_DETERMINISTIC_ERROR');
      expect(listed.attempts).toBeGreaterThanOrEqual(2);
      // Nothing of the person in what the worker wrote about it.
      for (const secret of [request.person.email, request.person.lastName, request.person.identity.number]) expect(worker.output()).not.toContain(secret);
      expect(waiting.userId).toBeDefined();
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
      await h.env.client.workflow.getHandle(workflowId).terminate('stuck on purpose by the test');
    }
  });
});
