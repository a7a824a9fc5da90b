import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import pino from 'pino';
import { parseApiKeys } from '../../api/auth';
import { OnboardingClient, workflowIdFor } from '../../client/onboarding-client';
import { credentialMarker } from '../../codec-server/redaction';
import { buildCodecServer } from '../../codec-server/server';
import { dataConverter } from '../../codec/data-converter';
import { EncryptionCodec } from '../../codec/encryption-codec';
import { loadCodecKeys } from '../../codec/keys';
import { providersConfigFrom } from '../../providers/config';
import { createAdapters } from '../../providers/registry';
import { sandboxAdmin } from '../../dev/sandbox/admin-client';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { startDevServer, type DevServer } from '../../dev/dev-server';
import { createOnboardingWorker } from '../../workers/onboarding-worker';
import { apiKeysSpec, randomKeys } from '../support/api';
import { freePort } from '../support/api-process';
import { eventually } from '../support/harness';
import { enterAllCodes, reachStep } from '../support/person';
import { soveraRequest, stoknRequest, sumvinRequest } from '../support/requests';
import { replayOnboardings } from '../support/replay';

const root = path.resolve(__dirname, '..', '..');
const artifacts = path.join(root, 'test-artifacts');
/** Debian's chromium, installed by .ci/run; never a browser downloaded by a tool. */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

type PayloadJson = { metadata: Record<string, string>; data: string };

/** Every payload of a history (inputs, results, signals, updates, failures' attributes), in the codec's protobuf JSON. */
function payloadsIn(value: unknown, found: PayloadJson[] = []): PayloadJson[] {
  if (Array.isArray(value)) value.forEach((v) => payloadsIn(v, found));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.data instanceof Uint8Array && o.metadata && typeof o.metadata === 'object') {
      const metadata = Object.fromEntries(Object.entries(o.metadata as Record<string, Uint8Array>).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
      found.push({ metadata, data: Buffer.from(o.data).toString('base64') });
    } else Object.values(o).forEach((v) => payloadsIn(v, found));
  }
  return found;
}

/**
 * The Temporal Web UI (the UI server on deploy/temporal/ui/onboarding.yaml, as the demo runs it)
 * with the codec server, in a real headless Chromium, clicked through as docs/operations.md's "Web UI" says:
 * sign in at the codec server, open the workflow. Nothing is preset in the browser's storage.
 */
describe('Web UI with the codec server (real browser)', () => {
  let server: DevServer;
  let sandbox: Sandbox;
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let stopWorker: () => Promise<void>;
  let codec: Awaited<ReturnType<typeof buildCodecServer>>;
  let codecUrl: string;
  const keys = randomKeys();
  const profiles: string[] = [];
  let temporalClient: Client | undefined;
  const sovera = soveraRequest();
  const stokn = stoknRequest();
  let sumvin: ReturnType<typeof sumvinRequest>;
  let jwt: string;
  /** The OTP codes the person typed (Stokn's and Sumvin's): in their histories, decoded for no one. */
  const codes: string[] = [];

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    const [port, uiPort, codecPort] = [await freePort(), await freePort(), await freePort()];
    codecUrl = `http://localhost:${codecPort}`;
    const dbDir = mkdtempSync(path.join(tmpdir(), 'onboarding-ui-'));
    profiles.push(dbDir);
    server = await startDevServer({ port, uiPort, dbFile: path.join(dbDir, 'temporal.db'), codecEndpoint: codecUrl });
    codec = await buildCodecServer({
      keys: parseApiKeys(apiKeysSpec(keys)),
      codec: new EncryptionCodec(loadCodecKeys()),
      corsOrigins: [server.uiUrl],
      logger: pino({ level: 'warn' }),
    });
    await codec.listen({ host: '127.0.0.1', port: codecPort });
    expect((codec.server.address() as AddressInfo).port).toBe(codecPort);

    sandbox = await startSandbox();
    const taskQueue = `ui-${randomUUID()}`;
    nativeConnection = await NativeConnection.connect({ address: server.address });
    const worker = await createOnboardingWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      adapters: createAdapters(providersConfigFrom({ SANDBOX_URL: sandbox.url })),
      workflowBundle: { code: readFileSync(process.env.WORKFLOW_BUNDLE_FOR_TESTS!, 'utf8') },
      shutdownGraceTime: '1 second',
    });
    const running = worker.run();
    stopWorker = async () => {
      worker.shutdown();
      await running;
    };
    connection = await Connection.connect({ address: server.address });
    temporalClient = new Client({ connection, dataConverter: dataConverter() });
    const actors = { client: new OnboardingClient(temporalClient, taskQueue), admin: sandboxAdmin(sandbox.url) };
    jwt = await actors.admin.userJwt('sumvin', `ui-${randomUUID()}`);
    sumvin = sumvinRequest(jwt);
    for (const request of [sovera, stokn, sumvin]) await actors.client.start(request);
    // The person types their codes (Stokn logs in with the password first; Sumvin calls with the JWT).
    for (const request of [stokn, sumvin]) {
      for (const channel of await enterAllCodes(actors, request.provider, request.reference)) expect(channel).toBeTruthy();
      const sent = await actors.admin.outbox({ provider: request.provider });
      codes.push(...sent.map((m) => m.code));
    }
    expect(codes.length).toBeGreaterThan(0);
    for (const request of [sovera, stokn, sumvin]) await reachStep(actors, request.reference, 'awaiting-kyc', 60_000);
  }, 180_000);
  afterAll(async () => {
    try {
      if (temporalClient) await replayOnboardings(temporalClient);
    } finally {
      await stopAll();
    }
  });
  async function stopAll() {
    await stopWorker?.();
    await nativeConnection?.close();
    await connection?.close();
    await codec?.close();
    await sandbox?.close();
    await server?.stop();
    for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
  }

  /** A fresh profile (its own --user-data-dir, nothing in its storage), with the flags that work on this machine. */
  async function browser(): Promise<BrowserContext> {
    const profile = mkdtempSync(path.join(tmpdir(), 'onboarding-chromium-'));
    profiles.push(profile);
    return chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1400, height: 1800 },
    });
  }

  /**
   * docs/operations.md's step 1: open the codec server and answer the browser's sign-in with principal and API
   * key. Typed into the URL here (Chromium answers the Basic challenge with it and keeps it, as it
   * keeps what a person types into its prompt); no test hook is involved in what the UI sends later.
   */
  async function signInAtCodecServer(page: Page, role: 'operator' | 'support' | 'compliance'): Promise<void> {
    const url = new URL(`${codecUrl}/`);
    url.username = `test-${role}`;
    url.password = keys[role];
    const signIn = await page.goto(url.toString());
    expect(signIn?.status()).toBe(200);
    expect(await page.textContent('body')).toContain(`Signed in as test-${role}`);
  }

  /** The page's visible text (evaluated as a string: this project compiles without the DOM's types). */
  const pageText = async (page: Page) => String(await page.evaluate('document.body.innerText'));
  const workflowPage = (reference: string) => `${server.uiUrl}/namespaces/default/workflows/${workflowIdFor(reference)}`;
  /** docs/operations.md's step 2: the workflow's page, once its input is decoded. */
  async function openDecoded(page: Page, reference: string): Promise<string> {
    await page.goto(workflowPage(reference));
    return eventually(
      async () => {
        // Some UI releases show JSON compact, others spaced: read it as `"key": value` either way.
        const shown = (await pageText(page)).replace(/"\s*:\s*/g, '": ');
        // Thrown, so a timeout says what the page showed instead.
        if (!shown.includes(`"reference": "${reference}"`)) throw new Error(`the page shows: ${shown.replace(/\s+/g, ' ').slice(0, 800)}`);
        return shown;
      },
      60_000,
      `the decoded input of ${reference} on its workflow page`,
    );
  }
  const screenshot = async (page: Page, name: string) => {
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, name), fullPage: true });
  };
  const credentials = () => ['correct-horse-42', jwt, ...codes.map((c) => `"${c}"`)];

  test("an operator, signed in at the codec server, sees the input's reference and the person masked; no password or JWT", async () => {
    const context = await browser();
    try {
      const page = await context.newPage();
      await signInAtCodecServer(page, 'operator');

      const text = await openDecoded(page, sovera.reference);
      expect(text).toContain('"provider": "sovera"');
      expect(text).toContain('"firstName": "…"');
      expect(text).toContain('"email": "…"');
      expect(text).toContain('"dateOfBirth": "…"');
      for (const personal of [sovera.person.firstName, sovera.person.email, sovera.person.address.line1, sovera.person.identity.number])
        expect(text).not.toContain(personal);
      await screenshot(page, 'web-ui-operator-sovera.png');

      for (const request of [stokn, sumvin]) {
        const shown = await openDecoded(page, request.reference);
        expect(shown).toContain(credentialMarker);
        for (const credential of credentials()) expect(shown).not.toContain(credential);
        await screenshot(page, `web-ui-operator-${request.provider}.png`);
      }
    } finally {
      await context.close();
    }
  });

  test('no role decodes a Stokn password, a Sumvin JWT or an OTP code from any payload of the histories; compliance reads the person', async () => {
    const histories = await Promise.all([sovera, stokn, sumvin].map((r) => temporalClient!.workflow.getHandle(workflowIdFor(r.reference)).fetchHistory()));
    const payloads = payloadsIn(histories);
    expect(payloads.length).toBeGreaterThan(20);
    for (const role of ['operator', 'support', 'compliance'] as const) {
      const res = await fetch(`${codecUrl}/decode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-namespace': 'default', authorization: `Bearer ${keys[role]}` },
        body: JSON.stringify({ payloads }),
      });
      expect(res.status).toBe(200);
      const decoded = ((await res.json()) as { payloads: PayloadJson[] }).payloads.map((p) => Buffer.from(p.data, 'base64').toString()).join('\n');
      expect(decoded).toContain(sovera.reference);
      for (const credential of credentials()) {
        const at = decoded.indexOf(credential);
        expect(at < 0 ? 'none' : `${credential} in …${decoded.slice(Math.max(0, at - 300), at + 60)}…`).toBe('none');
      }
      expect(decoded.includes(stokn.person.email)).toBe(role === 'compliance');
    }
  });

  test('without signing in, the UI gets 401 from the codec server; its banner says so and links to the sign-in; no decoded input', async () => {
    const context = await browser();
    try {
      const page = await context.newPage();
      const decodes: number[] = [];
      page.on('response', (r) => {
        if (r.url().startsWith(`${codecUrl}/decode`)) decodes.push(r.status());
      });
      await page.goto(workflowPage(sovera.reference));
      await eventually(async () => (decodes.length > 0 ? true : undefined), 60_000, 'a decode request from the UI');
      const text = await eventually(
        async () => {
          const shown = await pageText(page);
          return shown.includes('Input') && shown.includes('The codec server refused to decode: sign in there') ? shown : undefined;
        },
        60_000,
        'the workflow page with the codec banner',
      );
      expect(await page.locator(`a[href="${codecUrl}"]`).count()).toBeGreaterThan(0);
      expect(decodes.every((s) => s === 401)).toBe(true);
      expect(text).not.toContain(`"reference": "${sovera.reference}"`);
      await screenshot(page, 'web-ui-not-signed-in.png');
    } finally {
      await context.close();
    }
  });
});
