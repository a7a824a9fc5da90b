import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { WorkflowNotFoundError } from '@temporalio/client';
import { workflowIdFor } from '../../client/onboarding-client';
import { signWebhook } from '../../webhooks/signature';
import { apiKeysSpec, harnessWithApi, randomKeys } from '../support/api';
import { startProcess } from '../support/api-process';
import { soveraRequest } from '../support/requests';

const webhookSecret = 'sovera-webhook-secret-0123456789';

/**
 * A body is known to be well-formed before anything reads it (api/well-formed.ts): UTF-8, I-JSON,
 * within the limits of nesting, string length, body and header size. On the real dev server: each
 * bad body is a 4xx problem saying what is wrong, and no workflow exists afterwards.
 */
describe('well-formed bodies', () => {
  // A body limit above the string limit, so each limit is met on its own.
  const setup = harnessWithApi({ api: { bodyLimitBytes: 256 * 1024, webhookSecrets: new Map([['sovera', [webhookSecret]]]) } });
  const codecKeys = randomKeys();
  let codec: Awaited<ReturnType<typeof startProcess>>;
  beforeAll(async () => {
    codec = await startProcess('cmd/codec-server.ts', { ONBOARDING_API_KEYS: apiKeysSpec(codecKeys) });
  });
  afterAll(async () => {
    await codec?.stop();
  });

  const workflowCount = async () => (await setup.h.env.client.workflow.count()).count;
  const post = async (url: string, body: Buffer | string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: JSON.parse(text) as { type: string; status: number; errors?: { field: string; message: string }[] },
    };
  };
  const start = (body: Buffer | string) =>
    post(`${setup.api.url}/v1/onboardings`, body, { authorization: `Bearer ${setup.api.keys.backend}`, 'idempotency-key': randomUUID() });

  /** The request's JSON with one value's text replaced by `raw` (bytes that JSON.stringify cannot write). */
  const withRaw = (request: object, value: string, raw: string | Buffer) => {
    const [before, after] = JSON.stringify(request).split(JSON.stringify(value));
    return Buffer.concat([Buffer.from(before), Buffer.from(raw), Buffer.from(after)]);
  };

  async function refusedStart(reference: string, body: Buffer | string, status: number, type: string, message: RegExp): Promise<void> {
    const before = await workflowCount();
    const res = await start(body);
    expect(res.status).toBe(status);
    expect(res.type).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: `/problems/${type}`, status });
    expect(res.body.errors).toEqual([{ field: 'body', message: expect.stringMatching(message) }]);
    const outcome = await setup.h.env.client.workflow
      .getHandle(workflowIdFor(reference))
      .describe()
      .then(
        () => 'started',
        (err: unknown) => (err instanceof WorkflowNotFoundError ? 'not started' : String(err)),
      );
    expect(outcome).toBe('not started');
    expect(await workflowCount()).toBe(before);
  }

  test('a well-formed request starts: the checks refuse only what they name', async () => {
    const request = soveraRequest();
    const before = await workflowCount();
    const res = await start(JSON.stringify({ ...request, person: { ...request.person, firstName: 'Zoë' } }));
    expect(res.status).toBe(201);
    expect(await setup.h.env.client.workflow.getHandle(workflowIdFor(request.reference)).describe()).toMatchObject({ status: { name: 'RUNNING' } });
    expect(await workflowCount()).toBe(before + 1);
    await setup.h.client.cancel(request.reference);
  });

  test('invalid UTF-8: 400, nothing started', async () => {
    const request = soveraRequest({ person: { ...soveraRequest().person, firstName: 'MARK' } });
    await refusedStart(request.reference, withRaw(request, 'MARK', Buffer.from([0x22, 0x4a, 0xc3, 0x28, 0x22])), 400, 'malformed-json', /^is not valid UTF-8$/);
  });

  test('a duplicate member name, top-level and nested: 400 naming the member, nothing started', async () => {
    const request = soveraRequest();
    // The classic smuggling: a checker that reads the first, a handler that reads the last.
    const top = JSON.stringify(request).replace('{', `{"provider":"stokn",`);
    await refusedStart(request.reference, top, 400, 'malformed-json', /^has the member "provider" twice$/);
    const nested = JSON.stringify(request).replace('"email":', '"email":"other@example.com","email":');
    await refusedStart(request.reference, nested, 400, 'malformed-json', /^has the member "person\.email" twice$/);
  });

  test('an escaped lone surrogate: 400 naming the field, nothing started', async () => {
    const request = soveraRequest({ person: { ...soveraRequest().person, firstName: 'MARK' } });
    await refusedStart(
      request.reference,
      withRaw(request, 'MARK', '"Jo\\ud800hn"'),
      400,
      'malformed-json',
      /^has a lone surrogate in a string at person\.firstName/,
    );
  });

  test('1e400, a number no double holds: 400 naming the field, nothing started', async () => {
    const request = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours', otpMaxAttempts: 5 } });
    const body = JSON.stringify(request).replace('"otpMaxAttempts":5', '"otpMaxAttempts":1e400');
    await refusedStart(request.reference, body, 400, 'malformed-json', /^has a number too large for a double at wait\.otpMaxAttempts/);
  });

  test('nested deeper than 32 levels: 400, nothing started', async () => {
    const request = soveraRequest({ person: { ...soveraRequest().person, firstName: 'MARK' } });
    const deep = `${'['.repeat(40)}${']'.repeat(40)}`;
    await refusedStart(request.reference, withRaw(request, 'MARK', deep), 400, 'malformed-json', /^nests deeper than 32 levels at person\.firstName/);
  });

  test('a string longer than 64 KiB: 400 naming the field, nothing started', async () => {
    const request = soveraRequest({ person: { ...soveraRequest().person, firstName: 'J'.repeat(70_000) } });
    await refusedStart(request.reference, JSON.stringify(request), 400, 'malformed-json', /^has a string longer than 65536 characters at person\.firstName$/);
  });

  test('a body over the limit: 413, nothing started', async () => {
    const request = soveraRequest({ person: { ...soveraRequest().person, firstName: 'J'.repeat(300_000) } });
    await refusedStart(request.reference, JSON.stringify(request), 413, 'body-too-large', /larger than the API accepts/);
  });

  test('a body of 20,000 arrays side by side, or of 12,000 keys: a 400 before any schema (more than 1000 items), never a 5xx', async () => {
    const request = soveraRequest();
    const arrays = JSON.stringify({ ...request, wait: 'ARRAYS' }).replace('"ARRAYS"', `[${Array(20_000).fill('[[[]]]').join(',')}]`);
    const keys = JSON.stringify({ ...request, person: Object.fromEntries(Array.from({ length: 12_000 }, (_, i) => [`k${i}`, i])) });
    const before = await workflowCount();
    for (const body of [arrays, keys]) {
      const res = await start(body);
      expect(res).toMatchObject({
        status: 400,
        body: {
          type: '/problems/malformed-json',
          errors: [{ field: 'body', message: expect.stringMatching(/^has more than 1000 (elements in one array|members in one object)/) }],
        },
      });
    }
    expect(await workflowCount()).toBe(before);
  });

  /** A request with one header of `size` bytes over a raw socket (fetch may not read an answer sent before the request ends). */
  const hugeHeaderRequest = (url: string, path: string, size: number) =>
    new Promise<{ status: number; headers: string; body: string }>((resolve, reject) => {
      const { hostname, port } = new URL(url);
      const socket = connect(Number(port), hostname);
      let answer = '';
      socket.on('data', (d) => (answer += String(d)));
      socket.on('error', reject);
      socket.on('close', () => {
        const [head, body = ''] = answer.split('\r\n\r\n');
        resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body });
      });
      socket.end(
        `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nX-Padding: ${'p'.repeat(size)}\r\nContent-Length: 2\r\n\r\n{}`,
      );
    });

  test('headers over 16 KiB: 431 before any route, nothing started', async () => {
    const before = await workflowCount();
    const res = await hugeHeaderRequest(setup.api.url, '/v1/onboardings', 20_000);
    expect(res.status).toBe(431);
    expect(await workflowCount()).toBe(before);
  });

  describe('webhooks: the signature first, then the same checks', () => {
    const send = (body: Buffer | string, signed = true) =>
      post(`${setup.api.url}/v1/webhooks/sovera`, body, signed ? signWebhook(webhookSecret, `evt_${randomUUID()}`, body) : {});
    const event = { type: 'kyc.decided', userId: `unknown-${randomUUID()}`, decision: 'VERIFIED', providerStatus: 'VERIFIED' };

    test('a well-formed event for no known user is read (404): the bad ones below are refused before that', async () => {
      expect((await send(JSON.stringify(event))).body).toMatchObject({ status: 404, type: '/problems/unknown-user' });
    });

    test.each([
      ['a duplicate member name', JSON.stringify(event).replace('"decision":', '"decision":"REJECTED","decision":'), /^has the member "decision" twice$/],
      ['invalid UTF-8', Buffer.concat([Buffer.from(JSON.stringify(event).slice(0, -1)), Buffer.from(',"reason":"\xff"}', 'latin1')]), /^is not valid UTF-8$/],
      ['an escaped lone surrogate', JSON.stringify(event).replace('}', ',"reason":"\\udfff"}'), /^has a lone surrogate in a string at reason/],
      ['1e400', JSON.stringify(event).replace('}', ',"extra":1e400}'), /^has a number too large for a double at extra/],
    ])('%s, signed: 400 naming body; unsigned: 401', async (_what, body, message) => {
      const before = await workflowCount();
      const signed = await send(body);
      expect(signed).toMatchObject({
        status: 400,
        body: { type: '/problems/malformed-json', errors: [{ field: 'body', message: expect.stringMatching(message) }] },
      });
      expect((await send(body, false)).status).toBe(401);
      expect(await workflowCount()).toBe(before);
    });
  });

  describe('the codec server: its bodies and the JSON inside json/plain payloads', () => {
    const jsonPlain = Buffer.from('json/plain').toString('base64');
    const payload = (json: string) => ({ metadata: { encoding: jsonPlain }, data: Buffer.from(json).toString('base64') });
    const codecPost = (operation: 'decode' | 'encode', body: Buffer | string) =>
      post(`${codec.url}/${operation}`, body, {
        authorization: `Bearer ${codecKeys[operation === 'decode' ? 'compliance' : 'support']}`,
        'x-namespace': 'default',
      });

    test('a well-formed json/plain payload decodes', async () => {
      const res = await codecPost('decode', JSON.stringify({ payloads: [payload('{"status":"running"}')] }));
      expect(res.status).toBe(200);
    });

    test.each([
      ['decode', 'invalid UTF-8', Buffer.from([...Buffer.from('{"payloads":["'), 0xc0, 0xaf, ...Buffer.from('"]}')]), 'body', /^is not valid UTF-8$/],
      ['decode', 'a duplicate member name', '{"payloads":[],"payloads":[]}', 'body', /^has the member "payloads" twice$/],
      // Was a 500: the redaction walks a decoded payload recursively.
      [
        'decode',
        'a payload nested 100,000 levels',
        JSON.stringify({ payloads: [payload(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)] }),
        'payloads.0.data',
        /^nests deeper than 32 levels/,
      ],
      [
        'decode',
        'a payload with 1e400',
        JSON.stringify({ payloads: [payload('{"amount":1e400}')] }),
        'payloads.0.data',
        /^has a number too large for a double at amount/,
      ],
      [
        'encode',
        'a payload with a duplicate member',
        JSON.stringify({ payloads: [payload('{"decision":"VERIFIED","decision":"REJECTED"}')] }),
        'payloads.0.data',
        /^has the member "decision" twice$/,
      ],
      [
        'encode',
        'a payload with a lone surrogate',
        JSON.stringify({ payloads: [payload('{"reason":"\\ud800"}')] }),
        'payloads.0.data',
        /^has a lone surrogate in a string at reason/,
      ],
    ] as const)('/%s, %s: 400 naming it', async (operation, _what, body, field, message) => {
      const res = await codecPost(operation, body);
      expect(res.status).toBe(400);
      expect(res.type).toContain('application/problem+json');
      expect(res.body).toMatchObject({ type: '/problems/malformed-json', errors: [{ field, message: expect.stringMatching(message) }] });
    });

    test('headers over 16 KiB: a 431 problem, not cached', async () => {
      const res = await hugeHeaderRequest(codec.url, '/decode', 20_000);
      expect(res.status).toBe(431);
      expect(res.headers).toContain('content-type: application/problem+json');
      expect(res.headers).toContain('cache-control: no-store');
      expect(JSON.parse(res.body)).toMatchObject({
        type: '/problems/headers-too-large',
        status: 431,
        errors: [{ field: 'headers', message: expect.stringContaining('16 KiB') }],
      });
    });
  });
});
