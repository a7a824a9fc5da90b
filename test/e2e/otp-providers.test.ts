import { startHarness, type Harness } from '../support/harness';
import { sfoxCorporationRequest, sfoxIndividualRequest, stoknRequest, sumvinRequest } from '../support/requests';
import { awaitedCode, enterAllCodes, reachStep, receivedCode, wrongCode } from '../support/person';
import { usersOfPerson } from '../support/provider-people';
import { InvalidOnboardingMessage, OnboardingRefused } from '../../client/onboarding-client';
import { isChecksumAddress, isBitcoinTestnetAddress } from '../../dev/sandbox/addresses';
import { activityCompleted } from '../support/history';
import { workflowIdFor } from '../../client/onboarding-client';

/**
 * Stokn, sFOX (both account types) and Sumvin end to end: OTP, KYC, holder, deposit address.
 * Sumvin's Safe takes an hour here: each test that needs it ends its creation through the
 * sandbox's admin route, at the moment the test chooses.
 */
describe('OTP providers (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { sumvin: { safeCreationMs: 3_600_000 } }, cache: 'none' });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(async () => {
    await h.admin.clearFaults();
  });

  async function completeKyc(provider: string, reference: string) {
    const waiting = await reachStep(h, reference, 'awaiting-kyc');
    await h.admin.decideKyc(provider, waiting.userId!, 'VERIFIED');
    return waiting;
  }

  test('Stokn: a wrong then a right SMS code, KYC at the identification URL, a TRADING portfolio and its address', async () => {
    const request = stoknRequest();
    await h.client.start(request);
    const asked = await awaitedCode(h, request.reference, 'sms');
    expect(asked.nextAction).toContain('enter the sms code');
    const code = await receivedCode(h, 'stokn', asked.userId!, 'sms');
    expect(code).toMatch(/^\d{4}$/);
    const wrong = await h.client.submitOtp(request.reference, wrongCode(code));
    expect(wrong).toMatchObject({ accepted: false, reason: 'wrong-code', attemptsLeft: 4 });
    expect(await h.client.submitOtp(request.reference, code)).toMatchObject({ accepted: true, channel: 'sms' });

    const waiting = await completeKyc('stokn', request.reference);
    expect(waiting.kyc?.identificationUrl).toMatch(/^https?:\/\//);
    expect(waiting.nextAction).toContain(waiting.kyc!.identificationUrl!);
    const outcome = await h.client.result(request.reference);
    expect(outcome.status).toBe('completed');
    if (outcome.status !== 'completed') return;
    expect(outcome.result.holder.kind).toBe('portfolio');
    expect(isBitcoinTestnetAddress(outcome.result.deposit.address)).toBe(true);
  });

  test('sFOX individual: the email code sent at registration, then the SMS code, then VERIFIED', async () => {
    const request = sfoxIndividualRequest();
    await h.client.start(request);
    expect(await enterAllCodes(h, 'sfox', request.reference)).toEqual(['email', 'sms']);
    await completeKyc('sfox', request.reference);
    const outcome = await h.client.result(request.reference);
    expect(outcome.status).toBe('completed');
    if (outcome.status !== 'completed') return;
    expect(outcome.result.holder.kind).toBe('account');
    expect(isBitcoinTestnetAddress(outcome.result.deposit.address)).toBe(true);
  });

  test('sFOX corporation: the email code only, then VERIFIED', async () => {
    const request = sfoxCorporationRequest();
    await h.client.start(request);
    expect(await enterAllCodes(h, 'sfox', request.reference)).toEqual(['email']);
    await completeKyc('sfox', request.reference);
    const outcome = await h.client.result(request.reference);
    expect(outcome.status).toBe('completed');
  });

  test('Sumvin: SMS code, KYC applicant with an app token, the Safe polled until completed', async () => {
    const request = sumvinRequest(await h.admin.userJwt('sumvin', `person-${Date.now()}`));
    await h.client.start(request);
    expect(await enterAllCodes(h, 'sumvin', request.reference)).toEqual(['sms']);
    await reachStep(h, request.reference, 'awaiting-kyc');
    // The app token is minted when asked (600 s at Sumvin) and never kept by the workflow.
    const first = await h.client.issueKycAccess(request.reference);
    const second = await h.client.issueKycAccess(request.reference);
    expect(first.accessToken?.secret).toBeTruthy();
    expect(second.accessToken?.secret).not.toBe(first.accessToken?.secret);
    expect(JSON.stringify(await h.client.status(request.reference))).not.toContain(first.accessToken!.secret);
    const waiting = await completeKyc('sumvin', request.reference);
    // The Safe is still being created after KYC: the workflow polls it until the provider is done.
    await activityCompleted(h.env.client, workflowIdFor(request.reference), 'getHolder');
    expect((await h.client.status(request.reference)).step).toBe('creating-holder');
    await h.admin.sumvinSafe(waiting.userId!, 'completed');
    const outcome = await h.client.result(request.reference);
    expect(outcome.status).toBe('completed');
    if (outcome.status !== 'completed') return;
    expect(outcome.result.holder.kind).toBe('safe');
    expect(isChecksumAddress(outcome.result.deposit.address)).toBe(true);
  });

  test('Stokn: an expired access token is refreshed and the onboarding goes on', async () => {
    const request = stoknRequest();
    await h.client.start(request);
    await enterAllCodes(h, 'stokn', request.reference);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.expireTokens('stokn', waiting.userId!);
    const refreshesBefore = (await h.admin.requests('stokn', 'POST /v1/user/refresh')).length;
    await h.admin.decideKyc('stokn', waiting.userId!, 'VERIFIED');
    expect((await h.client.result(request.reference)).status).toBe('completed');
    expect((await h.admin.requests('stokn', 'POST /v1/user/refresh')).length).toBe(refreshesBefore + 1);
  });

  test('sFOX: cancelling an onboarding deactivates the account it created', async () => {
    const request = sfoxIndividualRequest();
    await h.client.start(request);
    await enterAllCodes(h, 'sfox', request.reference);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.client.cancel(request.reference);
    const outcome = await h.client.result(request.reference);
    expect(outcome.status).toBe('failed');
    const account = await h.admin.user<{ deactivated: boolean }>('sfox', waiting.userId!);
    expect(account.deactivated).toBe(true);
    const status = await h.client.status(request.reference);
    expect(status.timeline.map((t) => t.step)).toContain('compensating');
    expect(status.failure?.type).toBe('OnboardingCancelled');
  });

  test('an expired code is refused, a resend brings a new one that works', async () => {
    const request = sfoxIndividualRequest({ accountType: 'individual' });
    await h.client.start(request);
    const asked = await awaitedCode(h, request.reference, 'email');
    const first = await receivedCode(h, 'sfox', asked.userId!, 'email');
    await h.admin.expireSfoxOtp(asked.userId!);
    expect(await h.client.submitOtp(request.reference, first)).toMatchObject({ accepted: false, reason: 'expired' });
    const sent = await h.client.resendOtp(request.reference);
    expect(sent.channel).toBe('email');
    const second = await receivedCode(h, 'sfox', asked.userId!, 'email');
    expect(second).not.toBe(first);
    expect(await h.client.submitOtp(request.reference, second)).toMatchObject({ accepted: true });
    await h.client.cancel(request.reference);
  });

  test('a malformed code is refused by the validator and leaves no trace in history', async () => {
    const request = stoknRequest();
    await h.client.start(request);
    await awaitedCode(h, request.reference, 'sms');
    const before = (await h.env.client.workflow.getHandle(`onboarding-${request.reference}`).fetchHistory()).events!.length;
    // The client refuses what is not a code at all; the workflow's validator, Stokn's length (4 digits).
    await expect(h.client.submitOtp(request.reference, '12ab')).rejects.toBeInstanceOf(InvalidOnboardingMessage);
    await expect(h.client.submitOtp(request.reference, '123456')).rejects.toBeInstanceOf(OnboardingRefused);
    const after = (await h.env.client.workflow.getHandle(`onboarding-${request.reference}`).fetchHistory()).events!.length;
    expect(after).toBe(before);
    await h.client.cancel(request.reference);
  });

  test("at the provider's own limit of wrong codes a new code is issued, within ours", async () => {
    const request = stoknRequest(); // Stokn kills a challenge after 3 wrong codes; our limit is 5
    await h.client.start(request);
    const asked = await awaitedCode(h, request.reference, 'sms');
    const first = await receivedCode(h, 'stokn', asked.userId!, 'sms');
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await h.client.submitOtp(request.reference, wrongCode(first)));
    expect(answers.map((a) => !a.accepted && a.attemptsLeft)).toEqual([4, 3, 2]);
    expect(answers[2]).toMatchObject({ accepted: false, reissued: true });
    const second = await receivedCode(h, 'stokn', asked.userId!, 'sms');
    expect((await h.admin.outbox({ provider: 'stokn', userId: asked.userId! })).length).toBe(2);
    expect(await h.client.submitOtp(request.reference, second)).toMatchObject({ accepted: true });
    await h.client.cancel(request.reference);
  });

  test('too many wrong codes end the onboarding with a clear reason', async () => {
    const request = sumvinRequest(await h.admin.userJwt('sumvin', `wrong-${Date.now()}`), {
      wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes', otpMaxAttempts: 2 },
    });
    await h.client.start(request);
    const asked = await awaitedCode(h, request.reference, 'sms');
    const code = await receivedCode(h, 'sumvin', asked.userId!, 'sms');
    expect(await h.client.submitOtp(request.reference, wrongCode(code))).toMatchObject({ accepted: false, attemptsLeft: 1 });
    expect(await h.client.submitOtp(request.reference, wrongCode(code))).toMatchObject({ accepted: false, attemptsLeft: 0 });
    const outcome = await h.client.result(request.reference);
    expect(outcome).toMatchObject({ status: 'failed', type: 'OtpAttemptsExhausted' });
  });

  test.each(['stokn', 'sfox', 'sumvin'] as const)('%s: KYC rejected by the provider ends the onboarding', async (provider) => {
    const request =
      provider === 'stokn'
        ? stoknRequest()
        : provider === 'sfox'
          ? sfoxIndividualRequest()
          : sumvinRequest(await h.admin.userJwt('sumvin', `rej-${Date.now()}`));
    await h.client.start(request);
    await enterAllCodes(h, provider, request.reference);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.decideKyc(provider, waiting.userId!, 'REJECTED');
    expect(await h.client.result(request.reference)).toMatchObject({ status: 'failed', type: 'KycRejected' });
  });

  test('Sumvin: an expired JWT pauses the onboarding until the backend supplies a fresh one', async () => {
    const subject = `expiring-${Date.now()}`;
    const request = sumvinRequest(await h.admin.userJwt('sumvin', subject, 3600));
    await h.client.start(request);
    await enterAllCodes(h, 'sumvin', request.reference);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.advanceClock(2 * 3_600_000); // the person's JWT is now two hours past its expiry
    const paused = await reachStep(h, request.reference, 'awaiting-credential');
    expect(paused.nextAction).toContain('fresh credential');
    await h.client.supplyCredential(request.reference, await h.admin.userJwt('sumvin', subject, 3600));
    await h.admin.sumvinSafe(waiting.userId!, 'completed');
    await completeKyc('sumvin', request.reference);
    expect((await h.client.result(request.reference)).status).toBe('completed');
  });

  test('Sumvin: a Safe that fails to be created ends the onboarding clearly', async () => {
    const request = sumvinRequest(await h.admin.userJwt('sumvin', `safe-${Date.now()}`));
    await h.client.start(request);
    await enterAllCodes(h, 'sumvin', request.reference);
    const waiting = await completeKyc('sumvin', request.reference);
    await h.admin.sumvinSafe(waiting.userId!, 'failed');
    expect(await h.client.result(request.reference)).toMatchObject({ status: 'failed', type: 'HolderCreationFailed' });
  });

  // A lost answer of Stokn's sign-up cannot be recovered through anything Stokn documents: it
  // stops for support (ProviderOutcomeUnknown), proven in providers/stokn/adapter.test.ts.
  test('lost responses on every recoverable creating call leave no duplicate at any provider', async () => {
    for (const route of ['POST /v1/account/portfolio']) await h.admin.fault({ provider: 'stokn', route, drops: 1 });
    for (const route of ['POST /v1/enterprise/register-account', 'POST /v1/user/deposit/address/:currency']) {
      await h.admin.fault({ provider: 'sfox', route, drops: 1 });
    }
    for (const route of ['POST /v0/user/', 'POST /v0/kyc/applicant']) await h.admin.fault({ provider: 'sumvin', route, drops: 1 });
    const requests = [stoknRequest(), sfoxIndividualRequest(), sumvinRequest(await h.admin.userJwt('sumvin', `lost-${Date.now()}`))];
    for (const r of requests) await h.client.start(r);
    for (const r of requests) {
      await enterAllCodes(h, r.provider, r.reference);
      const waiting = await completeKyc(r.provider, r.reference);
      if (r.provider === 'sumvin') await h.admin.sumvinSafe(waiting.userId!, 'completed');
    }
    for (const r of requests) {
      const outcome = await h.client.result(r.reference);
      expect(outcome.status).toBe('completed');
      // One user for the person, found by their email (or JWT subject): the one the onboarding reports.
      expect(await usersOfPerson(h.admin, r)).toEqual([outcome.status === 'completed' ? outcome.result.userId : 'none']);
    }
    const drops = (await h.admin.requests('stokn')).concat(await h.admin.requests('sfox'), await h.admin.requests('sumvin'));
    expect(drops.filter((d) => d.outcome === 'dropped-after-commit')).toHaveLength(5);
    const stokn = await h.admin.user<{ portfolios: unknown[] }>('stokn', (await h.client.status(requests[0].reference)).userId!);
    expect(stokn.portfolios).toHaveLength(1);
  });
});
