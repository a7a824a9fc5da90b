import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { loadCodecKeys } from '../../codec/keys';
import { replayOrExplain } from '../support/replay';

/**
 * Histories of onboardings stranded outside our tests (test/replay/repro/README.md). Each must
 * replay to its very end on today's code: then the stranded onboarding goes on by itself at its
 * next workflow task attempt, with no operator action.
 */
const dir = path.join(__dirname, 'repro');
const repros = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    name: f.replace(/\.json$/, ''),
    ...(JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { workflowId: string; history: string; codecKeys: string }),
  }));

beforeAll(() => Runtime.install({ logger: new DefaultLogger('WARN') }));

test('the stranded histories are here', () => {
  expect(repros.map((r) => r.name)).toContain('nde-support-update-after-task-timeout');
});

test.each(repros.map((r) => [r.name, r] as const))('%s replays to its end', async (_name, { workflowId, history, codecKeys }) => {
  const events = temporal.api.history.v1.History.decode(Buffer.from(history, 'base64'));
  const last = events.events!.at(-1)!;
  // The history ends where the worker gave up: a failed workflow task, retried for ever before the fix.
  expect(last.workflowTaskFailedEventAttributes?.cause).toBe(temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR);
  await expect(replayOrExplain({ workflowId, history: events }, loadCodecKeys({ ONBOARDING_CODEC_KEYS: codecKeys }))).resolves.toBeUndefined();
});
