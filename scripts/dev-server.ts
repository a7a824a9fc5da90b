import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
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
  const out = execFileSync('bash', [path.join(root, 'scripts', 'temporal-cli.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').at(-1)!;
}

export interface DevServerOptions {
  port: number;
  uiPort: number;
  /** Where the server keeps its state; without it, in memory (nothing survives a restart). */
  dbFile?: string;
  /** Dynamic config values (default: the project's, config/dev-server.ts). */
  dynamicConfig?: Record<string, number | boolean | string>;
  /** The Web UI asks this codec server to decode payloads (npm run codec-server). */
  codecEndpoint?: string;
}

/**
 * `temporal server start-dev` with the Web UI and (for the demo) a database file, so onboardings
 * survive a restart of the server; our search attributes registered; the project's dynamic
 * config; the UI's codec endpoint when given.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  if (options.dbFile) mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const cli = temporalCli();
  const args = ['server', 'start-dev', '--port', String(options.port), '--ui-port', String(options.uiPort), '--log-level', 'error'];
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  args.push(...dynamicConfigArgs(options.dynamicConfig ?? devServerDynamicConfig));
  for (const [name, type] of Object.entries(searchAttributeRegistrations)) args.push('--search-attribute', `${name}=${type}`);
  if (options.codecEndpoint) args.push('--ui-codec-endpoint', options.codecEndpoint);
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
