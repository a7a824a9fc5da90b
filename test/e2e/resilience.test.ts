import { OnboardingRefused, workflowIdFor } from '../../client/onboarding-client';
import { needsActionKey } from '../../workflows/search-attributes';
import { eventually, startHarness, type Harness } from '../support/harness';
import { awaitedCode, enterAllCodes, reachStep, receivedCode } from '../support/person';
import { soveraRequest, sumvinRequest } from '../support/requests';

/**
 * An onboarding that lives for weeks meets expired credentials and a provider that answers
 * badly now and then; none of it may end the onboarding or hang a person's request.
 */
describe('resilience of a long onboarding (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { sumvin: { safeCreationMs: 3_600_000 } } });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(async () => {
    await h.admin.clearFaults();
  });

  const hour = 3_600_000;
  const needsAction = async (reference: string) =>
    (await h.env.client.workflow.getHandle(workflowIdFor(reference)).describe()).typedSearchAttributes.get(needsActionKey);

  test('a fresh JWT supplied before the old one expires is kept and used: no pause', async () => {
    const subject = `early-${Date.now()}`;
    const request = sumvinRequest(await h.admin.userJwt('sumvin', subject, 3600));
    await h.client.start(request);
    await enterAllCodes(h, 'sumvin', request.reference);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.client.supplyCredential(request.reference, await h.admin.userJwt('sumvin', subject, 24 * 3600));
    await eventually(async () => ((await h.client.status(request.reference)).audit.some((a) => a.action === 'credential-supplied') ? true : undefined));
    await h.admin.advanceClock(2 * hour); // the first JWT has now expired; the supplied one has not
    await h.admin.sumvinSafe(waiting.userId!, 'completed');
    await h.admin.decideKyc('sumvin', waiting.userId!, 'VERIFIED');
    expect((await h.client.result(request.reference)).status).toBe('completed');
    const steps = (await h.client.status(request.reference)).timeline.map((t) => t.step);
    expect(steps).not.toContain('awaiting-credential');
  });

  test('a JWT that expires while a code is checked answers the person at once; the backend supplies a new one and the person goes on', async () => {
    const subject = `mid-otp-${Date.now()}`;
    const request = sumvinRequest(await h.admin.userJwt('sumvin', subject, 3600), {
      wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes', otpResendCooldown: '0 seconds' },
    });
    await h.client.start(request);
    const asked = await awaitedCode(h, request.reference, 'sms');
    const code = await receivedCode(h, 'sumvin', asked.userId!, 'sms');
    await h.admin.advanceClock(2 * hour);
    const refused = await h.client.submitOtp(request.reference, code).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(OnboardingRefused);
    expect((refused as Error).message).toContain('credential expired');
    const paused = await reachStep(h, request.reference, 'awaiting-credential');
    expect(paused.needsAction).toBe('credential');
    await h.client.supplyCredential(request.reference, await h.admin.userJwt('sumvin', subject, 3600));
    await reachStep(h, request.reference, 'verifying-contact');
    await h.client.resendOtp(request.reference); // the first code died with the sandbox's two hours
    expect(await h.client.submitOtp(request.reference, await receivedCode(h, 'sumvin', asked.userId!, 'sms'))).toMatchObject({ accepted: true });
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.client.cancel(request.reference);
    expect(waiting.userId).toBe(asked.userId);
  });

  test.each([
    ['a refused partner key (401)', { failures: 100_000, failureStatus: 401 }, 'ProviderAuth'],
    ['a 404', { failures: 100_000, failureStatus: 404 }, 'ProviderNotFound'],
    ['an answer of no documented shape', { answers: 100_000, answerStatus: 200, answerBody: { unexpected: true } }, 'InvalidProviderResponse'],
  ])('%s on the KYC polls alerts support and keeps waiting; the next good poll clears it', async (_what, fault, type) => {
    const request = soveraRequest();
    await h.client.start(request);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.fault({ provider: 'sovera', route: 'GET /users/:userId', ...fault });
    const alerted = await eventually(async () => {
      const s = await h.client.status(request.reference);
      return s.alert ? s : undefined;
    });
    expect(alerted).toMatchObject({ step: 'awaiting-kyc', needsAction: 'support', alert: { type } });
    expect(alerted.nextAction).toContain('support');
    expect(await needsAction(request.reference)).toBe('support');

    await h.admin.clearFaults();
    await eventually(async () => ((await h.client.status(request.reference)).alert ? undefined : true));
    expect(await needsAction(request.reference)).toBe('kyc');
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    expect((await h.client.result(request.reference)).status).toBe('completed');
  });
});
