import { OnboardingRefused } from '../../client/onboarding-client';
import { eventually, startHarness, type Harness } from '../support/harness';
import { awaitedCode, receivedCode } from '../support/person';
import { stoknRequest } from '../support/requests';

/**
 * The workflow's own expiry timer, with a first code that lives three seconds at the provider.
 * The test waits for the status to say "expired" before it acts, and the code sent after that
 * lives longer than the test, so no step races a lifetime.
 */
describe('OTP expiry (end to end)', () => {
  let h: Harness;
  const stokn = { otpTtlMs: 3_000 };
  beforeAll(async () => {
    h = await startHarness({ sandbox: { stokn }, cache: 'none' });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('the expiry timer marks the code expired; the old code is refused; a resend brings one that works', async () => {
    const request = stoknRequest();
    await h.client.start(request);
    const asked = await awaitedCode(h, request.reference, 'sms');
    const first = await receivedCode(h, 'stokn', asked.userId!, 'sms');
    const expired = await eventually(
      async () => {
        const s = await h.client.status(request.reference);
        return s.otp?.expired ? s : undefined;
      },
      10_000,
      'the code to expire',
    );
    expect(expired.nextAction).toContain('expired');
    await expect(h.client.submitOtp(request.reference, first)).rejects.toThrow(OnboardingRefused);

    stokn.otpTtlMs = 10 * 60_000; // the sandbox reads it at each login
    await h.client.resendOtp(request.reference);
    const second = await receivedCode(h, 'stokn', asked.userId!, 'sms');
    expect(second).not.toBe(first);
    expect(await h.client.submitOtp(request.reference, second)).toMatchObject({ accepted: true, channel: 'sms' });
    await eventually(async () => ((await h.client.status(request.reference)).step === 'awaiting-kyc' ? true : undefined));
    await h.client.cancel(request.reference);
  });
});
