import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { NormalModuleReplacementPlugin } from 'webpack';
import { OnboardingClient, workflowIdFor } from '../../client/onboarding-client';
import { dataConverter } from '../../codec/data-converter';
import { startDevServer, temporalCli, type DevServer } from '../../dev/dev-server';
import { freePort } from '../../dev/port-check';
import { sandboxAdmin } from '../../dev/sandbox/admin-client';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { providersConfigFrom } from '../../providers/config';
import { createAdapters } from '../../providers/registry';
import { buildIdOf } from '../../workers/deployment';
import { createOnboardingWorker, workflowSinks } from '../../workers/onboarding-worker';
import { workflowBundleOptions } from '../../workers/workflow-bundle';
import { eventually } from '../support/harness';
import { approvedBySupport, enterAllCodes, reachStep, type Actors } from '../support/person';
import { soveraRequest } from '../support/requests';
import { releaseBPauseMs } from './fixtures/release-b-address';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');
const deploymentName = 'onboarding';
const { VersioningBehavior, EventType } = temporal.api.enums.v1;
type History = temporal.api.history.v1.IHistory;

/** Release B: the shipped workflows with workflows/steps/address.ts replaced by a fixture (a pause, no patch). */
async function bundleReleaseB(): Promise<string> {
  const fixture = path.join(__dirname, 'fixtures', 'release-b-address.ts');
  const { code } = await bundleWorkflowCode({
    ...workflowBundleOptions(false),
    logger: new DefaultLogger('WARN'),
    webpackConfigHook: (config) => ({
      ...config,
      // Only onboarding.ts's import: the fixture itself imports the released step by another path.
      plugins: [...(config.plugins ?? []), new NormalModuleReplacementPlugin(/^\.\/steps\/address$/, fixture)],
    }),
  });
  return code;
}

/**
 * Worker Versioning as an operator deploys with it (docs/operations.md, "Deploying a new
 * version"): release A parks onboardings at KYC; release B, a workflow change without a patch,
 * becomes current through the deploy step (cmd/set-current-version.ts); new onboardings run B,
 * the parked ones finish their step on A and move to B at their continue-as-new (the server tells a
 * pinned run that its target version changed); rolling back is the CLI's one command. Its own
 * Temporal server 1.32.2 on SQLite (the dev server): versioning is the server's matching and
 * history logic, the same on PostgreSQL, which upgrade.test.ts covers for the store.
 */
describe('Worker Versioning: a deploy never breaks a parked onboarding', () => {
  let server: DevServer;
  let sandbox: Sandbox;
  let connection: Connection;
  let nativeConnection: NativeConnection;
  const workers: { worker: Worker; running: Promise<void> }[] = [];
  let h: Actors & { temporal: Client };
  let codeA: string;
  let codeB: string;
  let buildA: string;
  let buildB: string;
  let taskQueue: string;
  /** The CLI the project builds (.tools/), as an operator runs it; test:stack's setup does not name it. */
  let cliPath: string;

  const startWorker = async (buildId: string, code: string) => {
    const worker = await createOnboardingWorker({
      connection: nativeConnection,
      namespace: server.namespace,
      taskQueue,
      adapters: createAdapters(providersConfigFrom({ SANDBOX_URL: sandbox.url })),
      workflowBundle: { code },
      shutdownGraceTime: '1 second',
      deployment: { deploymentName, buildId, versioning: true },
    });
    workers.push({ worker, running: worker.run() });
  };
  /** The deploy step, as the stack and compose run it: the version becomes current once its workers poll. */
  const deploy = (buildId: string) =>
    run(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'cmd', 'set-current-version.ts')], {
      env: { ...process.env, TEMPORAL_ADDRESS: server.address, ONBOARDING_TASK_QUEUE: taskQueue, ONBOARDING_BUILD_ID: buildId, LOG_LEVEL: 'warn' },
    });
  const handle = (reference: string, runId?: string) => h.temporal.workflow.getHandle(workflowIdFor(reference), runId);
  /** The version a run is pinned to, as `describe` shows it (set once its first workflow task completed). */
  const pinnedTo = async (reference: string, runId?: string) => {
    const info = (await handle(reference, runId).describe()).raw.workflowExecutionInfo?.versioningInfo;
    return info?.deploymentVersion?.buildId ? { behavior: info.behavior, buildId: info.deploymentVersion.buildId } : undefined;
  };
  const cli = (...args: string[]) => run(cliPath, [...args, '--address', server.address, '--namespace', server.namespace]);
  /** The operator's check before stopping a version's workers (docs/operations.md): its open runs. */
  const openOn = async (buildId: string) => {
    const query = `ExecutionStatus='Running' AND TemporalWorkerDeploymentVersion='${deploymentName}:${buildId}'`;
    const { stdout } = await cli('workflow', 'count', '--query', query, '--output', 'json');
    return Number((JSON.parse(stdout) as { count?: string | number }).count ?? 0);
  };
  const pinned = (buildId: string) => ({ behavior: VersioningBehavior.VERSIONING_BEHAVIOR_PINNED, buildId });
  const timerMs = (e: temporal.api.history.v1.IHistoryEvent) => {
    const timeout = e.timerStartedEventAttributes?.startToFireTimeout;
    return timeout ? Number(timeout.seconds ?? 0) * 1000 + (timeout.nanos ?? 0) / 1e6 : undefined;
  };
  const ranReleaseB = (history: History) => history.events!.some((e) => timerMs(e) === releaseBPauseMs);
  /** Undefined when the history replays on `code`, else the replay's error. */
  const replayError = (code: string, workflowId: string, history: History) =>
    Worker.runReplayHistory({ workflowBundle: { code }, dataConverter: dataConverter(), sinks: workflowSinks() }, history, workflowId).then(
      () => undefined,
      (err: unknown) => String(err),
    );

  beforeAll(async () => {
    process.env.ONBOARDING_MODE ??= 'development';
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    cliPath = temporalCli();
    codeA = readFileSync(process.env.WORKFLOW_BUNDLE_FOR_TESTS!, 'utf8');
    codeB = await bundleReleaseB();
    // A as `npm run build` names it; B is another build of the same commit, so it gets a name of its own.
    buildA = buildIdOf(codeA)!;
    buildB = `${buildA}.release-b`;
    server = await startDevServer({ port: await freePort() });
    sandbox = await startSandbox();
    connection = await Connection.connect({ address: server.address });
    nativeConnection = await NativeConnection.connect({ address: server.address });
    taskQueue = `onboarding-versioning-${randomUUID()}`;
    const temporalClient = new Client({ connection, namespace: server.namespace, dataConverter: dataConverter() });
    h = { temporal: temporalClient, client: new OnboardingClient(temporalClient, taskQueue), admin: sandboxAdmin(sandbox.url) };
  });

  afterAll(async () => {
    for (const { worker } of workers) worker.shutdown();
    await Promise.allSettled(workers.map((w) => w.running));
    await Promise.allSettled([connection?.close(), nativeConnection?.close(), sandbox?.close()]);
    await server?.stop();
  });

  test('parked onboardings finish their step on A and continue on B; new ones run B; one command rolls back to A', async () => {
    // Polls each second: a parked run reaches its continue-as-new point soon after B becomes current.
    const wait = { kycPollInterval: '1 second', kycDeadline: '30 days' };
    await startWorker(buildA, codeA);
    await deploy(buildA);
    const parked = [soveraRequest({ wait }), soveraRequest({ wait })];
    const firstRuns: string[] = [];
    for (const request of parked) {
      firstRuns.push((await h.client.start(request)).runId);
      await enterAllCodes(h, 'sovera', request.reference);
      await reachStep(h, request.reference, 'awaiting-kyc');
      expect(await pinnedTo(request.reference)).toEqual(pinned(buildA));
    }

    await eventually(async () => ((await openOn(buildA)) === parked.length ? true : undefined), 15_000, 'the parked runs visible on A');

    await startWorker(buildB, codeB);
    await deploy(buildB);
    const fresh = soveraRequest({ wait });
    await h.client.start(fresh);
    await enterAllCodes(h, 'sovera', fresh.reference);
    await reachStep(h, fresh.reference, 'awaiting-kyc');
    expect(await pinnedTo(fresh.reference)).toEqual(pinned(buildB));

    for (const [i, request] of parked.entries()) {
      // The run pinned to A did all its work on A and ended in a continue-as-new (server 1.32.2 does
      // not write the command's initialVersioningBehavior into this event: nothing to compare on replay) ...
      const nextRun = await eventually(
        async () => {
          const runId = (await handle(request.reference).describe()).runId;
          return runId !== firstRuns[i] ? runId : undefined;
        },
        60_000,
        'the parked run continuing as new',
      );
      const ended = await handle(request.reference, firstRuns[i]).fetchHistory();
      const completedOn = new Set(ended.events!.flatMap((e) => e.workflowTaskCompletedEventAttributes?.deploymentVersion?.buildId ?? []));
      expect([...completedOn]).toEqual([buildA]);
      expect(ended.events!.at(-1)!.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
      // ... and its next run is pinned to B, where it completes.
      await eventually(async () => ((await pinnedTo(request.reference, nextRun))?.buildId === buildB ? true : undefined), 30_000, 'the new run on B');
      expect(await pinnedTo(request.reference, nextRun)).toEqual(pinned(buildB));
    }
    for (const request of [...parked, fresh]) {
      await approvedBySupport(h, 'sovera', request.reference);
      expect(await h.client.result(request.reference)).toMatchObject({ status: 'completed' });
      expect(ranReleaseB(await handle(request.reference).fetchHistory())).toBe(true);
    }

    // A is drained: no open run is pinned to it any more.
    await eventually(async () => ((await openOn(buildA)) === 0 ? true : undefined), 15_000, 'no open run on A');

    // Rollback: the operator's one command (docs/operations.md), with the CLI the project builds.
    await cli('worker', 'deployment', 'set-current-version', '--deployment-name', deploymentName, '--build-id', buildA, '--yes');
    const afterRollback = soveraRequest({ wait });
    await h.client.start(afterRollback);
    await enterAllCodes(h, 'sovera', afterRollback.reference);
    await approvedBySupport(h, 'sovera', afterRollback.reference);
    expect(await h.client.result(afterRollback.reference)).toMatchObject({ status: 'completed' });
    expect(await pinnedTo(afterRollback.reference)).toEqual(pinned(buildA));
    const onA = await handle(afterRollback.reference).fetchHistory();
    expect(ranReleaseB(onA)).toBe(false);
    // B is a change no patch guards: a run of A replays on A's code only. Pinning is what keeps it there.
    expect(await replayError(codeA, workflowIdFor(afterRollback.reference), onA)).toBeUndefined();
    expect(await replayError(codeB, workflowIdFor(afterRollback.reference), onA)).toMatch(/nondetermin/i);
  });
});
