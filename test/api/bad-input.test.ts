import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { workflowIdFor } from '../../client/onboarding-client';
import { soveraRequest } from '../support/requests';
import { harnessWithApi } from '../support/api';

/** Bad HTTP input: each answer is problem+json naming the field, and nothing is started. */
describe('API bad input', () => {
  const setup = harnessWithApi({ api: { bodyLimitBytes: 4096 } });

  async function notStarted(reference: string): Promise<void> {
    const outcome = await setup.h.env.client.workflow
      .getHandle(workflowIdFor(reference))
      .describe()
      .then(
        () => 'started',
        (err: unknown) => (err instanceof WorkflowNotFoundError ? 'not started' : String(err)),
      );
    expect(outcome).toBe('not started');
  }

  async function refusedStart(options: { body?: unknown; rawBody?: string; headers?: Record<string, string> }, status: number, type: string, fields: string[]) {
    const res = await setup.api.call('POST', '/v1/onboardings', {
      role: 'backend',
      headers: { 'idempotency-key': randomUUID(), ...options.headers },
      body: options.body,
      rawBody: options.rawBody,
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: `/problems/${type}`, status, title: expect.any(String) });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields));
    for (const e of res.body.errors) expect(e.message).toEqual(expect.any(String));
    return res.body;
  }

  test('malformed JSON', async () => {
    const request = soveraRequest();
    const body = await refusedStart({ rawBody: JSON.stringify(request).slice(0, -5) }, 400, 'malformed-json', ['body']);
    // The broken body is never echoed (it holds a person's data).
    expect(JSON.stringify(body)).not.toContain(request.person.email);
    await notStarted(request.reference);
  });

  test('a body over the limit', async () => {
    const request = soveraRequest({ person: { ...soveraRequest().person, firstName: 'A'.repeat(5000) } });
    await refusedStart({ body: request }, 413, 'body-too-large', ['body']);
    await notStarted(request.reference);
  });

  test('wrong types, each field named', async () => {
    const request = soveraRequest();
    const bad = { ...request, person: { ...request.person, firstName: 42, phone: 'not an object' }, wait: { otpMaxAttempts: 'five' } };
    const body = await refusedStart({ body: bad }, 400, 'invalid-request', ['person.firstName', 'person.phone', 'wait.otpMaxAttempts']);
    expect(JSON.stringify(body)).not.toContain(request.person.email);
    await notStarted(request.reference);
  });

  test('unknown fields, at the top and nested', async () => {
    const request = soveraRequest();
    await refusedStart({ body: { ...request, ssn: '123', person: { ...request.person, nickname: 'x' } } }, 400, 'invalid-request', ['ssn', 'person.nickname']);
    await notStarted(request.reference);
  });

  test('a missing field and an unknown provider', async () => {
    const { person: _p, ...request } = soveraRequest();
    await refusedStart({ body: request }, 400, 'invalid-request', ['person']);
    await notStarted(request.reference);
    await refusedStart({ body: { ...soveraRequest(), provider: 'acme' } }, 400, 'invalid-request', ['provider']);
  });

  test('a missing Idempotency-Key, a body that is not JSON', async () => {
    const { api } = setup;
    const request = soveraRequest();
    const res = await api.call('POST', '/v1/onboardings', { role: 'backend', body: request });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'header.idempotency-key' })]);
    await refusedStart({ rawBody: 'provider=sovera', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported-media-type', [
      'header.content-type',
    ]);
    await notStarted(request.reference);
  });

  test('messages: a malformed code, decidedBy in the body, an unknown list filter, a bad reference', async () => {
    const { api } = setup;
    const reference = soveraRequest().reference;
    const otp = await api.call('POST', `/v1/onboardings/${reference}/otp`, { role: 'backend', body: { code: '12ab' } });
    expect(otp.status).toBe(400);
    expect(otp.body.errors).toEqual([{ field: 'code', message: expect.stringContaining('digits') }]);

    const kyc = await api.call('POST', `/v1/onboardings/${reference}/kyc-decision`, {
      role: 'support',
      body: { decision: 'VERIFIED', decidedBy: 'someone-else' },
    });
    expect(kyc.status).toBe(400);
    expect(kyc.body.errors).toEqual([{ field: 'decidedBy', message: 'is taken from your credential, never from the body' }]);

    const reject = await api.call('POST', `/v1/onboardings/${reference}/kyc-decision`, { role: 'support', body: { decision: 'REJECTED' } });
    expect(reject.status).toBe(400);
    expect(reject.body.errors).toEqual([{ field: 'reason', message: 'is required to reject' }]);

    const list = await api.call('GET', '/v1/onboardings?step=sleeping&colour=blue', { role: 'operator' });
    expect(list.status).toBe(400);
    expect(list.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['query.colour', 'query.step']);

    const status = await api.call('GET', `/v1/onboardings/${encodeURIComponent('ada@example.com')}`, { role: 'operator' });
    expect(status.status).toBe(400);
    expect(status.body.errors).toEqual([expect.objectContaining({ field: 'path.reference' })]);
  });

  test('the OpenAPI document is served, generated from the same schemas', async () => {
    const { api } = setup;
    const res = await api.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const start = res.body.paths['/v1/onboardings'].post;
    expect(start.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'idempotency-key', required: true })]));
    // The body is the domain's onboarding input: its strictness and field rules come through.
    const sovera = start.requestBody.content['application/json'].schema.anyOf.find(
      (s: { properties: { provider: { enum: string[] } } }) => s.properties.provider.enum?.[0] === 'sovera',
    );
    expect(sovera.additionalProperties).toBe(false);
    expect(sovera.properties.reference.pattern).toBeDefined();
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/onboardings/{reference}/otp/resend',
        '/v1/onboardings/{reference}/kyc-decision',
        '/v1/webhooks/{provider}',
        '/healthz',
        '/readyz',
      ]),
    );
  });
});
