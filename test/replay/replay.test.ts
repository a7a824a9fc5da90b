import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { dataConverter } from '../../codec/data-converter';
import { workflowSinks } from '../../workers/onboarding-worker';
import { loadCodecKeys } from '../../codec/keys';
import { replayFixtureKeys } from './fixture-key';

/**
 * Determinism guard: every recorded history of a released workflow must replay on the current
 * code. A failure here means a change to the workflow needs `patched()`.
 */
const dir = path.join(__dirname, 'histories');
const recorded = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f.replace(/\.json$/, ''), ...(JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { workflowId: string; history: string }) }));

test('histories were recorded for every seed flow', () => {
  expect(recorded.map((r) => r.name).sort()).toEqual(
    ['sfox-corporation', 'sfox-individual', 'sovera', 'sovera-kyc-rejected', 'sovera-poll-outage', 'stokn', 'stokn-otp-reissued', 'sumvin'].sort(),
  );
});

test.each(recorded.map((r) => [r.name, r] as const))('%s replays without nondeterminism', async (_name, { workflowId, history }) => {
  const bundle = process.env.WORKFLOW_BUNDLE_FOR_TESTS!;
  await expect(
    Worker.runReplayHistory(
      { workflowBundle: { code: readFileSync(bundle, 'utf8') }, dataConverter: dataConverter(loadCodecKeys(replayFixtureKeys)), sinks: workflowSinks() },
      temporal.api.history.v1.History.decode(Buffer.from(history, 'base64')),
      workflowId,
    ),
  ).resolves.toBeUndefined();
});
