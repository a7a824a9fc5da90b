import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { EncryptionCodec } from '../../codec/encryption-codec';
import { replayOrExplain } from '../support/replay';
import { loadCodecKeys, loadSecretsKeys } from '../../codec/keys';
import { replayFixtureKeys } from './fixture-key';
import { buildIdOf, bundleAt, commitOf } from './builds';

/**
 * Determinism guard: every recorded history of a released workflow must replay on the current
 * code. A failure here means a change to the workflow needs `patched()`.
 */
const dir = path.join(__dirname, 'histories');
const recorded = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    name: f.replace(/\.json$/, ''),
    file: path.join(dir, f),
    ...(JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { workflowId: string; history: string }),
  }));

const keys = loadCodecKeys(replayFixtureKeys);
const secretsKeys = loadSecretsKeys(replayFixtureKeys);
const replay = (workflowId: string, history: temporal.api.history.v1.IHistory, code?: string) =>
  replayOrExplain({ workflowId, history }, keys, secretsKeys, code);
const decoded = (history: string) => temporal.api.history.v1.History.decode(Buffer.from(history, 'base64'));

// Each replay starts and stops a worker; its state changes are not news.
beforeAll(() => Runtime.install({ logger: new DefaultLogger('WARN') }));

test('histories were recorded for every seed flow and every patch', () => {
  expect(recorded.map((r) => r.name).sort()).toEqual(
    [
      // the released version's seed flows and patches
      'sfox-corporation',
      'sfox-individual',
      'sovera',
      'sovera-kyc-rejected',
      'sovera-poll-outage',
      'stokn',
      'stokn-otp-reissued',
      'sumvin',
      // the step-function version's patches
      'sovera-validated-once',
      'sovera-rejected-handlers-finished',
      'sovera-poll-alert',
      'sumvin-holder-deadline',
      'sumvin-early-credential',
      'sumvin-credential-in-update',
      'sovera-wallet-through-support',
      'stokn-backend-events',
      // replay safety (issue 21): messages taken at the same point whatever the order of delivery
      'sovera-kyc-decision-at-wait',
      'sumvin-credential-order-free',
      // day-2 (issue 15): a failed onboarding started again adopts what its earlier run made
      'sfox-restarted',
      'stokn-events-handed-over',
      'stokn-events-delivery',
      'sovera-wallet-outage',
      'sumvin-jwt-expired-at-create',
      // issue 16: support's KYC claims end with KYC
      'stokn-kyc-claims-settled',
      // issue 16: each activity's input carries only what its call reads
      'sfox-slim-activity-inputs',
      // issue 17: the fifth provider
      'cybrid',
      // issue 23: the read-only update firstWait, answered and refused
      'stokn-first-wait',
      'sovera-first-wait-refused',
      // replay safety: a first run's patches decided before its local activity
      'sfox-corporation-restarted-at-kyc',
      // issue 19: every patch by one marker, search attributes once per activation
      'stokn-baseline',
      'sovera-baseline-poll-alert',
      'sovera-baseline-wallet-outage',
      'sovera-baseline-rejected',
      'sumvin-baseline-credential',
      'sfox-baseline-restarted',
      'cybrid-baseline',
      // issue 19: creating calls raise their outage alert without a timer
      'stokn-baseline-06',
      'sfox-corporation-baseline-06',
      'sovera-baseline-06-wallet-outage',
    ].sort(),
  );
});

/** Every patch in the workflow's code has a recorded history that takes its new path. */
test('every patched() id has a recorded history with its marker', () => {
  const sources = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(path.join(folder, e.name)) : e.name.endsWith('.ts') ? [readFileSync(path.join(folder, e.name), 'utf8')] : [],
    );
  const ids = new Set(sources(path.join(__dirname, '..', '..', 'workflows')).flatMap((code) => [...code.matchAll(/patched\('([^']+)'\)/g)].map((m) => m[1])));
  const marked = new Set(
    recorded.flatMap(({ history }) =>
      decoded(history)
        .events!.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
        .map((e) => (JSON.parse(Buffer.from(e.markerRecordedEventAttributes!.details!['patch-data'].payloads![0].data!).toString()) as { id: string }).id),
    ),
  );
  expect(ids.size).toBeGreaterThan(5);
  expect([...ids].filter((id) => !marked.has(id))).toEqual([]);
});

test.each(recorded.map((r) => [r.name, r] as const))('%s replays without nondeterminism', async (_name, { workflowId, history }) => {
  await expect(replay(workflowId, decoded(history))).resolves.toBeUndefined();
});

/**
 * Per build id: a pinned onboarding (Worker Versioning, docs/operations.md) only ever replays on
 * the build that wrote its history, so each history must replay on that build's code, bundled
 * from its commit (./builds.ts). The test above keeps every history replaying on today's code too,
 * as an unversioned worker (ONBOARDING_WORKER_VERSIONING=false) needs.
 */
const builds = recorded.map((r) => {
  const buildId = buildIdOf(decoded(r.history));
  return { ...r, buildId, commit: commitOf(buildId, r.file) };
});

test('every history ran on one build, and each build maps to one commit', () => {
  const commitsOf = new Map<string, Set<string>>();
  for (const { buildId, commit } of builds) commitsOf.set(buildId, (commitsOf.get(buildId) ?? new Set()).add(commit));
  expect([...commitsOf].filter(([, commits]) => commits.size !== 1)).toEqual([]);
});

test.each(builds.map((b) => [b.name, b.commit.slice(0, 12), b] as const))(
  '%s replays on the code of its build (commit %s)',
  async (_name, _commit, { workflowId, history, commit }) => {
    await expect(replay(workflowId, decoded(history), await bundleAt(commit))).resolves.toBeUndefined();
  },
  300_000,
);

/**
 * The input is judged once, when the onboarding starts; a rule tightened since (or a zod
 * upgrade, or a clock-based check) must not change how a running onboarding replays. Each
 * history replays here with a start input that today's schemas refuse.
 */
const onboardings = recorded.filter((r) => !r.name.endsWith('-delivery')); // an event delivery starts with no input
test.each(onboardings.map((r) => [r.name, r] as const))('%s replays though its input would be refused today', async (_name, { workflowId, history }) => {
  const events = decoded(history);
  const started = events.events![0].workflowExecutionStartedEventAttributes!;
  const codec = new EncryptionCodec(keys);
  const [plain] = await codec.decode(started.input!.payloads as Payload[]);
  const input = defaultPayloadConverter.fromPayload<Record<string, unknown>>(plain);
  const refusedToday = { ...input, reference: `${input.reference as string}!` }; // no longer a valid reference
  started.input!.payloads = await codec.encode([defaultPayloadConverter.toPayload(refusedToday)]);
  await expect(replay(workflowId, events)).resolves.toBeUndefined();
});
