import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { devServerBaseDynamicConfig, devServerDynamicConfig, dynamicConfigYaml, type DynamicConfig } from '../config/dev-server';
import { ensureNamespace, ensureSearchAttributes } from '../setup/temporal-namespace';
import { searchAttributeRegistrations } from '../workflows/search-attributes';
import { freePort, reservePorts } from './port-check';
import { deployFiles, readEnvFile } from './stack/settings';

const root = path.resolve(__dirname, '..');
const logDir = path.join(root, '.data', 'logs');

export interface DevServer {
  address: string;
  namespace: string;
  /** The Web UI, when one was asked for (`uiPort`). */
  uiUrl: string;
  /** The server's process (the bench reads its CPU time). */
  pid?: number;
  /** Where the server logs (JSON lines): a failure's reason is there, not in the caller's output. */
  logFile: string;
  stop(): Promise<void>;
}

/** The versions we ship (deploy/temporal/versions.env), as the build scripts read them. */
export function temporalVersions(): Record<string, string> {
  return readEnvFile(deployFiles.versions);
}

/** One of our Go-built tools (dev/temporal-*.sh): the cached build in .tools/, or built once from the Go module proxy. */
function goTool(script: 'temporal-cli' | 'temporal-server' | 'temporal-ui', args: string[] = []): string {
  const out = execFileSync('bash', [path.join(root, 'dev', `${script}.sh`), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').at(-1)!;
}

/** The Temporal CLI operators use (TEMPORAL_CLI_PATH, `temporal` on PATH, or built into .tools/). */
export const temporalCli = (): string => goTool('temporal-cli');

/** The demo's database for its server port: named by server version too, since a SQLite store has no schema upgrades. */
export function devDatabaseFile(port: number): string {
  return path.join(root, '.data', `temporal-${temporalVersions().TEMPORAL_SERVER_VERSION}-dev-${port}.db`);
}

/** A SQLite store with its write-ahead log and index, once its server has stopped. */
export function removeDevDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

export interface DevServerOptions {
  port: number;
  /** Runs the Web UI server beside it on this port (deploy/temporal/ui/onboarding.yaml, as in the stack). */
  uiPort?: number;
  /** Where the server keeps its state; without it, in memory (nothing survives a restart). */
  dbFile?: string;
  /** Dynamic config values over the dev server's base (default: the project's, config/dev-server.ts). */
  dynamicConfig?: DynamicConfig;
  /** The codec server the Web UI asks to decode payloads, sending the browser's credentials for it. */
  codecEndpoint?: string;
  /** Another server release (the upgrade test's previous one); default: the one we ship. */
  version?: string;
  /** Its store on this PostgreSQL (user `temporal`, databases made by deploy/temporal/migrate.sh) instead of SQLite: the upgrade test's. */
  postgres?: { port: number; password: string };
}

/** The last line of a log that reads as an error (a CI run keeps the message, not the machine's files). */
function lastError(logFile: string): string {
  const lines = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => /error|fatal|panic|in use/i.test(line));
  return lines.at(-1)?.slice(0, 400) ?? 'its log names no error';
}

/** Polls `check` until it holds, or throws once `child` exits or a minute passes, naming its log. */
async function untilReady(child: ChildProcess, what: string, logFile: string, check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + 60_000;
  let last: unknown = 'not ready';
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited (code ${child.exitCode}): ${lastError(logFile)}. Its log: ${logFile}`);
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`${what} did not start: ${String(last)}. Its log: ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A process whose output goes to `logFile`, with a promise of its exit. */
function startLogged(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string) {
  mkdirSync(logDir, { recursive: true });
  const log = openSync(logFile, 'w');
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited };
}

/**
 * The Temporal server we ship (deploy/temporal/versions.env), as a dev server: one process, all
 * four services, on a SQLite file or in memory, loopback only; the `default` namespace and our
 * search attributes registered as `npm run stack` registers them; with `uiPort`, the standalone
 * Web UI server beside it. It is built from the Go module proxy like every Temporal tool here.
 * With `postgres`, the same server on PostgreSQL, as the stack runs it.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const version = options.version ?? temporalVersions().TEMPORAL_SERVER_VERSION;
  const server = goTool('temporal-server', [version]);
  const instance = path.join(root, '.data', 'dev-server', `${options.port}-${randomUUID().slice(0, 8)}`);
  mkdirSync(instance, { recursive: true });
  const dynamicConfigFile = path.join(instance, 'dynamicconfig.yaml');
  writeFileSync(dynamicConfigFile, dynamicConfigYaml({ ...devServerBaseDynamicConfig, ...(options.dynamicConfig ?? devServerDynamicConfig) }));
  if (options.dbFile) mkdirSync(path.dirname(options.dbFile), { recursive: true });

  reservePorts([options.port, options.uiPort]); // given by the caller, maybe not bound yet: none of the server's own may take them
  const port = async () => String(await freePort());
  const store: NodeJS.ProcessEnv = options.postgres
    ? { POSTGRES_SEEDS: '127.0.0.1', DB_PORT: String(options.postgres.port), POSTGRES_USER: 'temporal', POSTGRES_PWD: options.postgres.password }
    : { TEMPORAL_SQLITE_DATABASE: options.dbFile ?? `dev-${path.basename(instance)}`, TEMPORAL_SQLITE_MODE: options.dbFile ? 'file' : 'memory' };
  const env: NodeJS.ProcessEnv = {
    ...store,
    TEMPORAL_BIND_ON_IP: '127.0.0.1',
    TEMPORAL_LOG_LEVEL: 'warn',
    TEMPORAL_FRONTEND_PORT: String(options.port),
    TEMPORAL_FRONTEND_HTTP_PORT: await port(),
    TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${await port()}`,
    TEMPORAL_DYNAMIC_CONFIG_FILE: dynamicConfigFile,
  };
  for (const service of ['HISTORY', 'MATCHING', 'WORKER']) env[`TEMPORAL_${service}_PORT`] = await port();
  for (const service of ['FRONTEND', 'HISTORY', 'MATCHING', 'WORKER']) env[`TEMPORAL_${service}_MEMBERSHIP_PORT`] = await port();

  const logFile = path.join(logDir, `temporal-dev-${options.port}.log`);
  const args = ['--root', root, '--config', 'deploy/temporal/server', '--env', 'onboarding', '--allow-no-auth', 'start'];
  const temporal = startLogged(server, args, env, logFile);
  const address = `127.0.0.1:${options.port}`;
  const namespace = 'default';
  let ui: ReturnType<typeof startLogged> | undefined;
  const stop = async () => {
    ui?.child.kill('SIGTERM');
    temporal.child.kill('SIGTERM');
    await Promise.all([temporal.exited, ui?.exited]);
    rmSync(instance, { recursive: true, force: true });
  };
  try {
    await untilReady(temporal.child, `the Temporal server ${version}`, logFile, async () => {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        await ensureNamespace(connection, namespace, 1);
        await ensureSearchAttributes(connection, namespace, searchAttributeRegistrations);
        // A namespace just registered is refused until the frontend's namespace cache has it; a worker polling then would stop.
        await connection.workflowService.describeTaskQueue({ namespace, taskQueue: { name: 'dev-server-ready' } });
        return true;
      } finally {
        await connection.close();
      }
    });
    if (options.uiPort !== undefined) {
      const uiLog = path.join(logDir, `temporal-ui-${options.uiPort}.log`);
      ui = startLogged(
        goTool('temporal-ui'),
        ['--root', root, '--config', 'deploy/temporal/ui', '--env', 'onboarding', 'start'],
        {
          TEMPORAL_ADDRESS: address,
          TEMPORAL_UI_HOST: '127.0.0.1',
          TEMPORAL_UI_PORT: String(options.uiPort),
          TEMPORAL_UI_ORIGIN: `http://localhost:${options.uiPort}`,
          TEMPORAL_CODEC_ENDPOINT: options.codecEndpoint ?? '',
          // Plain http on this machine: its CSRF cookie cannot be Secure.
          TEMPORAL_CSRF_COOKIE_INSECURE: 'true',
        },
        uiLog,
      );
      const uiPort = options.uiPort;
      await untilReady(ui.child, 'the Temporal Web UI server', uiLog, async () => (await fetch(`http://127.0.0.1:${uiPort}/`)).ok);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, namespace, uiUrl: `http://localhost:${options.uiPort ?? 0}`, pid: temporal.child.pid, logFile, stop };
}
