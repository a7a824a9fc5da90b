import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { workflowIdFor } from '../../client/onboarding-client';
import { isProductionMode } from '../../config/mode';
import { eventually, startHarness, type Harness } from '../support/harness';
import { approvedBySupport, awaitedCode, reachStep, receivedCode } from '../support/person';
import { soveraRequest, stoknRequest } from '../support/requests';

const run = promisify(execFile);

/**
 * Production mode end to end: the worker and the client run with the codec that refuses
 * unencrypted payloads (NODE_ENV=production and a real ONBOARDING_CODEC_KEYS, as in production).
 * Real traffic (inputs, signals, updates, queries, activity results) passes; a plaintext signal
 * or update sent with Temporal's own CLI, without the key, is refused without wedging anything.
 */
describe('production mode: the codec refuses plaintext messages (end to end)', () => {
  const saved = {
    NODE_ENV: process.env.NODE_ENV,
    ONBOARDING_CODEC_KEYS: process.env.ONBOARDING_CODEC_KEYS,
    ONBOARDING_SECRETS_KEYS: process.env.ONBOARDING_SECRETS_KEYS,
  };
  let h: Harness;
  beforeAll(async () => {
    process.env.NODE_ENV = 'production';
    process.env.ONBOARDING_CODEC_KEYS = `e2e-production:${randomBytes(32).toString('base64')}`;
    process.env.ONBOARDING_SECRETS_KEYS = `e2e-production:${randomBytes(32).toString('base64')}`;
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
    const stokn = stoknRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes', otpResendCooldown: '0 seconds' } });
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
    await approvedBySupport(h, 'sovera', sovera.reference);

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
    await temporalCli(
      'workflow',
      'signal',
      '--workflow-id',
      workflowIdFor(request.reference),
      '--name',
      'kycDecision',
      '--input',
      JSON.stringify({ decision: 'REJECTED', reason: 'forged by someone without the key', decidedBy: 'intruder' }),
    );

    // The worker decodes it as refused and the workflow ignores it; its task completes normally.
    const signalled = await eventually(async () => {
      const events = await history(request.reference);
      const signal = events.find((e) => e.workflowExecutionSignaledEventAttributes);
      return signal && events.some((e) => e.workflowTaskCompletedEventAttributes && Number(e.eventId) > Number(signal.eventId)) ? events : undefined;
    });
    expect(signalled.filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
    const status = await h.client.status(request.reference);
    expect(status).toMatchObject({ step: 'awaiting-kyc', running: true });
    expect(status.audit.filter((a) => a.action === 'kyc-decision')).toEqual([]);
    expect((await h.admin.user<{ status: string }>('sovera', waiting.userId!)).status).toBe('PENDING');

    // A decision from a holder of the key goes through as usual.
    await approvedBySupport(h, 'sovera', request.reference, 'support-2');
    expect((await h.client.result(request.reference)).status).toBe('completed');
  });

  test('a stock `temporal workflow update` with a plaintext code is rejected at once and leaves no trace; the right code through the client works', async () => {
    const request = stoknRequest();
    await h.client.start(request);
    const asked = await awaitedCode(h, request.reference, 'sms');
    const code = await receivedCode(h, 'stokn', asked.userId!, 'sms');
    const before = (await history(request.reference)).length;

    // Even with the right code, a client without the key is refused by the update's validator.
    const sent = await temporalCli(
      'workflow',
      'update',
      'execute',
      '--workflow-id',
      workflowIdFor(request.reference),
      '--name',
      'submitOtp',
      '--input',
      JSON.stringify({ code }),
    ).then(
      () => 'accepted',
      (err: { stderr?: string }) => err.stderr ?? '',
    );
    expect(sent).toContain('unable to update workflow');
    const events = await history(request.reference);
    expect(events).toHaveLength(before);
    expect((await h.admin.user<{ phoneVerified: boolean }>('stokn', asked.userId!)).phoneVerified).toBe(false);

    expect((await h.client.submitOtp(request.reference, code)).accepted).toBe(true);
    await h.client.cancel(request.reference);
  });

  function temporalCli(...args: string[]) {
    return run(process.env.TEMPORAL_CLI_FOR_TESTS!, [...args, '--address', h.env.address, '--namespace', 'default', '--command-timeout', '20s']);
  }
});
