import { startHarness, eventually, type Harness } from '../support/harness';
import { soveraRequest } from '../support/requests';
import type { LoggedRequest } from '../../dev/sandbox/request-log';

const usersWithEmail = async (h: Harness, email: string) => (await h.admin.users<{ user: { email: string } }>('sovera')).filter((u) => u.user.email === email);
/** Every POST /users the sandbox saw since `since`, in the order they arrived. */
const creates = async (h: Harness, since: number): Promise<LoggedRequest[]> =>
  (await h.admin.requests('sovera', 'POST /users')).filter((r) => r.startedAt >= since);

/**
 * Timeouts that fit, on the real dev server with the real worker and retry policies: a provider
 * call slower than the HTTP timeout ends its attempt before the retry starts, and a cancelled
 * onboarding aborts the call in flight (heartbeat, cancellation signal, axios).
 */
describe('provider calls and their timeouts (end to end)', () => {
  let h: Harness;
  const httpTimeoutMs = 1_000;
  beforeAll(async () => {
    h = await startHarness({ providerEnv: { PROVIDER_HTTP_TIMEOUT_MS: String(httpTimeoutMs) } });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(async () => {
    await h.admin.clearFaults();
  });

  test('a create slower than the HTTP timeout: the attempt gives up, nothing is in flight when the retry commits, one user', async () => {
    // The first POST /users would wait a minute at the provider; the HTTP timeout is 1 s.
    await h.admin.fault({ provider: 'sovera', route: 'POST /users', latencyMs: 60_000, delays: 1 });
    const since = Date.now();
    const request = soveraRequest();
    await h.client.start(request);
    await eventually(async () => ((await h.client.status(request.reference)).step === 'awaiting-kyc' ? true : undefined), 30_000, 'KYC wait');

    const [timedOut, retry, ...more] = await creates(h, since);
    expect(more).toEqual([]);
    // The client left at its HTTP timeout, long before the provider would have handled it, and
    // before the retry even started: no attempt was in flight when the retry committed.
    expect(timedOut).toMatchObject({ outcome: 'client-gone', status: 0 });
    expect(retry).toMatchObject({ outcome: 'answered', status: 201 });
    expect(retry.startedAt).toBeGreaterThanOrEqual(timedOut.at);
    expect(await usersWithEmail(h, request.person.email)).toHaveLength(1);
    await h.client.cancel(request.reference);
  });
});

describe('cancelling an onboarding (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('cancelling the onboarding aborts the provider call in flight within the heartbeat timeout: nothing is created', async () => {
    // A provider that would take a minute; the call's own timeout (15 s) would end it much later.
    await h.admin.fault({ provider: 'sovera', route: 'POST /users', latencyMs: 60_000 });
    const since = Date.now();
    const request = soveraRequest();
    await h.client.start(request);
    await eventually(async () => ((await creates(h, since)).some((r) => r.outcome === 'in-flight') ? true : undefined), 30_000, 'a call in flight');

    const cancelledAt = Date.now();
    await h.client.cancel(request.reference);
    const ended = await eventually(
      async () => {
        const open = await creates(h, since);
        return open.length > 0 && open.every((r) => r.outcome !== 'in-flight') ? open : undefined;
      },
      30_000,
      'the call in flight to end',
    );
    expect(ended.every((r) => r.outcome === 'client-gone')).toBe(true);
    // Through the heartbeat (5 s timeout, throttled to 4 s) and the cancellation signal, well
    // before the call's own 15 s timeout would have ended it.
    expect(Math.max(...ended.map((r) => r.at)) - cancelledAt).toBeLessThan(11_000);
    expect((await h.client.result(request.reference)).status).toBe('failed');
    expect(await usersWithEmail(h, request.person.email)).toHaveLength(0);
  });
});
