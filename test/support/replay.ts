import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { dataConverter } from '../../codec/data-converter';
import type { CodecKeys } from '../../codec/keys';
import { workflowSinks } from '../../workers/onboarding-worker';

type History = temporal.api.history.v1.IHistory;
export interface RecordedRun {
  workflowId: string;
  runId?: string;
  history: History;
}

/**
 * Replay with the workflow bundle under test: a history that does not give the same commands on
 * today's code is an onboarding a worker restart would strand. A failure names the workflow, its
 * run and the first event whose replay fails, found by replaying ever shorter prefixes.
 */
function replayOptions(keys?: CodecKeys, secretsKeys?: CodecKeys, code?: string): ReplayWorkerOptions {
  const bundle = process.env.WORKFLOW_BUNDLE_FOR_TESTS;
  if (!bundle && code === undefined) throw new Error('run the tests with jest (test/global-setup.ts provides the bundle)');
  return {
    workflowBundle: { code: code ?? readFileSync(bundle!, 'utf8') },
    dataConverter: dataConverter(keys, undefined, secretsKeys),
    sinks: workflowSinks(),
  };
}

/** Replays one history (on the bundle under test, or `code`); rejects with the workflow, run, first bad event and the SDK's reason. */
export async function replayOrExplain(run: RecordedRun, keys?: CodecKeys, secretsKeys?: CodecKeys, code?: string): Promise<void> {
  const [failure] = await replayAll([run], keys, secretsKeys, code);
  if (failure) throw new Error(failure);
}

/** Replays every history with one replay worker; returns one explanation per history that failed. */
export async function replayAll(
  runs: Iterable<RecordedRun> | AsyncIterable<RecordedRun>,
  keys?: CodecKeys,
  secretsKeys?: CodecKeys,
  code?: string,
): Promise<string[]> {
  const options = replayOptions(keys, secretsKeys, code);
  // The replay worker takes one history at a time: its results come in the order of `runs`.
  const sent: RecordedRun[] = [];
  async function* histories() {
    for await (const run of runs) {
      sent.push(run);
      yield { workflowId: run.workflowId, history: run.history };
    }
  }
  const failures: string[] = [];
  let index = 0;
  for await (const result of Worker.runReplayHistories(options, histories())) {
    const run = sent[index++];
    if (!result.error) continue;
    const bad = await firstBadEvent(options, run);
    failures.push(
      `${result.workflowId} (run ${run.runId ?? result.runId}) does not replay on ${code === undefined ? 'the current code' : 'the code given'}: ` +
        `first bad event #${bad.eventId} ${bad.type}: ${result.error.message} (history kept in ${keepFailedHistory(run)})`,
    );
  }
  return failures;
}

/** Writes a history that failed to replay where it outlives the test's server, as test/replay/repro/ keeps one (less its keys). */
function keepFailedHistory(run: RecordedRun): string {
  const dir = path.resolve(__dirname, '..', '..', '.data', 'replay-failures');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${run.workflowId}-${run.runId ?? 'run'}.json`);
  const history = Buffer.from(temporal.api.history.v1.History.encode(run.history).finish()).toString('base64');
  writeFileSync(file, JSON.stringify({ workflowId: run.workflowId, history }));
  return path.relative(process.cwd(), file);
}

/** The shortest prefix of the history that fails to replay ends with the first bad event. */
async function firstBadEvent(options: ReplayWorkerOptions, run: RecordedRun): Promise<{ eventId: number; type: string }> {
  const events = run.history.events ?? [];
  const fails = async (length: number) =>
    Worker.runReplayHistory(options, { events: events.slice(0, length) }, run.workflowId).then(
      () => false,
      () => true,
    );
  let [good, bad] = [0, events.length]; // invariant: the prefix of `good` events replays, that of `bad` does not
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (await fails(mid)) bad = mid;
    else good = mid;
  }
  const event = events[bad - 1];
  return { eventId: Number(event?.eventId ?? bad), type: temporal.api.enums.v1.EventType[event?.eventType ?? 0] ?? 'unknown' };
}

/**
 * Every onboarding run the server holds, and every event delivery, (started since `since`, all of them on a test's own dev
 * server), replayed on the current code. Returns how many runs replayed; throws naming every one
 * that did not.
 */
export async function replayOnboardings(
  client: Client,
  { except = new Set<string>(), since, keys, secretsKeys }: { except?: ReadonlySet<string>; since?: Date; keys?: CodecKeys; secretsKeys?: CodecKeys } = {},
): Promise<number> {
  const query = `WorkflowType IN ('onboarding', 'backendEvents')${since ? ` AND StartTime >= '${since.toISOString()}'` : ''}`;
  const runs: RecordedRun[] = [];
  for await (const execution of client.workflow.list({ query })) {
    if (except.has(execution.workflowId)) continue;
    const handle = client.workflow.getHandle(execution.workflowId, execution.runId);
    runs.push({ workflowId: execution.workflowId, runId: execution.runId, history: await handle.fetchHistory() });
  }
  const failures = await replayAll(runs, keys, secretsKeys);
  if (failures.length > 0) throw new Error(`${failures.length} of ${runs.length} onboarding histories do not replay:\n${failures.join('\n')}`);
  return runs.length;
}
