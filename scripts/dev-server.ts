import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { devServerDynamicConfig, dynamicConfigArgs } from '../config/dev-server';
import { onboardingSearchAttributes, searchAttributeRegistrations } from '../workflows/search-attributes';

const root = path.resolve(__dirname, '..');

export interface DevServer {
  address: string;
  uiUrl: string;
  /** The server's process, when this machine runs it (the bench reads its CPU time). */
  pid?: number;
  stop(): Promise<void>;
}

/** The project's Temporal CLI (built once into .tools/ when needed); undefined when neither it nor Go is here. */
export function temporalCli(): string | undefined {
  try {
    const out = execFileSync('bash', [path.join(root, 'scripts', 'temporal-cli.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return out.trim().split('\n').at(-1)!;
  } catch (err) {
    if ((err as { status?: number }).status === 2) return undefined;
    throw err;
  }
}

export interface DevServerOptions {
  port: number;
  uiPort: number;
  /** Where the server keeps its state; without it, in memory (nothing survives a restart). */
  dbFile?: string;
  /** Dynamic config values (default: the project's, config/dev-server.ts). */
  dynamicConfig?: Record<string, number | boolean | string>;
}

/**
 * `temporal server start-dev` with the Web UI and (for the demo) a database file, so onboardings
 * survive a restart of the server; our search attributes registered; the project's dynamic config.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  if (options.dbFile) mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const cli = temporalCli();
  if (!cli) return downloadedDevServer(options);
  const args = ['server', 'start-dev', '--port', String(options.port), '--ui-port', String(options.uiPort), '--log-level', 'error'];
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  args.push(...dynamicConfigArgs(options.dynamicConfig ?? devServerDynamicConfig));
  for (const [name, type] of Object.entries(searchAttributeRegistrations)) args.push('--search-attribute', `${name}=${type}`);
  const child: ChildProcess = spawn(cli, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = `127.0.0.1:${options.port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Temporal dev server exited (code ${child.exitCode}); is port ${options.port} free?`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      break;
    } catch (err) {
      if (Date.now() > until) throw new Error(`the Temporal dev server did not start: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return {
    address,
    uiUrl: `http://localhost:${options.uiPort}`,
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Last resort on a user's machine with internet and neither a CLI nor Go: the SDK downloads the
 * dev server. Never used by the tests or CI, which require the project's own CLI.
 */
async function downloadedDevServer(options: DevServerOptions): Promise<DevServer> {
  console.error('No Temporal CLI and no Go: letting the Temporal SDK download the dev server ...');
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      port: options.port,
      ui: true,
      uiPort: options.uiPort,
      dbFilename: options.dbFile,
      searchAttributes: onboardingSearchAttributes,
      extraArgs: dynamicConfigArgs(options.dynamicConfig ?? devServerDynamicConfig),
    },
  });
  return { address: env.address, uiUrl: `http://localhost:${options.uiPort}`, stop: () => env.teardown() };
}
