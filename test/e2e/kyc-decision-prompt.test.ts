import { eventually, startHarness, type Harness } from '../support/harness';
import { activityCompleted } from '../support/history';
import { enterAllCodes, reachStep } from '../support/person';
import { stoknRequest } from '../support/requests';
import { workflowIdFor } from '../../client/onboarding-client';

/**
 * Support's KYC decision is acted on at once: it makes the onboarding ask the provider now, not
 * at the next poll (an hour away here), and a VERIFIED claim is believed only when the provider
 * confirms it. Claims end with KYC. A worker with no cache: every task replays the history.
 */
describe('a support KYC decision (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ cache: 'none' });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Waiting for KYC after its first poll: only a decision can make it ask the provider again within the test. */
  async function polledOnce(): Promise<{ reference: string; userId: string }> {
    const request = stoknRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    await enterAllCodes(h, 'stokn', request.reference);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await activityCompleted(h.env.client, workflowIdFor(request.reference), 'getKycStatus');
    return { reference: request.reference, userId: waiting.userId! };
  }

  const claimsOf = async (reference: string) => {
    const { kyc } = await h.client.status(reference);
    return { pendingClaim: kyc?.pendingClaim, unconfirmedClaim: kyc?.unconfirmedClaim };
  };

  test('a VERIFIED decision the provider confirms completes the onboarding now, and leaves no claim behind', async () => {
    const { reference, userId } = await polledOnce();
    await h.admin.decideKyc('stokn', userId, 'VERIFIED');
    await h.client.decideKyc(reference, { decision: 'VERIFIED', decidedBy: 'agent-7' });

    const done = await reachStep(h, reference, 'completed');
    expect(done.kyc).toMatchObject({ providerStatus: expect.any(String), checks: 2 });
    expect(await claimsOf(reference)).toEqual({ pendingClaim: undefined, unconfirmedClaim: undefined });
  });

  test('a VERIFIED decision the provider does not confirm waits for its confirmation, in words; a later confirmed one completes it', async () => {
    const { reference, userId } = await polledOnce();
    await h.client.decideKyc(reference, { decision: 'VERIFIED', decidedBy: 'agent-7' });

    const unconfirmed = await eventually(
      async () => {
        const s = await h.client.status(reference);
        return s.kyc?.unconfirmedClaim ? s : undefined;
      },
      30_000,
      'the claim checked at the provider',
    );
    expect(unconfirmed.step).toBe('awaiting-kyc');
    expect(unconfirmed.kyc).toMatchObject({ checks: 2, unconfirmedClaim: expect.stringContaining('agent-7') });
    expect(unconfirmed.kyc?.pendingClaim).toBeUndefined();
    expect(unconfirmed.nextAction).toContain("waits for the provider's confirmation");
    expect(unconfirmed.nextAction).toContain(`checked again at ${new Date(Date.parse(unconfirmed.kyc!.lastCheckedAt!) + 3_600_000).toISOString()}`);

    // The provider now agrees; support's second word is checked at once and replaces the first claim.
    await h.admin.decideKyc('stokn', userId, 'VERIFIED');
    await h.client.decideKyc(reference, { decision: 'VERIFIED', decidedBy: 'agent-8' });
    const done = await reachStep(h, reference, 'completed');
    expect(done.kyc?.checks).toBe(3);
    expect(await claimsOf(reference)).toEqual({ pendingClaim: undefined, unconfirmedClaim: undefined });
    expect(done.audit.filter((a) => a.action === 'kyc-decision').map((a) => a.actor?.id)).toEqual(['agent-7', 'agent-8']);
  });

  test('a rejection settles KYC too: the failed onboarding shows no claim', async () => {
    const { reference } = await polledOnce();
    await h.client.decideKyc(reference, { decision: 'VERIFIED', decidedBy: 'agent-7' });
    await eventually(async () => ((await claimsOf(reference)).unconfirmedClaim ? true : undefined), 30_000, 'the claim checked at the provider');
    await h.client.decideKyc(reference, { decision: 'REJECTED', reason: 'document forged', decidedBy: 'agent-8' });

    const failed = await reachStep(h, reference, 'failed');
    expect(failed.failure).toMatchObject({ type: 'KycRejected' });
    expect(await claimsOf(reference)).toEqual({ pendingClaim: undefined, unconfirmedClaim: undefined });
  });
});
