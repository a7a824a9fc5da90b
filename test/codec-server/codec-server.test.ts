import { workflowIdFor } from '../../client/onboarding-client';
import { startHarness, type Harness } from '../support/harness';
import { soveraRequest } from '../support/requests';
import { apiKeysSpec, randomKeys } from '../support/api';
import { startProcess } from '../support/api-process';

const uiOrigin = 'http://localhost:8233';

/** The codec server (`npm run codec-server` as its own process) on payloads of a real onboarding's history. */
describe('codec server', () => {
  let h: Harness;
  let server: Awaited<ReturnType<typeof startProcess>>;
  const keys = randomKeys();
  let encrypted: { metadata: Record<string, string>; data: string }[];
  let reference: string;
  beforeAll(async () => {
    h = await startHarness();
    server = await startProcess('codec-server/main.ts', { ONBOARDING_API_KEYS: apiKeysSpec(keys), CODEC_CORS_ORIGINS: uiOrigin });
    const request = soveraRequest();
    reference = request.reference;
    await h.client.start(request);
    const history = await h.env.client.workflow.getHandle(workflowIdFor(reference)).fetchHistory();
    const input = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads!;
    encrypted = input.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(p.data ?? []).toString('base64'),
    }));
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
    }).then(async (r) => ({ status: r.status, headers: r.headers, body: (await r.json()) as { payloads: { metadata: Record<string, string>; data: string }[]; type?: string } }));
  const bearer = (role: keyof typeof keys) => `Bearer ${keys[role]}`;

  test('support and operator decode the stored input: the reference and provider in plain JSON', async () => {
    expect(Buffer.from(encrypted[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    for (const role of ['support', 'operator'] as const) {
      const res = await post('/decode', { payloads: encrypted }, bearer(role));
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(uiOrigin);
      const [payload] = res.body.payloads;
      expect(Buffer.from(payload.metadata.encoding, 'base64').toString()).toBe('json/plain');
      expect(JSON.parse(Buffer.from(payload.data, 'base64').toString())).toMatchObject({ reference, provider: 'sovera' });
    }
    // Any path ending in /decode (namespaced mounts), and the browser's Basic credentials.
    const basic = `Basic ${Buffer.from(`test-operator:${keys.operator}`).toString('base64')}`;
    expect((await post('/default/decode', { payloads: encrypted }, basic)).status).toBe(200);
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

  test('encode is for support only; what it encodes decodes back', async () => {
    const plain = [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"hello":"world"}').toString('base64') }];
    expect((await post('/encode', { payloads: plain }, bearer('operator'))).status).toBe(403);
    const encoded = await post('/encode', { payloads: plain }, bearer('support'));
    expect(encoded.status).toBe(200);
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    const decoded = await post('/decode', encoded.body, bearer('operator'));
    expect(decoded.body.payloads).toEqual(plain);
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
