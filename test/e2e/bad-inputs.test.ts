import { WorkflowNotFoundError } from '@temporalio/client';
import { InvalidOnboardingInput, InvalidOnboardingMessage, workflowIdFor } from '../../client/onboarding-client';
import type { OnboardingRequest } from '../../domain/input';
import type { KycDecision } from '../../workflows/definitions';
import { badInputs } from '../support/bad-inputs';
import { sampleFlows } from '../../providers/registry';
import { eventually, startHarness, type Harness } from '../support/harness';
import { soveraRequest } from '../support/requests';

/**
 * Bad requests and messages, tried as a new user or a careless backend would, through the real
 * client against the real dev server and sandbox: each is refused by the client with an error
 * naming the field, and nothing reaches Temporal or a provider.
 */
describe('bad inputs are refused at the client, and nothing starts (end to end)', () => {
  let h: Harness;
  let jwt: string;
  beforeAll(async () => {
    h = await startHarness();
    jwt = await h.admin.userJwt('sumvin', 'bad-inputs-person');
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Everything the sandbox saw, per provider and route. */
  const sandboxLog = () => h.admin.counters();

  test(`the table holds at least 80 bad inputs over every provider's sample flows (${badInputs.length})`, () => {
    expect(badInputs.length).toBeGreaterThanOrEqual(80);
    expect(new Set(badInputs.map((c) => c.provider))).toEqual(new Set(Object.keys(sampleFlows)));
  });

  /**
   * The table's field-level messages are the schema's, tested row by row in test/domain. What only
   * the real client and server can show: not one of them starts anything, anywhere.
   */
  test('every bad request is refused by the client naming its field, and none starts a workflow or calls a provider', async () => {
    const logBefore = await sandboxLog();
    const wrong: string[] = [];
    const references: string[] = [];
    for (const bad of badInputs) {
      const request = bad.build(jwt);
      references.push(String(request.reference));
      const error = await h.client.start(request as OnboardingRequest).catch((e: unknown) => e);
      const fields = error instanceof InvalidOnboardingInput ? error.issues.map((i) => i.field) : [];
      if (!fields.includes(bad.field) || (error as Error).message.length >= 2_000) wrong.push(`${bad.provider}: ${bad.what}: ${String(error)}`);
    }
    expect(wrong).toEqual([]);
    // Nothing started: no workflow under any id they would have had (strongly consistent, unlike a list), no call to any provider.
    const started = [];
    for (const reference of references) {
      const found = await h.env.client.workflow
        .getHandle(workflowIdFor(reference))
        .describe()
        .then(
          () => true,
          (err: unknown) => (err instanceof WorkflowNotFoundError ? false : Promise.reject(err)),
        );
      if (found) started.push(reference);
    }
    expect(started).toEqual([]);
    expect(await sandboxLog()).toEqual(logBefore);
  });

  test('control: a valid request is started, and the sandbox sees its calls', async () => {
    const request = soveraRequest();
    const logBefore = await sandboxLog();
    await h.client.start(request);
    await h.env.client.workflow.getHandle(workflowIdFor(request.reference)).describe();
    await eventually(async () => ((await h.admin.requests('sovera', 'POST /users')).length > 0 ? true : undefined));
    expect(await sandboxLog()).not.toEqual(logBefore);
    await h.client.cancel(request.reference);
  });

  test('bad signal and update payloads never leave the client; a good one does', async () => {
    const request = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    const handle = h.env.client.workflow.getHandle(workflowIdFor(request.reference));
    await eventually(async () => ((await h.client.status(request.reference)).step === 'awaiting-kyc' ? true : undefined));
    // Messages in the history (the onboarding's own polls go on meanwhile and are not counted).
    const events = async () =>
      (await handle.fetchHistory()).events!.filter((e) => e.workflowExecutionSignaledEventAttributes || e.workflowExecutionUpdateAcceptedEventAttributes)
        .length;
    const before = await events();

    const refusals: [string, () => Promise<unknown>][] = [
      ['decision', () => h.client.decideKyc(request.reference, { decision: 'MAYBE' } as unknown as KycDecision)],
      ['reason', () => h.client.decideKyc(request.reference, { decision: 'REJECTED', reason: 'x'.repeat(501) })],
      ['reason', () => h.client.decideKyc(request.reference, { decision: 'REJECTED', reason: 'forged\u202Edocument' })],
      ['decidedBy', () => h.client.decideKyc(request.reference, { decision: 'VERIFIED', decidedBy: 'agent 7\u0000' })],
      ['decidedBy', () => h.client.decideKyc(request.reference, { decision: 'VERIFIED', decidedBy: 'a'.repeat(1024 * 1024) })],
      ['override', () => h.client.decideKyc(request.reference, { decision: 'VERIFIED', override: true } as KycDecision)],
      ['code', () => h.client.submitOtp(request.reference, '12ab')],
      ['code', () => h.client.submitOtp(request.reference, '')],
      ['code', () => h.client.submitOtp(request.reference, '1'.repeat(1024 * 1024))],
      ['credential.secret', () => h.client.supplyCredential(request.reference, '')],
      ['credential.secret', () => h.client.supplyCredential(request.reference, 'two words')],
      ['credential.secret', () => h.client.supplyCredential(request.reference, 'j'.repeat(9000))],
    ];
    for (const [field, send] of refusals) {
      const error = await send().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidOnboardingMessage);
      expect((error as InvalidOnboardingMessage).issues.map((i) => i.field)).toContain(field);
    }
    expect(await events()).toBe(before);

    // Control: a well-formed rejection is sent, recorded and acted upon.
    await h.client.decideKyc(request.reference, { decision: 'REJECTED', reason: 'document forged', decidedBy: 'support-9' });
    expect(await h.client.result(request.reference)).toMatchObject({ status: 'failed', type: 'KycRejected' });
    expect(await events()).toBeGreaterThan(before);
  });
});
