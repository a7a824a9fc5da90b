import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { InvalidOnboardingInput, workflowIdFor } from '../../client/onboarding-client';
import { startHarness, eventually, type Harness } from '../support/harness';
import { soveraRequest } from '../support/requests';
import { storedHistory } from '../support/history';

/** Sovera end to end on the real dev server, a real worker and the sandbox over HTTP. */
describe('Sovera onboarding (end to end)', () => {
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

  async function awaitingKyc(reference: string) {
    return eventually(
      async () => {
        const s = await h.client.status(reference);
        return s.step === 'awaiting-kyc' ? s : undefined;
      },
      30_000,
      'the onboarding to wait for KYC',
    );
  }

  test('happy path: support approves KYC, the onboarding ends with a wallet and a bitcoin-testnet address', async () => {
    // Polls an hour apart: the support approval, not a poll, is what moves the onboarding.
    const request = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    const waiting = await awaitingKyc(request.reference);
    expect(waiting.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(waiting.kyc?.deadline).toBeDefined();

    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    await h.client.decideKyc(request.reference, { decision: 'VERIFIED', decidedBy: 'support-1' });
    const outcome = await h.client.result(request.reference);

    expect(outcome.status).toBe('completed');
    if (outcome.status !== 'completed') return;
    const { result } = outcome;
    expect(result.userId).toBe(waiting.userId);
    expect(result.deposit.address).toMatch(/^tb1q[02-9ac-hj-np-z]{38,58}$/);
    expect(result.deposit).toMatchObject({ currency: 'btc', network: 'bitcoin-testnet' });
    expect(result.holder.kind).toBe('wallet');
    // The year-long user token stays in the workflow: the backend mints its own when it needs one.
    expect(result).not.toHaveProperty('credential');
    const { token } = await h.admin.user<{ token: string }>('sovera', result.userId);
    expect(token).toMatch(/^[0-9a-f]{64}$/);

    const status = await h.client.status(request.reference);
    expect(status.step).toBe('completed');
    expect(status.depositAddress).toBe(result.deposit.address);
    expect(status.timeline.map((t) => t.step)).toEqual([
      'creating-user',
      'obtaining-credential',
      'awaiting-kyc',
      'creating-holder',
      'creating-deposit-address',
      'completed',
    ]);
    expect(JSON.stringify(status)).not.toContain(token);
    expect(JSON.stringify(outcome)).not.toContain(token);

    // The server holds ciphertext only: no token, email, SSN or name in the stored history.
    const stored = await storedHistory(h.env.client, workflowIdFor(request.reference));
    for (const plain of [token, request.person.email, request.person.phone.number, 'Sovera Lane']) {
      expect(stored.includes(Buffer.from(plain))).toBe(false);
    }
  });

  test('KYC decided at the provider is seen by polling, without any signal', async () => {
    const request = soveraRequest();
    await h.client.start(request);
    const waiting = await awaitingKyc(request.reference);
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    const outcome = await h.client.result(request.reference);
    expect(outcome.status).toBe('completed');
    const status = await h.client.status(request.reference);
    expect(status.kyc?.checks).toBeGreaterThanOrEqual(2);
  });

  test('a VERIFIED claim the provider does not confirm keeps the onboarding waiting', async () => {
    const request = soveraRequest();
    await h.client.start(request);
    await awaitingKyc(request.reference);
    await h.client.decideKyc(request.reference, { decision: 'VERIFIED', decidedBy: 'support-2' });
    const status = await eventually(async () => {
      const s = await h.client.status(request.reference);
      return s.kyc?.unconfirmedClaim ? s : undefined;
    });
    expect(status.step).toBe('awaiting-kyc');
    expect(status.kyc?.unconfirmedClaim).toContain('not confirmed');
    await h.client.cancel(request.reference);
  });

  test('KYC rejected by support ends the onboarding with the reason', async () => {
    const request = soveraRequest();
    await h.client.start(request);
    await awaitingKyc(request.reference);
    await h.client.decideKyc(request.reference, { decision: 'REJECTED', reason: 'document forged', decidedBy: 'support-3' });
    const outcome = await h.client.result(request.reference);
    expect(outcome).toMatchObject({ status: 'failed', type: 'KycRejected' });
    expect(outcome.status === 'failed' && outcome.message).toContain('document forged');
    expect((await h.client.status(request.reference)).step).toBe('failed');
  });

  test('KYC rejected by the provider ends the onboarding', async () => {
    const request = soveraRequest();
    await h.client.start(request);
    const waiting = await awaitingKyc(request.reference);
    await h.admin.decideKyc('sovera', waiting.userId!, 'REJECTED');
    const outcome = await h.client.result(request.reference);
    expect(outcome).toMatchObject({ status: 'failed', type: 'KycRejected' });
  });

  test('the KYC deadline ends the onboarding in a timed-out outcome', async () => {
    const request = soveraRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '3 seconds' } });
    await h.client.start(request);
    const outcome = await h.client.result(request.reference);
    expect(outcome).toMatchObject({ status: 'failed', type: 'KycDeadlineExceeded' });
    const status = await h.client.status(request.reference);
    expect(status.step).toBe('failed');
    expect(status.failure?.type).toBe('KycDeadlineExceeded');
  });

  test('a refusal only the provider can make (a phone someone else holds) fails at once with the field, and is not retried', async () => {
    // Every rule a provider documents is checked before anything starts (test/e2e/bad-inputs.test.ts);
    // whether a phone number is already taken is known to the provider alone.
    const first = soveraRequest();
    await h.client.start(first);
    await awaitingKyc(first.reference);
    const request = soveraRequest();
    request.person.phone = first.person.phone;
    await h.client.start(request);
    const outcome = await h.client.result(request.reference);
    expect(outcome).toMatchObject({ status: 'failed', type: 'ProviderConflict' });
    expect(outcome.status === 'failed' && outcome.message).toContain('phone_number');
    expect(outcome.status === 'failed' && outcome.message).not.toContain(first.person.phone.number);
    const conflicts = (await h.admin.requests('sovera', 'POST /users')).filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(1);
    await h.client.cancel(first.reference);
  });

  test('a burst of 500s and 429s is retried, and every 429 is waited out for at least its Retry-After', async () => {
    await h.admin.fault({ provider: 'sovera', route: 'POST /users', failures: 2 });
    await h.admin.fault({ provider: 'sovera', route: 'POST /users/:userId/token', rateLimits: 2, retryAfterSeconds: 2 });
    const request = soveraRequest();
    await h.client.start(request);
    const waiting = await awaitingKyc(request.reference);
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    expect((await h.client.result(request.reference)).status).toBe('completed');

    const tokenCalls = (await h.admin.requests('sovera', 'POST /users/:userId/token')).slice(-3);
    expect(tokenCalls.map((r) => r.status)).toEqual([429, 429, 200]);
    for (let i = 1; i < tokenCalls.length; i++) {
      expect(tokenCalls[i].at - tokenCalls[i - 1].at).toBeGreaterThanOrEqual(2_000);
    }
    const userCalls = (await h.admin.requests('sovera', 'POST /users')).slice(-3);
    expect(userCalls.map((r) => r.status)).toEqual([500, 500, 201]);
  });

  // A lost answer of POST /users/:userId/wallets cannot be recovered through anything Sovera
  // documents: it stops for support (ProviderOutcomeUnknown), proven in providers/sovera/adapter.test.ts.
  test('lost responses on create user, token and address leave exactly one user, wallet and address', async () => {
    const routes = ['POST /users', 'POST /users/:userId/token', 'POST /wallets/:walletId/address'];
    for (const route of routes) await h.admin.fault({ provider: 'sovera', route, drops: 1 });
    const committed = async () => {
      const counters = (await h.admin.counters()).sovera ?? {};
      return Object.fromEntries(routes.map((r) => [r, counters[r]?.committed ?? 0]));
    };
    const before = await committed();
    const request = soveraRequest();
    await h.client.start(request);
    const waiting = await awaitingKyc(request.reference);
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    const outcome = await h.client.result(request.reference);
    expect(outcome.status).toBe('completed');

    const users = await h.admin.users<{ user: { email: string }; wallets: { addresses: unknown[] }[] }>('sovera');
    const mine = users.filter((u) => u.user.email === request.person.email);
    expect(mine).toHaveLength(1);
    expect(mine[0].wallets).toHaveLength(1);
    expect(mine[0].wallets[0].addresses).toHaveLength(1);
    const drops = (await h.admin.requests('sovera')).filter((r) => r.outcome === 'dropped-after-commit');
    expect(drops.map((r) => r.route).sort()).toEqual([...routes].sort());
    // Side effects at the provider: one user and one wallet created despite the retries; the
    // token was minted twice (a retry mints anew, the first token is simply replaced).
    const after = await committed();
    const created = Object.fromEntries(routes.map((r) => [r, after[r] - before[r]]));
    expect(created).toMatchObject({ 'POST /users': 1 });
  });

  test('invalid input is refused with field-level messages and nothing is started', async () => {
    const request = soveraRequest();
    const bad = { ...request, person: { ...request.person, email: 'not-an-email', dateOfBirth: '1990-13-45' } };
    const before = (await h.admin.requests('sovera')).length;
    const error = await h.client.start(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOnboardingInput);
    const fields = (error as InvalidOnboardingInput).issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['person.email', 'person.dateOfBirth']));
    await expect(h.env.client.workflow.getHandle(workflowIdFor(request.reference)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    expect((await h.admin.requests('sovera')).length).toBe(before);
  });

  test('the workflow itself refuses invalid input started around the client', async () => {
    const handle = await h.env.client.workflow.start('onboarding', {
      taskQueue: h.client.taskQueue,
      workflowId: workflowIdFor('raw-invalid-input'),
      args: [{ provider: 'sovera', reference: 'raw-invalid-input' }],
    });
    const error = await handle.result().catch((e: unknown) => e as { cause?: unknown });
    expect(error.cause).toBeInstanceOf(ApplicationFailure);
    expect((error.cause as ApplicationFailure).type).toBe('InvalidInput');
    expect((error.cause as ApplicationFailure).message).toContain('person');
    const status = await h.client.status('raw-invalid-input');
    expect(status).toMatchObject({ step: 'failed', running: false, failure: { type: 'InvalidInput' } });
  });

  test('a provider outage during the KYC wait skips polls instead of failing the onboarding', async () => {
    const request = soveraRequest();
    await h.client.start(request);
    const waiting = await awaitingKyc(request.reference);
    await h.admin.fault({ provider: 'sovera', route: 'GET /users/:userId', failures: 3 }); // all attempts of one poll
    const skipped = await eventually(async () => {
      const s = await h.client.status(request.reference);
      return s.lastPollFailure ? s : undefined;
    });
    expect(skipped.step).toBe('awaiting-kyc');
    expect(skipped.lastPollFailure?.type).toBe('ProviderUnavailable');
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    expect((await h.client.result(request.reference)).status).toBe('completed');
    expect((await h.client.status(request.reference)).lastPollFailure).toBeUndefined();
  });

  test('an expired user token is minted again and the onboarding goes on', async () => {
    const request = soveraRequest();
    await h.client.start(request);
    const waiting = await awaitingKyc(request.reference);
    await h.admin.expireTokens('sovera', waiting.userId!);
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    const outcome = await h.client.result(request.reference);
    expect(outcome.status).toBe('completed');
    const user = await h.admin.user<{ tokensMinted: number }>('sovera', waiting.userId!);
    expect(user.tokensMinted).toBe(2);
  });

  test('the status shows the call being retried and its attempt number', async () => {
    await h.admin.fault({ provider: 'sovera', route: 'POST /users', failures: 6 });
    const request = soveraRequest();
    await h.client.start(request);
    const status = await eventually(async () => {
      const s = await h.client.status(request.reference);
      return s.pendingCall && s.pendingCall.attempt >= 2 ? s : undefined;
    });
    expect(status.step).toBe('creating-user');
    expect(status.pendingCall).toMatchObject({ activity: 'createUser', lastFailureType: 'ProviderUnavailable' });
    await h.client.cancel(request.reference);
  });
});
