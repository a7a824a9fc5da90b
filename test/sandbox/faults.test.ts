import axios from 'axios';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { sandboxAdmin } from '../../dev/sandbox/admin-client';
import { eventually } from '../support/harness';

/** The sandbox's fault injection as the adapter and end-to-end tests use it, over HTTP. */
describe('sandbox faults', () => {
  let sandbox: Sandbox;
  const sfox = () =>
    axios.create({ baseURL: `${sandbox.url}/sfox`, headers: { authorization: 'Bearer sandbox-sfox-enterprise-key' }, validateStatus: () => true });
  const admin = () => sandboxAdmin(sandbox.url);

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.faults.clear());
  afterAll(() => sandbox.close());

  it('a client that gives up during the latency leaves nothing behind: the request is never handled', async () => {
    // Held far longer than the test, for the first request only (delays: 1).
    await admin().fault({ provider: 'sfox', route: 'GET /v1/enterprise/users/:userId', latencyMs: 120_000, delays: 1 });
    const gaveUp = await sfox()
      .get('/v1/enterprise/users/nobody', { timeout: 200 })
      .catch((err: { code?: string }) => err.code);
    expect(gaveUp).toBe('ECONNABORTED');
    expect((await sfox().get('/v1/enterprise/users/nobody')).status).toBe(404);
    const [first, second] = await admin().requests('sfox', 'GET /v1/enterprise/users/:userId');
    expect(first).toMatchObject({ outcome: 'client-gone', status: 0 });
    expect(second).toMatchObject({ outcome: 'answered', status: 404 });
    expect(second.startedAt).toBeGreaterThanOrEqual(first.at);
  });

  it('a request in flight is listed as such until it ends', async () => {
    // Held far longer than the test: only the client's abort ends it.
    await admin().fault({ provider: 'sfox', route: 'DELETE /v1/enterprise/account/:userId', latencyMs: 120_000, delays: 1 });
    const abort = new AbortController();
    const pending = sfox()
      .delete('/v1/enterprise/account/nobody', { signal: abort.signal })
      .catch((err: { code?: string }) => err.code);
    const logged = async () => admin().requests('sfox', 'DELETE /v1/enterprise/account/:userId');
    await eventually(async () => ((await logged()).length > 0 ? true : undefined), 10_000, 'the request in the log');
    expect(await logged()).toEqual([expect.objectContaining({ outcome: 'in-flight' })]);
    abort.abort();
    expect(await pending).toBe('ERR_CANCELED');
    await eventually(async () => ((await logged())[0].outcome !== 'in-flight' ? true : undefined), 10_000, 'the request to end');
    expect(await logged()).toEqual([expect.objectContaining({ outcome: 'client-gone' })]);
  });

  it('answers: the next N requests get the given answer, without taking effect', async () => {
    await admin().fault({
      provider: 'sfox',
      route: 'POST /v1/enterprise/user-tokens/:userId',
      answers: 1,
      answerStatus: 400,
      answerBody: { error: 'Invalid OTP' },
    });
    const answered = await sfox().post('/v1/enterprise/user-tokens/nobody');
    expect(answered.status).toBe(400);
    expect(answered.data).toEqual({ error: 'Invalid OTP' });
    expect((await sfox().post('/v1/enterprise/user-tokens/nobody')).status).toBe(404);
    const counters = (await admin().counters()).sfox['POST /v1/enterprise/user-tokens/:userId'];
    expect(counters).toEqual({ requests: 2, committed: 0 });
  });
});
