import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { viaClient } from '../../api/client-errors';
import { ProblemError } from '../../api/problems';
import { OnboardingClient, workflowIdFor } from '../../client/onboarding-client';
import { uniqueReference } from '../support/harness';
import { awaitedCode, receivedCode, wrongCode } from '../support/person';
import { stoknRequest } from '../support/requests';
import { harnessWithApi, startTestApi, type TestApi } from '../support/api';
import { startTemporalEnv, type TemporalEnv } from '../support/temporal-env';

/**
 * Every error Temporal raises has an owner: the caller (4xx), Temporal or our set-up (5xx with
 * the reason), and only our own bugs are 500. Each answer here comes from a real dev server.
 */
describe('every error from Temporal has an owner', () => {
  // Two distinct updates per workflow (the start's firstWait and one code), so the third is Temporal's FAILED_PRECONDITION (server default: 2000).
  const setup = harnessWithApi({ harness: { dynamicConfig: { 'history.maxTotalUpdates': 2 } } });

  /** An API over a client that connects as the API's main does (its retries, not the harness's). */
  async function apiOver(address: string, namespace: string): Promise<{ api: TestApi; client: OnboardingClient }> {
    const client = await OnboardingClient.connect({ address, namespace, taskQueue: 'onboarding-error-owners' });
    return { api: await startTestApi(client), client };
  }

  test('a page token that is well-formed but no page token of this server: 400 on query.pageToken (the server itself says only UNKNOWN)', async () => {
    const { api, client } = await apiOver(setup.h.env.address, setup.h.env.namespace);
    try {
      const garbage = Buffer.from('not a page token').toString('base64url');
      const res = await api.call('GET', `/v1/onboardings?pageToken=${garbage}`, { role: 'operator' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        type: '/problems/invalid-request',
        errors: [{ field: 'query.pageToken', message: 'is not a page token this server issued' }],
      });
      // The same list without the token is answered: the refusal was about the token only.
      expect((await api.call('GET', '/v1/onboardings', { role: 'operator' })).status).toBe(200);
    } finally {
      await api.close();
      await client.close();
    }
  });

  test('a reference Temporal does not know: 404', async () => {
    const res = await setup.api.call('GET', `/v1/onboardings/${uniqueReference('unknown')}`, { role: 'operator' });
    expect(res).toMatchObject({ status: 404, body: { type: '/problems/not-found' } });
  });

  test('a message the onboarding can no longer take in (FAILED_PRECONDITION: its updates used up): 409 conflict, and nothing changes', async () => {
    const { h, api } = setup;
    const request = stoknRequest({ reference: uniqueReference('updates') });
    expect((await api.call('POST', '/v1/onboardings', { role: 'backend', body: request, headers: { 'idempotency-key': uniqueReference('key') } })).status).toBe(
      201,
    );
    const waiting = await awaitedCode(h, request.reference);
    const code = await receivedCode(h, 'stokn', waiting.userId!, waiting.otp!.channel);
    const taken = await api.call('POST', `/v1/onboardings/${request.reference}/otp`, { role: 'backend', body: { code: wrongCode(code) } });
    expect(taken).toMatchObject({ status: 200, body: { accepted: false } });
    const handle = h.env.client.workflow.getHandle(workflowIdFor(request.reference));
    const before = (await handle.describe()).historyLength;
    const res = await api.call('POST', `/v1/onboardings/${request.reference}/otp`, { role: 'backend', body: { code } });
    expect(res).toMatchObject({ status: 409, body: { type: '/problems/conflict', detail: 'The onboarding is not in a state that allows this now' } });
    expect((await handle.describe()).historyLength).toBe(before);
    expect((await h.client.status(request.reference)).step).toBe('verifying-contact');
    await handle.terminate('test over');
  });

  test('the status of an onboarding no worker runs: 503 no-worker, within seconds', async () => {
    const { h, api } = setup;
    const reference = uniqueReference('unserved');
    const workflowId = workflowIdFor(reference);
    h.replayExcept.add(workflowId);
    const handle = await h.env.client.workflow.start('onboarding', { workflowId, taskQueue: 'nobody-polls-this-queue', args: [] });
    try {
      const res = await api.call('GET', `/v1/onboardings/${reference}`, { role: 'operator' });
      expect(res).toMatchObject({ status: 503, body: { type: '/problems/no-worker' } });
    } finally {
      await handle.terminate('test over');
    }
  });

  test('no worker answers the status query in time (DEADLINE_EXCEEDED: it was picked up before, its workers are gone): 503 with Retry-After', async () => {
    const { h, api } = setup;
    const reference = uniqueReference('workers-gone');
    const workflowId = workflowIdFor(reference);
    h.replayExcept.add(workflowId);
    const handle = await h.env.client.workflow.start('onboarding', { workflowId, taskQueue: 'nobody-polls-this-queue', args: [] });
    // An event after the first task, as a workflow that ran once has: the API no longer asks "was it ever picked up?" and waits for an answer.
    await handle.signal('cancelRequested', {});
    try {
      const res = await api.call('GET', `/v1/onboardings/${reference}`, { role: 'operator' });
      expect(res).toMatchObject({ status: 503, body: { type: '/problems/unavailable' } });
      expect(res.headers.get('retry-after')).toBe('5');
    } finally {
      await handle.terminate('test over');
    }
  });

  test("our own bug: a workflow in the onboardings' id space that does not answer our status query is a 500 with an error id only, the same id as its log line", async () => {
    const { h, api } = setup;
    const reference = uniqueReference('not-an-onboarding');
    const workflowId = workflowIdFor(reference);
    h.replayExcept.add(workflowId);
    // The API takes every workflow under an onboarding id for an onboarding: one that is not (another of our workflow types) finds that out.
    const handle = await h.env.client.workflow.start('backendEvents', { workflowId, taskQueue: h.client.taskQueue, args: [] });
    try {
      const res = await api.call('GET', `/v1/onboardings/${reference}`, { role: 'operator' });
      expect(res.status).toBe(500);
      expect(Object.keys(res.body).sort()).toEqual(['errorId', 'instance', 'status', 'title', 'type']);
      expect(res.body).toMatchObject({ type: '/problems/internal', title: 'Internal error', errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      const logged = api.logs.filter((l) => l.msg === 'request failed' && l.errorId === res.body.errorId);
      expect(logged).toHaveLength(1);
      expect(logged[0].err).toBeDefined();
    } finally {
      await handle.terminate('test over');
    }
  });

  test('a namespace Temporal does not have is our set-up, not the caller: 503 misconfigured on reads and lists, never 404', async () => {
    const { api, client } = await apiOver(setup.h.env.address, 'no-such-namespace');
    try {
      for (const path of ['/v1/onboardings', `/v1/onboardings/${uniqueReference('any')}`]) {
        const res = await api.call('GET', path, { role: 'operator' });
        expect(res).toMatchObject({ status: 503, body: { type: '/problems/misconfigured', title: 'The API is not set up to use Temporal' } });
        expect(res.body.errorId).toBeUndefined();
      }
      expect(api.logs.filter((l) => l.msg === 'request failed')).toHaveLength(2);
    } finally {
      await api.close();
      await client.close();
    }
  });

  describe('a dev server that limits visibility to 1 request a second and ids to 40 characters, refuses updates, then stops', () => {
    let env: TemporalEnv;
    let api: TestApi;
    let client: OnboardingClient;
    let stopped = false;
    beforeAll(async () => {
      env = await startTemporalEnv({
        dynamicConfig: { 'frontend.namespaceRPS.visibility': 1, 'limit.maxIDLength': 40, 'frontend.enableUpdateWorkflowExecution': false },
      });
      ({ api, client } = await apiOver(env.address, env.namespace));
    });
    afterAll(async () => {
      await api.close();
      await client.close();
      if (!stopped) await env.teardown();
    });

    test('more lists at once than the limit: 429 with Retry-After for the ones over it', async () => {
      const answers = await Promise.all(Array.from({ length: 10 }, () => api.call('GET', '/v1/onboardings', { role: 'operator' })));
      const limited = answers.filter((a) => a.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(answers.every((a) => a.status === 200 || a.status === 429)).toBe(true);
      expect(limited[0].headers.get('retry-after')).toBe('1');
      expect(limited[0].body).toMatchObject({ type: '/problems/rate-limited', status: 429 });
    });

    test('a reference our schema takes but whose workflow id is longer than the server allows: 400 on reference, nothing started', async () => {
      // A 40-character reference: its workflow id has 51.
      const reference = uniqueReference('long').padEnd(40, 'x');
      const res = await api.call('POST', '/v1/onboardings', {
        role: 'backend',
        body: stoknRequest({ reference }),
        headers: { 'idempotency-key': uniqueReference('key') },
      });
      expect(res).toMatchObject({
        status: 400,
        body: { type: '/problems/invalid-request', errors: [{ field: 'reference', message: 'is longer than the Temporal server accepts in a workflow id' }] },
      });
      await expect(env.client.workflow.getHandle(workflowIdFor(reference)).describe()).rejects.toThrow(WorkflowNotFoundError);
    });

    test('Temporal refusing an operation to us (PERMISSION_DENIED: updates disabled) is our set-up: 503 misconfigured, not 500 nor 403', async () => {
      const request = stoknRequest({ reference: uniqueReference('upd') });
      // The start itself is an update (Update-With-Start): refused alike, and nothing is started.
      const start = await api.call('POST', '/v1/onboardings', { role: 'backend', body: request, headers: { 'idempotency-key': uniqueReference('key') } });
      expect(start).toMatchObject({ status: 503, body: { type: '/problems/misconfigured' } });
      await expect(env.client.workflow.getHandle(workflowIdFor(request.reference)).describe()).rejects.toThrow(WorkflowNotFoundError);
      await client.start(request);
      const res = await api.call('POST', `/v1/onboardings/${request.reference}/otp`, { role: 'backend', body: { code: '123456' } });
      expect(res).toMatchObject({ status: 503, body: { type: '/problems/misconfigured' } });
      expect(res.headers.get('retry-after')).toBeNull();
    });

    test('Temporal stopped: 503 with Retry-After (retried for half a second, not the SDK default of 20 s)', async () => {
      await env.teardown();
      stopped = true;
      for (const path of ['/v1/onboardings', `/v1/onboardings/${uniqueReference('away')}`]) {
        const res = await api.call('GET', path, { role: 'operator' });
        expect(res).toMatchObject({ status: 503, body: { type: '/problems/unavailable' } });
        expect(res.headers.get('retry-after')).toBe('5');
      }
    });
  });

  test("Temporal's own store damaged (a history row unreadable): Temporal says UNAVAILABLE, not DATA_LOSS, and the API 503 with Retry-After, not 500", async () => {
    const dbFilename = join(mkdtempSync(join(tmpdir(), 'damaged-store-')), 'temporal.db');
    const env = await startTemporalEnv({ dbFile: dbFilename });
    const client = await OnboardingClient.connect({ address: env.address, namespace: env.namespace, taskQueue: 'nobody-polls-this-queue' });
    try {
      const request = stoknRequest({ reference: uniqueReference('damaged') });
      const handle = await env.client.workflow.start('onboarding', {
        workflowId: workflowIdFor(request.reference),
        taskQueue: 'nobody-polls-this-queue',
        args: [request],
      });
      await expect(client.startRequest(request.reference)).resolves.toMatchObject({ reference: request.reference });
      // Its history's rows (tree_id is the run id), overwritten with bytes that are no protobuf; the server's lock is waited for.
      const runIdHex = handle.firstExecutionRunId.replace(/-/g, '').toUpperCase();
      const damaged = execFileSync(
        'sqlite3',
        ['-cmd', '.timeout 10000', dbFilename, `UPDATE history_node SET data = X'FFFFFFFFFF' WHERE hex(tree_id) = '${runIdHex}'; SELECT changes();`],
        { encoding: 'utf8' },
      );
      expect(Number(damaged.trim())).toBeGreaterThan(0);
      const failure = await viaClient(() => client.startRequest(request.reference)).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(ProblemError);
      expect(failure).toMatchObject({ status: 503, problemType: 'unavailable', headers: { 'retry-after': '5' } });
    } finally {
      await client.close();
      await env.teardown();
    }
  });
});
