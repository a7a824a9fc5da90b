import { workflowIdFor } from '../../client/onboarding-client';
import { startHarness, type Harness } from '../support/harness';
import { decodedPayloads } from '../support/history';
import { approvedBySupport, awaitedCode, enterAllCodes, reachStep } from '../support/person';
import { stoknRequest } from '../support/requests';

/** What Temporal's built-in metadata query answers (the Web UI and `temporal workflow metadata` read it). */
interface WorkflowMetadata {
  definition?: {
    queryDefinitions?: Array<{ name?: string; description?: string }>;
    signalDefinitions?: Array<{ name?: string; description?: string }>;
    updateDefinitions?: Array<{ name?: string; description?: string }>;
  };
  currentDetails?: string;
}

/**
 * What the Web UI tells a person about an onboarding, read back from the real dev server: its
 * static summary and details (no personal data), its current details as it moves, and a
 * description for every message it takes.
 */
describe('the Web UI metadata of an onboarding (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Each scheduled activity's and started timer's summary, as the server stores it and as the project's data converter decodes it. */
  async function commandSummaries(reference: string) {
    const { events } = await h.env.client.workflow.getHandle(workflowIdFor(reference)).fetchHistory();
    const commands = (events ?? []).filter((e) => e.activityTaskScheduledEventAttributes || e.timerStartedEventAttributes);
    return Promise.all(
      commands.map(async (e) => {
        const stored = e.userMetadata?.summary;
        return {
          command: e.activityTaskScheduledEventAttributes ? `activity ${e.activityTaskScheduledEventAttributes.activityType?.name}` : 'timer',
          encoding: Buffer.from(stored?.metadata?.encoding ?? []).toString(),
          stored: Buffer.from(stored?.data ?? []).toString('latin1'),
          text: stored ? String((await decodedPayloads([stored]))[0]) : undefined,
        };
      }),
    );
  }

  const metadata = (reference: string) => h.env.client.workflow.getHandle(workflowIdFor(reference)).query<WorkflowMetadata>('__temporal_workflow_metadata');

  test('static summary and details name the provider and reference only; current details follow the steps; every message is described', async () => {
    const request = stoknRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    const description = await h.env.client.workflow.getHandle(workflowIdFor(request.reference)).describe();
    expect(await description.staticSummary()).toBe(`stokn onboarding ${request.reference}`);
    const details = await description.staticDetails();
    expect(details).toContain(`reference: ${request.reference}`);
    for (const personal of [request.person.email, request.person.phone]) expect(`${await description.staticSummary()} ${details}`).not.toContain(personal);

    const waiting = await awaitedCode(h, request.reference);
    const atOtp = await metadata(request.reference);
    expect(atOtp.currentDetails).toContain('**verifying-contact**');
    expect(atOtp.currentDetails).toContain('waits for: otp, acted on by person');
    expect(atOtp.currentDetails).toContain(`next: ${waiting.nextAction}`);
    expect(atOtp.currentDetails).not.toContain(request.person.phone);

    const described = (list?: Array<{ name?: string; description?: string }>): Record<string, string | undefined> =>
      Object.fromEntries((list ?? []).filter((d) => !d.name?.startsWith('__')).map((d) => [d.name, d.description]));
    const definition = atOtp.definition!;
    for (const [name, text] of Object.entries({
      ...described(definition.queryDefinitions),
      ...described(definition.signalDefinitions),
      ...described(definition.updateDefinitions),
    })) {
      expect({ name, described: (text ?? '').length > 10 }).toEqual({ name, described: true });
    }
    expect(Object.keys(described(definition.updateDefinitions))).toEqual(expect.arrayContaining(['submitOtp', 'resendOtp', 'firstWait']));
    expect(Object.keys(described(definition.signalDefinitions))).toEqual(expect.arrayContaining(['kycDecision', 'cancelRequested']));

    await enterAllCodes(h, 'stokn', request.reference);
    await reachStep(h, request.reference, 'awaiting-kyc');
    const atKyc = await metadata(request.reference);
    expect(atKyc.currentDetails).toContain('**awaiting-kyc**');
    expect(atKyc.currentDetails).toContain('waits for: kyc');
  });

  test('every activity and timer of an onboarding carries a summary: encrypted at rest, decoded to its purpose, no personal data', async () => {
    const request = stoknRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    await enterAllCodes(h, 'stokn', request.reference);
    const { userId } = await h.client.status(request.reference);
    const codes = (await h.admin.outbox({ provider: 'stokn', userId })).map((m) => m.code);
    expect(codes.length).toBeGreaterThan(0);
    await approvedBySupport(h, 'stokn', request.reference);
    await reachStep(h, request.reference, 'completed');

    const summaries = await commandSummaries(request.reference);
    // Stored as the codec wrote it: encrypted, the text nowhere in the stored bytes.
    expect(summaries.filter((s) => s.encoding !== 'binary/encrypted' || s.text === undefined || s.stored.includes(s.text))).toEqual([]);
    const texts = new Set(summaries.map((s) => `${s.command}: ${s.text}`));
    for (const expected of [
      'activity createUser: stokn: create the user',
      'activity sendOtp: stokn: send an OTP code by sms',
      'activity verifyOtp: stokn: verify the sms OTP code',
      'activity startKyc: stokn: start KYC',
      'activity getKycStatus: stokn: poll KYC status',
      'activity createHolder: stokn: create the portfolio',
      'activity depositAddress: stokn: create the deposit address',
      'timer: sms OTP code expiry',
      'timer: next KYC poll',
    ])
      expect([...texts]).toContain(expected);
    const shown = [...texts].join('\n');
    for (const personal of [request.person.email, request.person.phone, request.password.secret, ...codes])
      expect({ personal, shown: shown.includes(personal) }).toEqual({ personal, shown: false });
  });
});
