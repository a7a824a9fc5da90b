import { startHarness, type Harness } from '../support/harness';
import { soveraRequest, sumvinRequest } from '../support/requests';
import { enterAllCodes, reachStep } from '../support/person';
import { eventually } from '../support/harness';
import { auditLimit, timelineLimit } from '../../workflows/state';

/** Smaller day-2 defects, each on the real dev server: an expired JWT at the first call, a long audit trail. */
describe('day-2 details (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  test("Sumvin: the person's JWT expired before the user is created: the onboarding waits for a fresh one, then goes on", async () => {
    const subject = `expired-at-create-${Date.now()}`;
    const request = sumvinRequest(await h.admin.userJwt('sumvin', subject, -60));
    await h.client.start(request);
    const waiting = await reachStep(h, request.reference, 'awaiting-credential');
    expect(waiting.needsAction).toBe('credential');
    await h.client.supplyCredential(request.reference, await h.admin.userJwt('sumvin', subject, 3600));
    expect(await enterAllCodes(h, 'sumvin', request.reference)).toEqual(['sms']);
    const atKyc = await reachStep(h, request.reference, 'awaiting-kyc');
    expect(atKyc.timeline.map((t) => t.step).slice(0, 3)).toEqual(['creating-user', 'awaiting-credential', 'creating-user']);
  });

  test('a long audit trail keeps who started the onboarding and the latest entries', async () => {
    const request = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request, { actor: { id: 'backend-7', role: 'backend' } });
    await reachStep(h, request.reference, 'awaiting-kyc');
    const claims = auditLimit + 20;
    for (let i = 0; i < claims; i++) await h.client.decideKyc(request.reference, { decision: 'VERIFIED', decidedBy: `agent-${i}` });
    const audit = await eventually(
      async () => {
        const s = await h.client.status(request.reference);
        return s.audit.at(-1)?.actor?.id === `agent-${claims - 1}` ? s.audit : undefined;
      },
      60_000,
      'the last claim in the audit trail',
    );
    expect(audit).toHaveLength(auditLimit);
    expect(audit[0]).toMatchObject({ action: 'started', actor: { id: 'backend-7' } });
  });

  test('a timeline of many credential renewals keeps how it began and the latest steps', async () => {
    const subject = `renewed-often-${Date.now()}`;
    const request = sumvinRequest(await h.admin.userJwt('sumvin', subject, 3600), { wait: { kycPollInterval: '1 second', kycDeadline: '1 day' } });
    await h.client.start(request);
    await enterAllCodes(h, 'sumvin', request.reference);
    await reachStep(h, request.reference, 'awaiting-kyc');
    // Each renewal adds two steps: awaiting-credential, then back to awaiting-kyc.
    const renewals = timelineLimit / 2 + 5;
    for (let i = 0; i < renewals; i++) {
      await h.admin.advanceClock(2 * 3_600_000);
      await reachStep(h, request.reference, 'awaiting-credential');
      await h.client.supplyCredential(request.reference, await h.admin.userJwt('sumvin', subject, 3600));
      await reachStep(h, request.reference, 'awaiting-kyc');
    }
    const { timeline } = await h.client.status(request.reference);
    expect(timeline).toHaveLength(timelineLimit);
    expect(timeline.slice(0, 2).map((t) => t.step)).toEqual(['creating-user', 'verifying-contact']);
    expect(timeline.at(-1)?.step).toBe('awaiting-kyc');
  }, 180_000);
});
