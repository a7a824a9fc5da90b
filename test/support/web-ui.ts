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
import type { ApiRole } from '../../domain/actor';
import { OnboardingClient, workflowIdFor } from '../../client/onboarding-client';
import { buildCodecServer } from '../../codec-server/server';
import { dataConverter } from '../../codec/data-converter';
import { EncryptionCodec } from '../../codec/encryption-codec';
import { loadCodecKeys } from '../../codec/keys';
import { providersConfigFrom } from '../../providers/config';
import { createAdapters } from '../../providers/registry';
import { sandboxAdmin, type SandboxAdmin } from '../../dev/sandbox/admin-client';
import { startSandbox } from '../../dev/sandbox/server';
import { startDevServer } from '../../dev/dev-server';
import { createOnboardingWorker } from '../../workers/onboarding-worker';
import { apiKeysSpec, randomKeys } from './api';
import { freePort } from './api-process';
import { eventually } from './harness';
import { replayOnboardings } from './replay';

const root = path.resolve(__dirname, '..', '..');
const artifacts = path.join(root, 'test-artifacts');
/** Debian's chromium, installed by .ci/run; never a browser downloaded by a tool. */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A dev server with the Web UI (deploy/temporal/ui/onboarding.yaml, as the demo runs it), the codec server, the sandbox and a worker. */
export interface WebUiStack {
  uiUrl: string;
  codecUrl: string;
  /** A key per role, signed in at the codec server as `test-<role>`. */
  keys: Record<ApiRole, string>;
  temporalClient: Client;
  actors: { client: OnboardingClient; admin: SandboxAdmin };
  /** The workflow's page in the Web UI. */
  workflowPage(reference: string): string;
  /** A real headless Chromium with a fresh profile (its own --user-data-dir, nothing in its storage), with the flags that work on this machine. */
  browser(): Promise<BrowserContext>;
  stop(): Promise<void>;
  /** Stops everything, after replaying every onboarding it ran on the current code (as the harness's close does). */
  close(): Promise<void>;
}

export async function startWebUiStack(): Promise<WebUiStack> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const cleanups: Array<() => Promise<unknown> | void> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const [port, uiPort, codecPort] = [await freePort(), await freePort(), await freePort()];
    const codecUrl = `http://localhost:${codecPort}`;
    const profiles: string[] = [];
    cleanups.push(() => profiles.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
    const dbDir = mkdtempSync(path.join(tmpdir(), 'onboarding-ui-'));
    profiles.push(dbDir);
    const server = await startDevServer({ port, uiPort, dbFile: path.join(dbDir, 'temporal.db'), codecEndpoint: codecUrl });
    cleanups.push(() => server.stop());
    const keys = randomKeys();
    const codec = await buildCodecServer({
      keys: parseApiKeys(apiKeysSpec(keys)),
      codec: new EncryptionCodec(loadCodecKeys()),
      corsOrigins: [server.uiUrl],
      logger: pino({ level: 'warn' }),
    });
    cleanups.push(() => codec.close());
    await codec.listen({ host: '127.0.0.1', port: codecPort });
    expect((codec.server.address() as AddressInfo).port).toBe(codecPort);

    const sandbox = await startSandbox();
    cleanups.push(() => sandbox.close());
    const taskQueue = `ui-${randomUUID()}`;
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    cleanups.push(() => nativeConnection.close());
    const worker = await createOnboardingWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      adapters: createAdapters(providersConfigFrom({ SANDBOX_URL: sandbox.url })),
      workflowBundle: { code: readFileSync(process.env.WORKFLOW_BUNDLE_FOR_TESTS!, 'utf8') },
      shutdownGraceTime: '1 second',
    });
    const running = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await running;
    });
    const connection = await Connection.connect({ address: server.address });
    cleanups.push(() => connection.close());
    const temporalClient = new Client({ connection, dataConverter: dataConverter() });
    return {
      uiUrl: server.uiUrl,
      codecUrl,
      keys,
      temporalClient,
      actors: { client: new OnboardingClient(temporalClient, taskQueue), admin: sandboxAdmin(sandbox.url) },
      workflowPage: (reference) => `${server.uiUrl}/namespaces/default/workflows/${workflowIdFor(reference)}`,
      browser: async () => {
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
      },
      stop,
      close: async () => {
        try {
          await replayOnboardings(temporalClient);
        } finally {
          await stop();
        }
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * docs/operations.md's "Web UI" step 1: open the codec server and answer the browser's sign-in with principal and API
 * key. Typed into the URL here (Chromium answers the Basic challenge with it and keeps it, as it
 * keeps what a person types into its prompt); no test hook is involved in what the UI sends later.
 */
export async function signInAtCodecServer(page: Page, stack: WebUiStack, role: 'operator' | 'support' | 'compliance'): Promise<void> {
  const url = new URL(`${stack.codecUrl}/`);
  url.username = `test-${role}`;
  url.password = stack.keys[role];
  const signIn = await page.goto(url.toString());
  expect(signIn?.status()).toBe(200);
  expect(await page.textContent('body')).toContain(`Signed in as test-${role}`);
}

/** The page's visible text (evaluated as a string: this project compiles without the DOM's types). */
export const pageText = async (page: Page): Promise<string> => String(await page.evaluate('document.body.innerText'));

/** The visible text of the page and of its frames: the UI renders user metadata (summary, details, current details) as markdown in iframes. */
export async function textWithFrames(page: Page): Promise<string> {
  const texts = await Promise.all(page.frames().map((frame) => frame.evaluate('document.body ? document.body.innerText : ""').catch(() => '')));
  return texts.map(String).join('\n');
}

/** docs/operations.md's "Web UI" step 2: the workflow's page, once its input is decoded; its visible text. */
export async function openDecoded(page: Page, stack: WebUiStack, reference: string): Promise<string> {
  await page.goto(stack.workflowPage(reference));
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

/** A full-page screenshot in test-artifacts/, for a person to look at after a run. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, name), fullPage: true });
}
