import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { loadCodecKeys, loadSecretsKeys } from '../../codec/keys';
import { replayOrExplain } from '../support/replay';
import { splitWorkflowTaskAfter } from '../support/split-workflow-task';
import { replayFixtureKeys } from './fixture-key';

/**
 * A first run whose local activity (prepareOnboarding) and the code after it land in two workflow
 * tasks (its worker lost the run while the activity ran), where that code reaches a patch with no
 * command in between: a restart that adopted its user and proven email goes straight to the KYC
 * wait. docs/replay-safety.md, "A patch is decided before the first local activity".
 */
const read = (file: string) => JSON.parse(readFileSync(path.join(__dirname, file), 'utf8')) as Record<string, string>;
const decoded = (history: string) => temporal.api.history.v1.History.decode(Buffer.from(history, 'base64'));
const eventType = (e: temporal.api.history.v1.IHistoryEvent) => temporal.api.enums.v1.EventType[e.eventType ?? 0];

beforeAll(() => Runtime.install({ logger: new DefaultLogger('WARN') }));

test('the run stranded so (test/e2e/restart.test.ts, five restarts on a worker with no cache) does not replay: its patch was asked in the task of the marker', async () => {
  const stranded = read('stranded/sfox-corporation-restart-split-task.json');
  const events = decoded(stranded.history).events!;
  // Its shape: the local activity's marker closes a task (16, 17), the KYC wait's patch is in the next one (23).
  expect([16, 17, 23].map((id) => eventType(events[id - 1]))).toEqual([
    'EVENT_TYPE_MARKER_RECORDED',
    'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
    'EVENT_TYPE_MARKER_RECORDED',
  ]);
  const keys = { ONBOARDING_CODEC_KEYS: stranded.codecKeys, ONBOARDING_SECRETS_KEYS: stranded.secretsKeys };
  await expect(
    replayOrExplain({ workflowId: stranded.workflowId, history: decoded(stranded.history) }, loadCodecKeys(keys), loadSecretsKeys(keys)),
  ).rejects.toThrow(/first bad event #23 EVENT_TYPE_MARKER_RECORDED: .*patch marker encountered for change kyc-decision-at-wait/);
});

test('since patches-before-local-activity the same restart, its task split the same way, replays to its end', async () => {
  const recorded = read('histories/sfox-corporation-restarted-at-kyc.json');
  const history = decoded(recorded.history);
  const marker = history.events!.find((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')!;
  const split = splitWorkflowTaskAfter(history, Number(marker.eventId));
  expect(split.events!.length).toBe(history.events!.length + 3);
  const next = split.events![Number(marker.eventId)];
  expect(eventType(next)).toBe('EVENT_TYPE_WORKFLOW_TASK_SCHEDULED');
  await expect(
    replayOrExplain({ workflowId: recorded.workflowId, history: split }, loadCodecKeys(replayFixtureKeys), loadSecretsKeys(replayFixtureKeys)),
  ).resolves.toBeUndefined();
});
