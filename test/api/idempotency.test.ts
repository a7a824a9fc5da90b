import { randomUUID } from 'node:crypto';
import { workflowIdFor } from '../../client/onboarding-client';
import { startHarness, type Harness } from '../support/harness';
import { soveraRequest } from '../support/requests';
import { reachStep } from '../support/person';
import { apiKeysSpec, startTestApi, type TestApi } from '../support/api';
import { startLossyProxy } from '../support/lossy-proxy';
import { startProcess } from '../support/api-process';

/** POST /v1/onboardings with Idempotency-Key, against the real dev server, across instances and restarts. */
describe('idempotent start', () => {
  let h: Harness;
  let api: TestApi;
  let other: TestApi;
  beforeAll(async () => {
    h = await startHarness();
    api = await startTestApi(h.client);
    // A second instance with its own memory (its own client object), as behind a load balancer.
    other = await startTestApi(
      new (h.client.constructor as typeof import('../../client/onboarding-client').OnboardingClient)(h.env.client, h.client.taskQueue),
      { roleKeys: api.keys },
    );
  });
  afterAll(async () => {
    await other?.close();
    await api?.close();
    await h?.close();
  });

  const start = (target: TestApi, body: unknown, key: string) =>
    target.call('POST', '/v1/onboardings', { role: 'backend', body, headers: { 'idempotency-key': key } });
  const runs = async (reference: string) => {
    const runIds: string[] = [];
    for await (const w of h.env.client.workflow.list({ query: `WorkflowId = '${workflowIdFor(reference)}'` })) runIds.push(w.runId);
    return runIds;
  };

  test('the same key and body answer 200 with the same onboarding (key order does not matter); the same key with another body is 409', async () => {
    const request = soveraRequest();
    const key = randomUUID();
    const first = await start(api, request, key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ reference: request.reference, workflowId: workflowIdFor(request.reference), created: true });

    const again = await start(api, request, key);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ runId: first.body.runId, created: false });

    const reordered = Object.fromEntries(Object.entries(request).reverse());
    const onOther = await start(other, reordered, key);
    expect(onOther.status).toBe(200);
    expect(onOther.body.runId).toBe(first.body.runId);

    const changed = await start(api, { ...request, person: { ...request.person, firstName: 'Jane' } }, key);
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ type: '/problems/idempotency-key-reused' });

    const otherKey = await start(api, request, randomUUID());
    expect(otherKey.status).toBe(409);
    expect(otherKey.body).toMatchObject({ type: '/problems/reference-taken' });
    expect(await runs(request.reference)).toEqual([first.body.runId]);
  });

  test('a retry after the answer was lost (client timeout) returns the same onboarding', async () => {
    const proxy = await startLossyProxy(api.url);
    try {
      const request = soveraRequest();
      const key = randomUUID();
      const lost = await fetch(`${proxy.url}/v1/onboardings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${api.keys.backend}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(request),
      }).then(
        () => 'answered',
        () => 'lost',
      );
      expect(lost).toBe('lost');
      expect(proxy.answered.map((a) => a.status)).toEqual([201]);
      const createdRun = JSON.parse(proxy.answered[0].body).runId;

      const retry = await start(api, request, key);
      expect(retry.status).toBe(200);
      expect(retry.body.runId).toBe(createdRun);
      expect(await runs(request.reference)).toEqual([createdRun]);
    } finally {
      await proxy.close();
    }
  });

  test('two instances receiving the same request at once start one onboarding', async () => {
    const request = soveraRequest();
    const key = randomUUID();
    const answers = await Promise.all([start(api, request, key), start(other, request, key)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(answers[0].body.runId).toBe(answers[1].body.runId);
    expect(await runs(request.reference)).toEqual([answers[0].body.runId]);
  });

  test('an API started with neither codec keys nor a mode stops at once, naming both variables', async () => {
    const env = { ONBOARDING_API_KEYS: apiKeysSpec(api.keys), TEMPORAL_ADDRESS: h.env.address, ONBOARDING_MODE: '', NODE_ENV: '' };
    // Before: it guessed development and encrypted with this machine's key, which a production worker cannot read.
    await expect(startProcess('cmd/api.ts', env)).rejects.toThrow(/ONBOARDING_CODEC_KEYS is not set: .*ONBOARDING_MODE=development/);
  });

  test('after a restart of the API process, the retry still answers the same onboarding', async () => {
    const env = { ONBOARDING_API_KEYS: apiKeysSpec(api.keys), TEMPORAL_ADDRESS: h.env.address, ONBOARDING_TASK_QUEUE: h.client.taskQueue };
    const request = soveraRequest();
    const key = randomUUID();
    const send = (url: string) =>
      fetch(`${url}/v1/onboardings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${api.keys.backend}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(request),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { runId: string } }));
    const first = await startProcess('cmd/api.ts', env);
    const created = await send(first.url).finally(() => first.stop());
    expect(created.status).toBe(201);
    const second = await startProcess('cmd/api.ts', env);
    try {
      const retried = await send(second.url);
      expect(retried).toMatchObject({ status: 200, body: { runId: created.body.runId, created: false } });
    } finally {
      await second.stop();
    }
  });

  test('a failed onboarding may be started again under the same reference, a completed or running one may not', async () => {
    const request = soveraRequest();
    const first = await start(api, request, randomUUID());
    expect(first.status).toBe(201);
    await reachStep(h, request.reference, 'awaiting-kyc');
    const cancelled = await api.call('POST', `/v1/onboardings/${request.reference}/cancel`, { role: 'support' });
    expect(cancelled.status).toBe(202);
    await reachStep(h, request.reference, 'failed');

    // Started again with corrected data (a new person at the provider: the first user still exists there).
    const corrected = { ...soveraRequest(), reference: request.reference };
    const again = await start(api, corrected, randomUUID());
    expect(again.status).toBe(201);
    expect(again.body.runId).not.toBe(first.body.runId);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    await api.call('POST', `/v1/onboardings/${request.reference}/kyc-decision`, { role: 'support', body: { decision: 'VERIFIED' } });
    expect((await h.client.result(request.reference)).status).toBe('completed');

    const afterCompletion = await start(api, corrected, randomUUID());
    expect(afterCompletion.status).toBe(409);
    expect(afterCompletion.body).toMatchObject({ type: '/problems/reference-taken' });
    expect((await runs(request.reference)).sort()).toEqual([first.body.runId, again.body.runId].sort());
  });
});
