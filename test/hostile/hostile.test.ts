import { WorkflowNotFoundError } from '@temporalio/client';
import { sha256Hex } from '../../api/auth';
import { workflowIdFor } from '../../client/onboarding-client';
import { apiKeysSpec, harnessWithApi, randomKeys } from '../support/api';
import { startProcess } from '../support/api-process';
import { eventually } from '../support/harness';
import { activityCompleted } from '../support/history';
import { enterAllCodes, reachStep } from '../support/person';
import { soveraRequest, stoknRequest } from '../support/requests';
import { authCases } from './cases/auth';
import { codecCases } from './cases/codec';
import { endedCases } from './cases/ended';
import { fieldCases } from './cases/fields';
import { headerCases } from './cases/headers';
import { idempotencyCases } from './cases/idempotency';
import { queryCases } from './cases/queries';
import { otpCallsPerReference, rateLimitCases } from './cases/rate-limits';
import { roleCases } from './cases/roles';
import { structureCases } from './cases/structure';
import { tenantCases } from './cases/tenants';
import { transportCases } from './cases/transport';
import { webhookCases } from './cases/webhooks';
import { send, type Answer, type Fixtures, type HostileCase, type HostileRequest } from './hostile-case';

const cases: HostileCase[] = [
  ...transportCases,
  ...structureCases,
  ...fieldCases,
  ...authCases,
  ...roleCases,
  ...tenantCases,
  ...idempotencyCases,
  ...queryCases,
  ...webhookCases,
  ...codecCases,
  ...endedCases,
  ...rateLimitCases,
  ...headerCases,
];

const webhookSecret = 'sovera-webhook-secret-0123456789';
const tenantKeys = { a: `onb_tenant_a_${sha256Hex(String(Math.random())).slice(0, 24)}`, b: `onb_tenant_b_${sha256Hex(String(Math.random())).slice(0, 24)}` };

/**
 * The hostile suite (issue 22 §4): requests a hostile or careless client sends to the API, its
 * webhooks and the codec server, each with the answer a careful API gives, on the real dev
 * server. Whatever the answer, nothing may start or change that the case does not say: Temporal
 * is read directly (the workflows a start names, the history lengths of the two fixtures), never
 * through the API. Every answer is below 500 and carries no-store and nosniff. How to add a case:
 * docs/api-hardening.md.
 */
describe('hostile requests', () => {
  const setup = harnessWithApi({
    api: {
      webhookSecrets: new Map([['sovera', [webhookSecret]]]),
      otpLimits: { perReference: otpCallsPerReference, perKey: 10_000, windowSeconds: 60 },
      extraKeyEntries: [`tenant-a-backend:backend:${sha256Hex(tenantKeys.a)}:tenant-a`, `tenant-b-backend:backend:${sha256Hex(tenantKeys.b)}:tenant-b`],
    },
  });
  const codecKeys = randomKeys();
  let codec: Awaited<ReturnType<typeof startProcess>>;
  let fixtures: Fixtures;

  beforeAll(async () => {
    const { h, api } = setup;
    codec = await startProcess('cmd/codec-server.ts', { ONBOARDING_API_KEYS: apiKeysSpec(codecKeys), CODEC_CORS_ORIGINS: 'http://localhost:8233' });
    const running = stoknRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    const started = await api.call('POST', '/v1/onboardings', {
      key: tenantKeys.a,
      body: running,
      headers: { 'idempotency-key': `fixture-${running.reference}` },
    });
    if (started.status !== 201) throw new Error(`the running fixture did not start: ${started.status}`);
    await enterAllCodes(h, 'stokn', running.reference);
    const waiting = await reachStep(h, running.reference, 'awaiting-kyc');
    await activityCompleted(h.env.client, workflowIdFor(running.reference), 'getKycStatus');
    const ended = soveraRequest();
    await h.client.start(ended);
    await h.client.cancel(ended.reference);
    await eventually(async () => ((await h.client.status(ended.reference)).running ? undefined : true), 30_000, 'the ended fixture');
    fixtures = {
      apiUrl: api.url,
      codecUrl: codec.url,
      keys: api.keys,
      codecKeys,
      tenantKeys,
      running: { reference: running.reference, userId: waiting.userId! },
      ended: { reference: ended.reference },
      webhookSecret,
    };
  }, 120_000);
  afterAll(async () => {
    await codec?.stop();
  });

  const historyLength = async (reference: string) => (await setup.h.env.client.workflow.getHandle(workflowIdFor(reference)).describe()).historyLength;
  /** The new reference a start request names, if any. */
  const referenceStarted = (request: HostileRequest): string | undefined => {
    if (
      request.method !== 'POST' ||
      request.path !== '/v1/onboardings' ||
      typeof request.body !== 'object' ||
      request.body === null ||
      Buffer.isBuffer(request.body)
    )
      return undefined;
    const reference = (request.body as { reference?: unknown }).reference;
    return typeof reference === 'string' && reference !== fixtures.running.reference ? reference : undefined;
  };
  /** Was an onboarding started under a reference? Read from Temporal itself. */
  const exists = async (reference: string) =>
    setup.h.env.client.workflow
      .getHandle(workflowIdFor(reference))
      .describe()
      .then(
        () => true,
        (err: unknown) => {
          if (err instanceof WorkflowNotFoundError) return false;
          throw err;
        },
      );

  test('the suite holds at least 150 cases, in every chapter', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.chapter)).size).toBe(13);
  });

  test.each(cases.map((c) => [c.chapter, c.name, c] as const))('%s: %s', async (_chapter, _name, hostile) => {
    const requests = [hostile.request(fixtures)].flat();
    const before = { running: await historyLength(fixtures.running.reference), ended: await historyLength(fixtures.ended.reference) };
    let answer: Answer | undefined;
    for (const request of requests) answer = await send(fixtures, request);
    const expected = typeof hostile.expect === 'function' ? hostile.expect(fixtures) : hostile.expect;
    const got = answer!;
    const fields = got.problem?.errors?.map((e) => e.field) ?? [];

    expect({
      status: got.status,
      ...(expected.type ? { type: got.problem?.type } : {}),
      ...(expected.field ? { field: fields.includes(expected.field) ? expected.field : `not named; named: ${fields.join(', ') || 'none'}` } : {}),
      ...(expected.headers ? { headers: Object.fromEntries(Object.keys(expected.headers).map((name) => [name, got.headers.get(name)])) } : {}),
    }).toEqual({
      status: expected.status,
      ...(expected.type ? { type: `/problems/${expected.type}` } : {}),
      ...(expected.field ? { field: expected.field } : {}),
      ...(expected.headers ? { headers: expected.headers } : {}),
    });
    expect((expected.notContaining ?? []).filter((text) => got.text.includes(text))).toEqual([]);
    expect({ cache: got.headers.get('cache-control'), sniff: got.headers.get('x-content-type-options') }).toEqual({ cache: 'no-store', sniff: 'nosniff' });

    const references = new Set(requests.map(referenceStarted).filter((r): r is string => r !== undefined));
    const started = (await Promise.all([...references].map(exists))).filter(Boolean).length;
    const after = { running: await historyLength(fixtures.running.reference), ended: await historyLength(fixtures.ended.reference) };
    expect({ started, ...after }).toEqual({ started: hostile.starts ?? 0, ...before });
  });
});
