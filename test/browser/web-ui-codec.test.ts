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
import { buildCodecServer } from '../../codec-server/server';
import { dataConverter } from '../../codec/data-converter';
import { EncryptionCodec } from '../../codec/encryption-codec';
import { loadCodecKeys } from '../../codec/keys';
import { providersConfigFrom } from '../../providers/config';
import { createAdapters } from '../../providers/registry';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { startDevServer, type DevServer } from '../../scripts/dev-server';
import { createOnboardingWorker } from '../../workers/onboarding-worker';
import { apiKeysSpec, randomKeys } from '../support/api';
import { freePort } from '../support/api-process';
import { eventually } from '../support/harness';
import { soveraRequest } from '../support/requests';
import { replayOnboardings } from '../support/replay';

const root = path.resolve(__dirname, '..', '..');
const artifacts = path.join(root, 'test-artifacts');
/** Debian's chromium, installed by .ci/run; never a browser downloaded by a tool. */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The Temporal Web UI of the dev server started with --ui-codec-endpoint, in a real headless
 * Chromium: after signing in to the codec server, the workflow page shows the decoded input.
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
  let reference: string;
  let temporalClient: Client | undefined;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    const [port, uiPort, codecPort] = [await freePort(), await freePort(), await freePort()];
    codecUrl = `http://localhost:${codecPort}`;
    const dbDir = mkdtempSync(path.join(tmpdir(), 'onboarding-ui-'));
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
    const client = new OnboardingClient(temporalClient, taskQueue);
    const request = soveraRequest();
    reference = request.reference;
    await client.start(request);
    await eventually(async () => ((await client.status(reference)).step === 'awaiting-kyc' ? true : undefined));
  });
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

  /** A fresh profile (its own --user-data-dir), with the flags that work on this machine. */
  async function browser(httpCredentials?: { username: string; password: string }): Promise<BrowserContext> {
    const profile = mkdtempSync(path.join(tmpdir(), 'onboarding-chromium-'));
    profiles.push(profile);
    return chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 1800 },
      ...(httpCredentials ? { httpCredentials: { ...httpCredentials, origin: codecUrl } } : {}),
    });
  }

  /** What a person does in the UI's codec server settings: include cross-origin credentials (kept by the UI in localStorage). */
  async function includeCredentialsInUi(context: BrowserContext): Promise<void> {
    const page = await context.newPage();
    await page.goto(server.uiUrl);
    await page.evaluate(`
      localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
      localStorage.setItem('endpoint', ${JSON.stringify(JSON.stringify(codecUrl))});
      localStorage.setItem('includeCredentials', 'true');
      localStorage.setItem('passAccessToken', 'false');
    `);
    await page.close();
  }

  /** The page's visible text (evaluated as a string: this project compiles without the DOM's types). */
  const pageText = async (page: Page) => String(await page.evaluate('document.body.innerText'));
  const workflowPage = () => `${server.uiUrl}/namespaces/default/workflows/${workflowIdFor(reference)}`;
  const decodedInputShown = (text: string) => text.includes(`"reference": "${reference}"`) && text.includes('"provider": "sovera"');

  test('an operator signed in to the codec server sees the decoded input: reference and provider', async () => {
    const context = await browser({ username: 'test-operator', password: keys.operator });
    try {
      const page = await context.newPage();
      const signIn = await page.goto(`${codecUrl}/`);
      expect(signIn?.status()).toBe(200);
      expect(await page.textContent('body')).toContain('Signed in as test-operator');
      await includeCredentialsInUi(context);

      await page.goto(workflowPage());
      const text = await eventually(async () => {
        const shown = await pageText(page);
        return shown.includes(`"reference": "${reference}"`) ? shown : undefined;
      }, 60_000, 'the decoded input on the workflow page');
      expect(decodedInputShown(text)).toBe(true);
      // The person's data is there too, decoded for the operator: that is what the codec server is for.
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: path.join(artifacts, 'web-ui-decoded-input.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  test('without signing in, the UI gets 401 from the codec server and shows no decoded input', async () => {
    const context = await browser();
    try {
      await includeCredentialsInUi(context);
      const page = await context.newPage();
      const decodes: number[] = [];
      page.on('response', (r) => {
        if (r.url().startsWith(`${codecUrl}/decode`)) decodes.push(r.status());
      });
      await page.goto(workflowPage());
      await eventually(async () => (decodes.length > 0 ? true : undefined), 60_000, 'a decode request from the UI');
      // The input card is drawn (with what the codec server would not decode).
      const text = await eventually(async () => {
        const shown = await pageText(page);
        return shown.includes('Input') && shown.includes('Event History') ? shown : undefined;
      }, 60_000, 'the workflow page');
      expect(decodes.every((s) => s === 401)).toBe(true);
      expect(decodedInputShown(text)).toBe(false);
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: path.join(artifacts, 'web-ui-not-signed-in.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
