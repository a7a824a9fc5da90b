import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { devServerDynamicConfig, dynamicConfigArgs } from '../config/dev-server';
import { searchAttributeRegistrations } from '../workflows/search-attributes';

const root = path.resolve(__dirname, '..');

export interface DevServer {
  address: string;
  uiUrl: string;
  /** The server's process, when this machine runs it (the bench reads its CPU time). */
  pid?: number;
  stop(): Promise<void>;
}

/**
 * The project's Temporal CLI, built once into .tools/ from the Go module proxy when neither
 * TEMPORAL_CLI_PATH nor `temporal` is there (the script says what to install when Go is missing
 * too). Nothing downloads a prebuilt binary.
 */
export function temporalCli(): string {
  const out = execFileSync('bash', [path.join(root, 'dev', 'temporal-cli.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').at(-1)!;
}

export interface DevServerOptions {
  port: number;
  uiPort: number;
  /** Where the server keeps its state; without it, in memory (nothing survives a restart). */
  dbFile?: string;
  /** Dynamic config values (default: the project's, config/dev-server.ts). */
  dynamicConfig?: Record<string, number | boolean | string>;
  /**
   * The Web UI asks this codec server to decode payloads (npm run codec-server), sending the
   * browser's credentials for it. The CLI's embedded UI cannot send them (CLI 1.5.1 sets only the
   * codec endpoint), so the UI then runs as the standalone UI server on
   * deploy/temporal/ui/onboarding.yaml, as in the stack, with the dev server headless.
   */
  codecEndpoint?: string;
}

/** The standalone Web UI server, built once into .tools/ like the CLI (dev/temporal-ui.sh). */
function temporalUiServer(): string {
  const out = execFileSync('bash', [path.join(root, 'dev', 'temporal-ui.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').at(-1)!;
}

/** Polls `check` until it holds, or throws `failure()` once `child` exits or a minute passes. */
async function untilReady(child: ChildProcess, what: string, check: () => Promise<boolean>, logFile?: string): Promise<void> {
  const until = Date.now() + 60_000;
  let last: unknown = 'not ready';
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited (code ${child.exitCode}); is its port free?${logFile ? ` Its log: ${logFile}` : ''}`);
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`${what} did not start: ${String(last)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The UI server on deploy/temporal/ui/onboarding.yaml for the dev server at `address`, listening on `uiPort`. */
async function startUiServer(address: string, uiPort: number, codecEndpoint: string): Promise<{ child: ChildProcess; exited: Promise<void> }> {
  // Its output goes to a file, named when it fails to start: the reason is there, not in the test's output.
  const logFile = path.join(root, '.data', 'logs', `temporal-ui-${uiPort}.log`);
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = openSync(logFile, 'w');
  const child = spawn(temporalUiServer(), ['--root', root, '--config', 'deploy/temporal/ui', '--env', 'onboarding', 'start'], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: address,
      TEMPORAL_UI_HOST: '127.0.0.1',
      TEMPORAL_UI_PORT: String(uiPort),
      TEMPORAL_UI_ORIGIN: `http://localhost:${uiPort}`,
      TEMPORAL_CODEC_ENDPOINT: codecEndpoint,
      // Plain http on this machine, as the CLI's own UI: its CSRF cookie cannot be Secure.
      TEMPORAL_CSRF_COOKIE_INSECURE: 'true',
    },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await untilReady(child, 'the Temporal Web UI server', async () => (await fetch(`http://127.0.0.1:${uiPort}/`)).ok, logFile);
  } catch (err) {
    child.kill('SIGTERM');
    throw err;
  }
  return { child, exited };
}

/**
 * `temporal server start-dev` with the Web UI and (for the demo) a database file, so onboardings
 * survive a restart of the server; our search attributes registered; the project's dynamic
 * config; with a codec endpoint, the standalone UI server in place of the embedded UI.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  if (options.dbFile) mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const cli = temporalCli();
  const args = ['server', 'start-dev', '--port', String(options.port), '--log-level', 'error'];
  args.push(...(options.codecEndpoint ? ['--headless'] : ['--ui-port', String(options.uiPort)]));
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  args.push(...dynamicConfigArgs(options.dynamicConfig ?? devServerDynamicConfig));
  for (const [name, type] of Object.entries(searchAttributeRegistrations)) args.push('--search-attribute', `${name}=${type}`);
  const child: ChildProcess = spawn(cli, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = `127.0.0.1:${options.port}`;
  await untilReady(child, 'the Temporal dev server', async () => {
    const connection = await Connection.connect({ address, connectTimeout: 1_000 });
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  });
  let ui: { child: ChildProcess; exited: Promise<void> } | undefined;
  try {
    ui = options.codecEndpoint ? await startUiServer(address, options.uiPort, options.codecEndpoint) : undefined;
  } catch (err) {
    child.kill('SIGTERM');
    throw err;
  }
  return {
    address,
    uiUrl: `http://localhost:${options.uiPort}`,
    pid: child.pid,
    async stop() {
      ui?.child.kill('SIGTERM');
      child.kill('SIGTERM');
      await Promise.all([exited, ui?.exited]);
    },
  };
}
