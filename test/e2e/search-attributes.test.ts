import type { temporal } from '@temporalio/proto';
import { workflowIdFor } from '../../client/onboarding-client';
import { kycStatusKey, needsActionKey, onboardingProviderKey, onboardingStepKey, providerUserIdKey } from '../../workflows/search-attributes';
import { newestBaseline } from '../../workflows/patches';
import { startHarness, eventually, type Harness } from '../support/harness';
import { approvedBySupport, enterAllCodes, reachStep } from '../support/person';
import { stoknRequest } from '../support/requests';

type Event = temporal.api.history.v1.IHistoryEvent;

/** The keys each of our upserts carried, per workflow task (the SDK's own `TemporalChangeVersion` left out). */
function upsertsByTask(events: Event[]): string[][][] {
  const tasks: string[][][] = [];
  for (const e of events) {
    if (e.workflowTaskCompletedEventAttributes) tasks.push([]);
    const fields = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
    const keys = Object.keys(fields ?? {}).filter((k) => k !== 'TemporalChangeVersion');
    if (fields && keys.length > 0) tasks.at(-1)!.push(keys.sort());
  }
  return tasks;
}

/** The patch ids of the history's patch markers (Core writes their details as plain JSON). */
const patchMarkers = (events: Event[]) =>
  events.flatMap((e) => {
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_patch') return [];
    const [details] = Object.values(marker.details ?? {});
    return [JSON.parse(Buffer.from(details.payloads![0].data!).toString()).id as string];
  });

/**
 * Since the baseline patch a run takes every patch by one marker and tells the Web UI's filters
 * once per workflow task, with only the keys that changed (workflows/search-attribute-publisher.ts).
 */
describe('search attributes once per activation (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('a Stokn onboarding: one marker, at most one upsert per workflow task, only changed keys, and the filters right at each wait', async () => {
    const request = stoknRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    const workflowId = workflowIdFor(request.reference);
    const handle = h.env.client.workflow.getHandle(workflowId);
    await h.client.start(request);

    const attributes = async () => (await handle.describe()).typedSearchAttributes;
    await reachStep(h, request.reference, 'verifying-contact');
    // The publish comes at the end of the task that entered the step, so the describe may lag by a task.
    await eventually(async () => ((await attributes()).get(needsActionKey) === 'otp' ? true : undefined), 10_000, 'NeedsAction=otp');
    await enterAllCodes(h, 'stokn', request.reference);
    await approvedBySupport(h, 'stokn', request.reference);
    const outcome = await h.client.result(request.reference);
    expect(outcome.status).toBe('completed');

    const final = await attributes();
    expect(final.get(onboardingProviderKey)).toBe('stokn');
    expect(final.get(onboardingStepKey)).toBe('completed');
    expect(final.get(needsActionKey)).toBe('none');
    expect(final.get(kycStatusKey)).toBe('VERIFIED');
    expect(final.get(providerUserIdKey)).toMatch(/^[0-9a-f-]{36}$/);
    // Visibility (what the Web UI lists) holds the same.
    const listed = await eventually(async () => {
      for await (const w of h.env.client.workflow.list({ query: `WorkflowId = '${workflowId}' AND OnboardingStep = 'completed' AND KycStatus = 'VERIFIED'` }))
        return w;
      return undefined;
    });
    expect(listed.workflowId).toBe(workflowId);

    const events = (await handle.fetchHistory()).events ?? [];
    expect(patchMarkers(events)).toEqual([newestBaseline]);
    const tasks = upsertsByTask(events);
    expect(tasks.filter((upserts) => upserts.length > 1)).toEqual([]);
    const upserts = tasks.flat();
    // The client set what the first step shows at the start: the first workflow task upserts
    // nothing, the first upsert is the OTP wait's, and the provider is never upserted.
    expect(tasks[0]).toEqual([]);
    expect(upserts[0]).toContain('NeedsAction');
    expect(upserts.flat()).not.toContain('OnboardingProvider');
    expect(upserts.some((keys) => keys.length === 1)).toBe(true);
    expect(upserts.flat().filter((k) => k === 'ProviderUserId')).toHaveLength(1);
  });
});
