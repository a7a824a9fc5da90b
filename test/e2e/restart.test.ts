import type { OnboardingRequest } from '../../domain/input';
import { startHarness, type Harness } from '../support/harness';
import { sfoxCorporationRequest, sfoxIndividualRequest, soveraRequest, stoknRequest, sumvinRequest } from '../support/requests';
import { awaitedCode, enterAllCodes, reachStep, receivedCode, wrongCode } from '../support/person';
import { usersOfPerson } from '../support/provider-people';
import { resolveByHand } from '../support/support-desk';
import { workflowIdFor } from '../../client/onboarding-client';
import { madeMemoKey } from '../../domain/restart';

type Flow = {
  name: string;
  provider: OnboardingRequest['provider'];
  request: (wait: Record<string, unknown>) => Promise<OnboardingRequest & { reference: string }>;
};

/**
 * A failed reference started again for the same person (docs/api.md: "may be started again"): the new
 * run adopts what the earlier run made at the provider and completes with one user there, never
 * a conflict with its own earlier user.
 */
describe('a failed onboarding started again', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ cache: 'none' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const flows: Flow[] = [
    { name: 'Sovera', provider: 'sovera', request: async (wait) => soveraRequest({ wait: wait as never }) },
    { name: 'Stokn', provider: 'stokn', request: async (wait) => stoknRequest({ wait }) },
    { name: 'sFOX individual', provider: 'sfox', request: async (wait) => sfoxIndividualRequest({ wait }) },
    { name: 'sFOX corporation', provider: 'sfox', request: async (wait) => sfoxCorporationRequest({ wait }) },
    {
      name: 'Sumvin',
      provider: 'sumvin',
      request: async (wait) => sumvinRequest(await h.admin.userJwt('sumvin', `restart-${Date.now()}-${Math.random()}`), { wait }),
    },
  ];
  const withOtp = flows.filter((f) => f.provider !== 'sovera');

  /** The same request (the same person) with the default waits: what support starts again. */
  function again(request: OnboardingRequest & { reference: string }): OnboardingRequest {
    return { ...request, wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes' } } as OnboardingRequest;
  }

  async function completes(flow: Flow, request: OnboardingRequest & { reference: string }): Promise<string> {
    const restarted = await h.client.start(again(request));
    expect(restarted.created).toBe(true);
    await enterAllCodes(h, flow.provider, request.reference);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.decideKyc(flow.provider, waiting.userId!, 'VERIFIED');
    const outcome = await h.client.result(request.reference);
    if (outcome.status !== 'completed')
      throw new Error(`${flow.name}: the restart ended ${outcome.status}: ${outcome.status === 'failed' ? outcome.message : ''}`);
    const users = await usersOfPerson(h.admin, request);
    if (users.length !== 1 || users[0] !== outcome.result.userId)
      throw new Error(`${flow.name}: users of the person ${users.join(', ')}, the onboarding reports ${outcome.result.userId}`);
    return outcome.result.userId;
  }

  /** Every flow's outcome, each one finished before the first failure is thrown (none runs on after the harness closes). */
  async function settled<T>(flowsRunning: Promise<T>[]): Promise<T[]> {
    const outcomes = await Promise.allSettled(flowsRunning);
    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
    if (failures.length > 0) throw new Error(failures.join('\n'));
    return outcomes.map((o) => (o as PromiseFulfilledResult<T>).value);
  }

  test.each(withOtp.map((f) => [f.name, f] as const))(
    '%s: failed at the OTP (attempts exhausted), started again, completes with its one user',
    async (_, flow) => {
      const request = await flow.request({ otpMaxAttempts: 1 });
      await h.client.start(request);
      const asked = await awaitedCode(h, request.reference);
      const code = await receivedCode(h, flow.provider, asked.userId!, asked.otp!.channel);
      await h.client.submitOtp(request.reference, wrongCode(code));
      const failed = await h.client.result(request.reference);
      expect(failed).toMatchObject({ status: 'failed', type: 'OtpAttemptsExhausted' });

      expect(await completes(flow, request)).toBe(asked.userId);
    },
  );

  test('every flow: failed at the KYC deadline, started again with a longer one, completes with its one user', async () => {
    // All at once, so the deadline is waited for once; 60 s leaves the codes time even on a busy machine (a worker without a cache replays every task).
    const requests = await Promise.all(flows.map((f) => f.request({ kycPollInterval: '1 second', kycDeadline: '60 seconds' })));
    const firstUsers = await settled(
      flows.map(async (flow, i) => {
        const request = requests[i];
        await h.client.start(request);
        await enterAllCodes(h, flow.provider, request.reference);
        const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
        const failed = await h.client.result(request.reference);
        if (failed.status !== 'failed' || failed.type !== 'KycDeadlineExceeded') throw new Error(`${flow.name}: ended ${JSON.stringify(failed)}`);
        return waiting.userId;
      }),
    );
    const restartedUsers = await settled(flows.map((flow, i) => completes(flow, requests[i])));
    expect(restartedUsers).toEqual(firstUsers);
  }, 180_000);

  test('a reference started again for somebody else adopts nothing: they get a user of their own', async () => {
    const first = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(first);
    const waiting = await reachStep(h, first.reference, 'awaiting-kyc');
    await h.client.cancel(first.reference);
    expect(await h.client.result(first.reference)).toMatchObject({ status: 'failed', type: 'CancelledFailure' });

    // What the run made is kept in its memo, encrypted like every payload (ids only, still nobody else's business).
    const described = await h.env.client.workflowService.describeWorkflowExecution({
      namespace: 'default',
      execution: { workflowId: workflowIdFor(first.reference) },
    });
    const made = described.workflowExecutionInfo?.memo?.fields?.[madeMemoKey];
    expect(Buffer.from(made?.metadata?.encoding ?? []).toString()).toBe('binary/encrypted');

    const somebodyElse = { ...soveraRequest(), reference: first.reference };
    await h.client.start(somebodyElse);
    const theirs = await reachStep(h, first.reference, 'awaiting-kyc');
    expect(theirs.userId).not.toBe(waiting.userId);
    expect(theirs.audit.find((a) => a.action === 'restarted')?.detail).toContain('another person: nothing adopted');
    await h.admin.decideKyc('sovera', theirs.userId!, 'VERIFIED');
    expect(await h.client.result(first.reference)).toMatchObject({ status: 'completed', result: { userId: theirs.userId } });
    expect(await usersOfPerson(h.admin, somebodyElse)).toEqual([theirs.userId]);
  });

  test('Stokn: an earlier run that never learnt its user (a lost sign-up answer) makes the restart ask support, not fail as a conflict', async () => {
    const request = stoknRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes' } });
    await h.admin.fault({ provider: 'stokn', route: 'POST /v1/user/sign-up', drops: 1 });
    await h.client.start(request);
    await reachStep(h, request.reference, 'awaiting-support');
    await h.client.cancel(request.reference);
    await h.client.result(request.reference);

    await h.client.start(request);
    const asking = await reachStep(h, request.reference, 'awaiting-support');
    expect(asking.support?.check).toContain('Stokn back office');
    await h.client.resolveSupport(request.reference, await resolveByHand(h.admin, request, asking));
    await enterAllCodes(h, 'stokn', request.reference);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.decideKyc('stokn', waiting.userId!, 'VERIFIED');
    expect(await h.client.result(request.reference)).toMatchObject({ status: 'completed' });
    expect(await usersOfPerson(h.admin, request)).toEqual([waiting.userId]);
  });
});
