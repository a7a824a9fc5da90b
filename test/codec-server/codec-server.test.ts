import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { workflowIdFor } from '../../client/onboarding-client';
import { EncryptionCodec } from '../../codec/encryption-codec';
import { loadCodecKeys } from '../../codec/keys';
import { eventually, startHarness, type Harness } from '../support/harness';
import { soveraRequest, stoknRequest, sumvinRequest } from '../support/requests';
import { apiKeysSpec, randomKeys } from '../support/api';
import { startProcess } from '../support/api-process';

const uiOrigin = 'http://localhost:8233';

/** A payload in the codec's protobuf JSON (bytes as base64), as the UI posts it. */
const payloadJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

/** The codec server (`npm run codec-server` as its own process) on payloads of a real onboarding's history. */
describe('codec server', () => {
  let h: Harness;
  let server: Awaited<ReturnType<typeof startProcess>>;
  const keys = randomKeys();
  let encrypted: { metadata: Record<string, string>; data: string }[];
  let reference: string;
  beforeAll(async () => {
    h = await startHarness();
    server = await startProcess('cmd/codec-server.ts', { ONBOARDING_API_KEYS: apiKeysSpec(keys), CODEC_CORS_ORIGINS: uiOrigin });
    const request = soveraRequest();
    reference = request.reference;
    await h.client.start(request);
    const history = await h.env.client.workflow.getHandle(workflowIdFor(reference)).fetchHistory();
    const input = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads!;
    encrypted = input.map(payloadJson);
    await h.client.cancel(reference);
  });
  afterAll(async () => {
    await server?.stop();
    await h?.close();
  });

  const post = (path: string, body: unknown, authorization?: string) =>
    fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': 'default', origin: uiOrigin, ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    }).then(async (r) => ({
      status: r.status,
      headers: r.headers,
      body: (await r.json()) as { payloads: { metadata: Record<string, string>; data: string }[]; type?: string },
    }));
  const bearer = (role: keyof typeof keys) => `Bearer ${keys[role]}`;

  const json = (value: unknown) => ({
    metadata: { encoding: Buffer.from('json/plain').toString('base64') },
    data: Buffer.from(JSON.stringify(value)).toString('base64'),
  });
  const valueOf = (payload: { data: string }) => JSON.parse(Buffer.from(payload.data, 'base64').toString()) as Record<string, never>;
  const decodeAs = async (role: keyof typeof keys, payloads: unknown[]) => {
    const res = await post('/decode', { payloads }, bearer(role));
    expect(res.status).toBe(200);
    return res.body.payloads;
  };

  test('each role decodes the stored input as it may see it: compliance in full, support masked, operator without the person', async () => {
    expect(Buffer.from(encrypted[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    const [full] = await decodeAs('compliance', encrypted);
    expect(Buffer.from(full.metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(valueOf(full)).toMatchObject({ reference, provider: 'sovera', person: { firstName: 'John', email: `john.doe+${reference}@example.com` } });
    const [forSupport] = await decodeAs('support', encrypted);
    expect(valueOf(forSupport)).toMatchObject({ reference, person: { firstName: '…', email: 'j…@example.com', identity: { number: '…' } } });
    const [forOperator] = await decodeAs('operator', encrypted);
    expect(valueOf(forOperator)).toMatchObject({ reference, provider: 'sovera', person: { firstName: '…', email: '…', dateOfBirth: '…' } });
    expect(JSON.stringify(valueOf(forOperator))).not.toMatch(/John|example\.com|123456789/);
    // Any path ending in /decode (namespaced mounts), and the browser's Basic credentials.
    const basic = `Basic ${Buffer.from(`test-operator:${keys.operator}`).toString('base64')}`;
    const namespaced = await post('/default/decode', { payloads: encrypted }, basic);
    expect(namespaced.status).toBe(200);
    expect(namespaced.headers.get('access-control-allow-origin')).toBe(uiOrigin);
  });

  test("compliance's full decodes are audited with the principal and the onboarding's workflow id", async () => {
    await decodeAs('compliance', encrypted);
    const line = await eventually(async () =>
      server
        .output()
        .split('\n')
        .find((l) => l.includes('"action":"decode"') && l.includes('"personData":"full"')),
    );
    expect(line).toContain('"id":"test-compliance"');
    expect(line).toContain(`"workflowIds":"${workflowIdFor(reference)}"`);
    expect(server.output()).not.toContain('John');
  });

  test('credentials decode for no role: a Stokn password, a Sumvin JWT, an OTP code, a held token', async () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl';
    const codec = new EncryptionCodec(loadCodecKeys());
    const plain = [stoknRequest(), sumvinRequest(jwt), { code: '654321' }, { credential: { token: { secret: 'sovera-user-token' } } }].map((v) =>
      defaultPayloadConverter.toPayload(v),
    );
    const sealed = (await codec.encode(plain)).map(payloadJson);
    for (const role of ['operator', 'support', 'compliance'] as const) {
      const text = (await decodeAs(role, sealed)).map((p) => JSON.stringify(valueOf(p))).join();
      for (const secret of ['correct-horse-42', jwt, '654321', 'sovera-user-token']) expect(text).not.toContain(secret);
      expect(text).toContain('[credential]');
    }
  });

  test("a failure's encoded attributes decode too, through the same redaction", async () => {
    const codec = new EncryptionCodec(loadCodecKeys());
    const [failure] = (
      await codec.encode([defaultPayloadConverter.toPayload({ message: 'sovera refused ada@example.com', stack_trace: 'at createUser' })])
    ).map(payloadJson);
    expect(valueOf((await decodeAs('operator', [failure]))[0])).toEqual({ message: 'sovera refused …', stack_trace: 'at createUser' });
    expect(valueOf((await decodeAs('support', [failure]))[0])).toEqual({ message: 'sovera refused a…@example.com', stack_trace: 'at createUser' });
    expect(valueOf((await decodeAs('compliance', [failure]))[0])).toEqual({ message: 'sovera refused ada@example.com', stack_trace: 'at createUser' });
  });

  test('backend is 403; no credential or a wrong one is 401; nothing decoded', async () => {
    const backend = await post('/decode', { payloads: encrypted }, bearer('backend'));
    expect(backend.status).toBe(403);
    expect(backend.body.type).toBe('/problems/forbidden');
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${Buffer.from(`test-support:${keys.operator}`).toString('base64')}`]) {
      const res = await post('/decode', { payloads: encrypted }, authorization);
      expect(res.status).toBe(401);
      expect(JSON.stringify(res.body)).not.toContain(reference);
    }
  });

  test("encode is support's, for the messages support sends from the UI only, signed with its principal", async () => {
    const decision = json({ decision: 'VERIFIED', reason: 'documents checked' });
    expect((await post('/encode', { payloads: [decision] }, bearer('operator'))).status).toBe(403);
    expect((await post('/encode', { payloads: [decision] }, bearer('compliance'))).status).toBe(403);
    const encoded = await post('/encode', { payloads: [decision] }, bearer('support'));
    expect(encoded.status).toBe(200);
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    const [decoded] = await decodeAs('operator', encoded.body.payloads);
    expect(valueOf(decoded)).toEqual({ decision: 'VERIFIED', reason: 'documents checked', actor: { id: 'test-support', role: 'support' } });

    const refused = [
      json({ hello: 'world' }),
      json({ code: '123456' }),
      json({ credential: { secret: 'a-new-jwt-for-the-person' } }),
      json(soveraRequest()),
      json({ decision: 'VERIFIED', actor: { id: 'someone-else', role: 'support' } }),
      { metadata: { encoding: Buffer.from('binary/plain').toString('base64') }, data: Buffer.from('x').toString('base64') },
    ];
    for (const payload of refused) {
      const res = await post('/encode', { payloads: [payload] }, bearer('support'));
      expect(res.status).toBe(422);
      expect((res.body as unknown as { detail: string }).detail).toMatch(/^payload 0 cannot be encoded: /);
    }
  });

  test("CORS: the UI's origin may send credentials and the Authorization header; another origin may not", async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/decode`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-namespace' },
      });
    const ok = await preflight(uiOrigin);
    expect(ok.status).toBeLessThan(300);
    expect(ok.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
    expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
    expect((await preflight('http://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  test('GET / asks the browser to sign in (Basic) and greets a reader', async () => {
    const anonymous = await fetch(server.url + '/');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Basic realm="onboarding codec"');
    const signedIn = await fetch(server.url + '/', { headers: { authorization: `Basic ${Buffer.from(`test-support:${keys.support}`).toString('base64')}` } });
    expect(signedIn.status).toBe(200);
    expect(await signedIn.text()).toContain('test-support');
    expect(server.output()).not.toContain(keys.support);
  });
});
