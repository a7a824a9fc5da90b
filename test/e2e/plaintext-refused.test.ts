import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { temporal } from '@temporalio/proto';
import { workflowIdFor } from '../../client/onboarding-client';
import { EncryptionCodec, plaintextRefusedMessage } from '../../codec/encryption-codec';
import { loadCodecKeys } from '../../codec/keys';
import { isProductionMode } from '../../config/mode';
import { eventually, startHarness, type Harness } from '../support/harness';
import { awaitedCode, reachStep, receivedCode } from '../support/person';
import { soveraRequest, stoknRequest } from '../support/requests';

const run = promisify(execFile);

/**
 * Production mode end to end: the worker and the client run with the codec that refuses
 * unencrypted payloads (NODE_ENV=production and a real ONBOARDING_CODEC_KEYS, as in production).
 * Real traffic (inputs, signals, updates with and without arguments, queries, activity results)
 * passes; a plaintext signal sent with Temporal's own CLI, without the key, is refused.
 */
describe('production mode: the codec refuses plaintext messages (end to end)', () => {
  const saved = { NODE_ENV: process.env.NODE_ENV, ONBOARDING_CODEC_KEYS: process.env.ONBOARDING_CODEC_KEYS };
  let h: Harness;
  beforeAll(async () => {
    process.env.NODE_ENV = 'production';
    process.env.ONBOARDING_CODEC_KEYS = `e2e-production:${randomBytes(32).toString('base64')}`;
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const history = async (reference: string) => (await h.env.client.workflow.getHandle(workflowIdFor(reference)).fetchHistory()).events ?? [];

  test('the harness runs in production mode', () => {
    expect(isProductionMode()).toBe(true);
  });

  test('real traffic passes: a Stokn onboarding with codes and a resend, and a Sovera one with a KYC signal', async () => {
    const stokn = stoknRequest();
    await h.client.start(stokn);
    const asked = await awaitedCode(h, stokn.reference, 'sms');
    await h.client.resendOtp(stokn.reference);
    const code = await eventually(async () => {
      const latest = await receivedCode(h, 'stokn', asked.userId!, 'sms');
      return (await h.admin.outbox({ provider: 'stokn', userId: asked.userId!, channel: 'sms' })).length >= 2 ? latest : undefined;
    });
    expect(await h.client.submitOtp(stokn.reference, code)).toMatchObject({ accepted: true });
    const stoknWaiting = await reachStep(h, stokn.reference, 'awaiting-kyc');
    await h.admin.decideKyc('stokn', stoknWaiting.userId!, 'VERIFIED');

    const sovera = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(sovera);
    const soveraWaiting = await reachStep(h, sovera.reference, 'awaiting-kyc');
    await h.admin.decideKyc('sovera', soveraWaiting.userId!, 'VERIFIED');
    await h.client.decideKyc(sovera.reference, { decision: 'VERIFIED', decidedBy: 'support-1' });

    expect((await h.client.result(stokn.reference)).status).toBe('completed');
    expect((await h.client.result(sovera.reference)).status).toBe('completed');
    for (const reference of [stokn.reference, sovera.reference]) {
      expect((await history(reference)).filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
    }
  });

  test("a stock `temporal workflow signal` with a plaintext payload cannot reject a person's KYC", async () => {
    const request = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');

    // Temporal's own CLI, holding no key: the server accepts the signal and records it.
    await run(process.env.TEMPORAL_CLI_FOR_TESTS!, [
      'workflow', 'signal',
      '--address', h.env.address,
      '--namespace', 'default',
      '--workflow-id', workflowIdFor(request.reference),
      '--name', 'kycDecision',
      '--input', JSON.stringify({ decision: 'REJECTED', reason: 'forged by someone without the key', decidedBy: 'intruder' }),
    ]);

    // The worker refuses to decode it: the workflow task fails, with our reason (encrypted like every failure).
    const failed = await eventually(async () => (await history(request.reference)).find((e) => e.workflowTaskFailedEventAttributes), 30_000, 'a failed workflow task');
    const events = await history(request.reference);
    const signalled = events.find((e) => e.workflowExecutionSignaledEventAttributes)!;
    expect(Number(failed.eventId)).toBeGreaterThan(Number(signalled.eventId));
    expect(await failureMessage(failed.workflowTaskFailedEventAttributes!.failure!)).toContain(plaintextRefusedMessage);

    // Nothing acted on it: still running, no step taken after the signal, the provider's KYC untouched.
    const description = await h.env.client.workflow.getHandle(workflowIdFor(request.reference)).describe();
    expect(description.status.name).toBe('RUNNING');
    const after = events.filter((e) => Number(e.eventId) > Number(signalled.eventId));
    expect(after.filter((e) => e.activityTaskScheduledEventAttributes || e.workflowExecutionFailedEventAttributes || e.workflowExecutionCompletedEventAttributes)).toEqual([]);
    expect((await h.admin.user<{ status: string }>('sovera', waiting.userId!)).status).toBe('PENDING');

    // Support's way out: reset to the last completed task before the forged signal, without
    // reapplying signals; the onboarding goes on from where it was and completes.
    const lastGood = events.filter((e) => e.workflowTaskCompletedEventAttributes && Number(e.eventId) < Number(signalled.eventId)).at(-1)!;
    await run(process.env.TEMPORAL_CLI_FOR_TESTS!, [
      'workflow', 'reset',
      '--address', h.env.address,
      '--namespace', 'default',
      '--workflow-id', workflowIdFor(request.reference),
      '--event-id', String(lastGood.eventId),
      '--reapply-exclude', 'Signal',
      '--reason', 'drop a plaintext signal refused in production mode',
    ]);
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    await h.client.decideKyc(request.reference, { decision: 'VERIFIED', decidedBy: 'support-2' });
    expect((await h.client.result(request.reference)).status).toBe('completed');
  });

  test('a stock `temporal workflow update` with a plaintext code is refused; support resets, and the right code works', async () => {
    const request = stoknRequest();
    await h.client.start(request);
    const asked = await awaitedCode(h, request.reference, 'sms');
    const code = await receivedCode(h, 'stokn', asked.userId!, 'sms');
    const lastGood = (await history(request.reference)).filter((e) => e.workflowTaskCompletedEventAttributes).at(-1)!;

    // Even with the right code, a client without the key gets no answer: the worker refuses the
    // payload (its workflow task fails); the update is never accepted, so it is not in the history.
    const sent = await run(process.env.TEMPORAL_CLI_FOR_TESTS!, [
      'workflow', 'update', 'execute',
      '--address', h.env.address,
      '--namespace', 'default',
      '--workflow-id', workflowIdFor(request.reference),
      '--name', 'submitOtp',
      '--input', JSON.stringify({ code }),
      '--command-timeout', '10s',
    ]).then(
      () => 'answered',
      () => 'no answer',
    );
    expect(sent).toBe('no answer');
    const events = await history(request.reference);
    expect(events.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);
    expect(events.some((e) => e.workflowTaskFailedEventAttributes)).toBe(true);
    expect((await h.admin.user<{ phoneVerified: boolean }>('stokn', asked.userId!)).phoneVerified).toBe(false);

    // The refused update stays with the run (its task keeps failing) until support resets it.
    await run(process.env.TEMPORAL_CLI_FOR_TESTS!, [
      'workflow', 'reset',
      '--address', h.env.address,
      '--namespace', 'default',
      '--workflow-id', workflowIdFor(request.reference),
      '--event-id', String(lastGood.eventId),
      '--reason', 'drop a plaintext update refused in production mode',
    ]);
    expect((await h.client.submitOtp(request.reference, code)).accepted).toBe(true);
    await h.client.cancel(request.reference);
  });

  /** The message of a failure as stored: its attributes are an encrypted payload (failure converter). */
  async function failureMessage(failure: temporal.api.failure.v1.IFailure): Promise<string> {
    const codec = new EncryptionCodec(loadCodecKeys());
    const [plain] = await codec.decode([failure.encodedAttributes as never]);
    return (JSON.parse(Buffer.from(plain.data!).toString()) as { message: string }).message;
  }
});
