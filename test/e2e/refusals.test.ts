import { WorkflowUpdateFailedError } from '@temporalio/client';
import { InvalidOnboardingMessage, OnboardingRefused, workflowIdFor } from '../../client/onboarding-client';
import { reveal } from '../../domain/secret';
import { resolveSupportUpdate, type SupportResolution } from '../../workflows/definitions';
import { startHarness, type Harness } from '../support/harness';
import { awaitedCode, enterAllCodes, reachStep } from '../support/person';
import { usersOfPerson } from '../support/provider-people';
import { soveraRequest, stoknRequest, sumvinRequest } from '../support/requests';

/**
 * Where the onboarding says "no", on the real dev server: support answers that do not fit, messages
 * nothing waits for, and the audit trail of who asked for what. Each refusal is the specific one.
 */
describe('refusals and the audit trail (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(async () => {
    await h.admin.clearFaults();
  });

  const hourly = { kycPollInterval: '1 hour', kycDeadline: '2 hours' };
  const refusal = (call: Promise<unknown>) =>
    call.then(
      () => undefined,
      (err: unknown) => err,
    );
  const refusedWith = async (call: Promise<unknown>, message: string) => {
    const err = await refusal(call);
    expect(err).toBeInstanceOf(OnboardingRefused);
    expect((err as Error).message).toBe(message);
  };

  /** A Stokn onboarding whose sign-up answer is lost: it waits for support with the check to make. */
  async function waitingForSupport(wait: Record<string, string> = hourly) {
    await h.admin.fault({ provider: 'stokn', route: 'POST /v1/user/sign-up', drops: 1 });
    const request = stoknRequest({ wait });
    await h.client.start(request);
    return { request, status: await reachStep(h, request.reference, 'awaiting-support') };
  }

  test('resolveSupport when nothing waits for support is refused, and so is a code when none is awaited', async () => {
    const request = soveraRequest({ wait: hourly });
    await h.client.start(request);
    await enterAllCodes(h, 'sovera', request.reference);
    await reachStep(h, request.reference, 'awaiting-kyc');
    await refusedWith(h.client.resolveSupport(request.reference, { decision: 'retry' }), 'the onboarding is not waiting for support');
    await refusedWith(h.client.submitOtp(request.reference, '123456'), 'no code is awaited now');
    // Sovera starts no KYC of its own: there is nothing to issue access to.
    await refusedWith(h.client.issueKycAccess(request.reference), 'no KYC is open for the person now');
    // Refused messages leave nothing in the audit trail.
    expect((await h.client.status(request.reference)).audit.map((a) => a.action)).toEqual(['started']);
    await h.client.cancel(request.reference);
  });

  test('"found" without the ids the check needs, and a malformed answer, are refused; the onboarding still waits', async () => {
    const { request, status } = await waitingForSupport();
    expect(status.support?.needs).toEqual(['userId', 'accountId']);
    await refusedWith(h.client.resolveSupport(request.reference, { decision: 'found', userId: 'u-1' }), '"found" needs accountId');
    // The client refuses a malformed answer before sending it, naming the field.
    const malformed = await refusal(h.client.resolveSupport(request.reference, { decision: 'maybe' } as unknown as SupportResolution));
    expect(malformed).toBeInstanceOf(InvalidOnboardingMessage);
    expect((malformed as InvalidOnboardingMessage).issues.map((i) => i.field)).toContain('decision');
    // Sent around the client, the workflow's own validator refuses it.
    const raw = await refusal(
      h.env.client.workflow
        .getHandle(workflowIdFor(request.reference))
        .executeUpdate(resolveSupportUpdate, { args: [{ decision: 'maybe' } as unknown as SupportResolution] }),
    );
    expect(raw).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((await h.client.status(request.reference)).step).toBe('awaiting-support');
    await h.client.cancel(request.reference);
  });

  test('"retry" makes the call again: a user that did get created is then refused by Stokn, and the onboarding fails on that conflict, with one user', async () => {
    const { request } = await waitingForSupport();
    const before = (await h.admin.requests('stokn', 'POST /v1/user/sign-up')).length;
    expect(await h.client.resolveSupport(request.reference, { decision: 'retry' }, { id: 'support-4', role: 'support' })).toEqual({ resumed: true });
    const outcome = await h.client.result(request.reference);
    expect(outcome).toMatchObject({ status: 'failed', type: 'ProviderConflict' });
    expect((await h.admin.requests('stokn', 'POST /v1/user/sign-up')).length).toBe(before + 1);
    expect(await usersOfPerson(h.admin, request)).toHaveLength(1);
    const audit = (await h.client.status(request.reference)).audit.filter((a) => a.action === 'support-resolution');
    expect(audit.map((a) => [a.detail, a.actor?.id])).toEqual([['retry', 'support-4']]);
  });

  test('support that does not answer before the onboarding deadline ends it, saying so', async () => {
    const { request } = await waitingForSupport({ kycPollInterval: '1 second', kycDeadline: '5 seconds' });
    const outcome = await h.client.result(request.reference);
    expect(outcome).toMatchObject({ status: 'failed', type: 'ProviderOutcomeUnknown' });
    expect(outcome.status === 'failed' ? outcome.message : '').toContain('support did not resolve createUser before the onboarding deadline');
  });

  test('the audit trail names who cancelled, and who had KYC access issued; access is refused before KYC opens', async () => {
    const subject = `refusals-${Date.now()}`;
    const request = sumvinRequest(await h.admin.userJwt('sumvin', subject), { wait: hourly });
    await h.client.start(request);
    await awaitedCode(h, request.reference, 'sms');
    await refusedWith(h.client.issueKycAccess(request.reference), 'no KYC is open for the person now');
    await enterAllCodes(h, 'sumvin', request.reference);
    await reachStep(h, request.reference, 'awaiting-kyc');
    const access = await h.client.issueKycAccess(request.reference, { id: 'app-backend', role: 'backend' });
    const token = reveal(access.accessToken!);
    expect(token.length).toBeGreaterThan(10);
    await h.client.cancel(request.reference, { id: 'support-7', role: 'support' }, 'the person asked to stop');
    const audit = (await h.client.status(request.reference)).audit;
    expect(audit.find((a) => a.action === 'kyc-access-issued')).toMatchObject({ actor: { id: 'app-backend', role: 'backend' } });
    expect(audit.find((a) => a.action === 'cancel-requested')).toMatchObject({
      actor: { id: 'support-7', role: 'support' },
      detail: 'the person asked to stop',
    });
    // The token itself is never in the audit trail.
    expect(JSON.stringify(audit)).not.toContain(token);
  });
});
