import { OnboardingRefused, workflowIdFor } from '../../client/onboarding-client';
import { kycDecisionSignal, submitOtpUpdate } from '../../workflows/definitions';
import { eventually, startHarness, type Harness } from '../support/harness';
import { awaitedCode, receivedCode } from '../support/person';
import { soveraRequest, stoknRequest } from '../support/requests';
import { reachStep } from '../support/person';

/**
 * What people send an onboarding after it started: OTP submits and resends (limited, spaced
 * out, one at a time, so a flood of requests cannot grow the history or supersede a code) and
 * messages checked by the workflow itself, whoever sends them.
 */
describe('messages to an onboarding (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    // A cached worker, as in production: the flood test measures how much history refused updates
    // cost, which a worker replaying every task (slower tasks, more of them) would not show.
    // The same messages run with no cache in otp-providers, otp-expiry and lost-answers.
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const handle = (reference: string) => h.env.client.workflow.getHandle(workflowIdFor(reference));
  const historyLength = async (reference: string) => (await handle(reference).fetchHistory()).events!.length;
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (err: unknown) => err as Error,
    );

  test('a new code waits for the cooldown while the current one is alive', async () => {
    const request = stoknRequest(); // default cooldown: 30 seconds
    await h.client.start(request);
    const asked = await awaitedCode(h, request.reference, 'sms');
    expect(asked.otp?.nextResendAt).toBeDefined();
    const refused = await refusal(h.client.resendOtp(request.reference));
    expect(refused).toBeInstanceOf(OnboardingRefused);
    expect(refused?.message).toContain('a new code can be sent from');
    expect(await h.admin.outbox({ provider: 'stokn', userId: asked.userId! })).toHaveLength(1);
    await h.client.cancel(request.reference);
  });

  test('resends are limited per channel, and the status counts what is left', async () => {
    const request = stoknRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes', otpResendCooldown: '0 seconds', otpMaxResends: 2 } });
    await h.client.start(request);
    const asked = await awaitedCode(h, request.reference, 'sms');
    expect(asked.otp?.resendsLeft).toBe(2);
    expect((await h.client.resendOtp(request.reference)).resendsLeft).toBe(1);
    expect((await h.client.resendOtp(request.reference)).resendsLeft).toBe(0);
    const refused = await refusal(h.client.resendOtp(request.reference));
    expect(refused?.message).toContain('no more new codes');
    expect((await h.client.status(request.reference)).otp?.resendsLeft).toBe(0);
    // The last code sent is the one that works.
    const code = await receivedCode(h, 'stokn', asked.userId!, 'sms');
    expect(await h.client.submitOtp(request.reference, code)).toMatchObject({ accepted: true });
    await h.client.cancel(request.reference);
  });

  test('a flood of resends and submits at once: one runs at a time, the latest code works, the history stays small', async () => {
    const request = stoknRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes', otpResendCooldown: '0 seconds', otpMaxResends: 5 } });
    await h.client.start(request);
    const asked = await awaitedCode(h, request.reference, 'sms');
    const before = await historyLength(request.reference);
    const flood = await Promise.allSettled(Array.from({ length: 60 }, () => h.client.resendOtp(request.reference)));
    const accepted = flood.filter((r) => r.status === 'fulfilled').length;
    expect(accepted).toBeGreaterThanOrEqual(1);
    expect(accepted).toBeLessThanOrEqual(5);
    expect(flood.filter((r) => r.status === 'rejected' && !(r.reason instanceof OnboardingRefused))).toEqual([]);
    // An accepted resend costs an update, an activity, their workflow tasks and a new expiry timer
    // (14 to 17 events as tasks batch); a refused one leaves nothing. Sixty requests cost at most
    // what the five allowed resends do.
    expect((await historyLength(request.reference)) - before).toBeLessThanOrEqual(5 * 20);
    const sms = await h.admin.outbox({ provider: 'stokn', userId: asked.userId!, channel: 'sms' });
    expect(sms).toHaveLength(1 + accepted);
    expect(await h.client.submitOtp(request.reference, sms.at(-1)!.code)).toMatchObject({ accepted: true });
    await h.client.cancel(request.reference);
  });

  test('an update the workflow cannot accept is refused by its validator and leaves no trace', async () => {
    const request = stoknRequest();
    await h.client.start(request);
    const asked = await awaitedCode(h, request.reference, 'sms');
    const code = await receivedCode(h, 'stokn', asked.userId!, 'sms');
    const before = await historyLength(request.reference);
    // Around the client, as anyone holding the codec key could: an unknown field.
    const raw = handle(request.reference).executeUpdate(submitOtpUpdate, { args: [{ code, extra: 'x' } as never] });
    await expect(raw).rejects.toMatchObject({ cause: { message: expect.stringMatching(/unrecognized key/i) } });
    expect(await historyLength(request.reference)).toBe(before);
    await h.client.cancel(request.reference);
  });

  test('a malformed KYC decision signal is ignored; a well-formed one is acted on', async () => {
    const request = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    await reachStep(h, request.reference, 'awaiting-kyc');
    // A rejection whose reason would put 600 characters into a failure message.
    await handle(request.reference).signal(kycDecisionSignal, { decision: 'REJECTED', reason: 'x'.repeat(600) });
    await eventually(async () => {
      const events = (await handle(request.reference).fetchHistory()).events!;
      const signalled = events.findIndex((e) => e.workflowExecutionSignaledEventAttributes);
      return signalled >= 0 && events.slice(signalled).some((e) => e.workflowTaskCompletedEventAttributes) ? true : undefined;
    });
    const status = await h.client.status(request.reference);
    expect(status.step).toBe('awaiting-kyc');
    expect(status.audit.filter((a) => a.action === 'kyc-decision')).toHaveLength(0);
    await h.client.decideKyc(request.reference, { decision: 'REJECTED', reason: 'document forged', decidedBy: 'agent-9' });
    expect(await h.client.result(request.reference)).toMatchObject({ status: 'failed', type: 'KycRejected' });
    const audit = (await h.client.status(request.reference)).audit;
    expect(audit.find((a) => a.action === 'kyc-decision')).toMatchObject({ actor: { id: 'agent-9', role: 'support' }, detail: 'REJECTED' });
  });
});
