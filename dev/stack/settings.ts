import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where the local stack keeps everything: the repo's .data/ (git-ignored). */
export const root = path.resolve(__dirname, '..', '..');
export const dataDir = path.join(root, '.data');
export const stackDir = path.join(dataDir, 'stack');
export const logDir = path.join(dataDir, 'logs');
export const runDir = path.join(stackDir, 'run');

/**
 * The Temporal server's and Web UI's configuration in the repo, which docker-compose.yml mounts
 * too (test/deploy-drift.test.ts holds both to the same files).
 */
export const deployFiles = {
  /** Config directory and environment name: the server loads <dir>/<env>.yaml. */
  serverConfigDir: 'deploy/temporal/server',
  serverEnv: 'onboarding',
  dynamicConfig: 'deploy/temporal/server/dynamicconfig.yaml',
  uiConfigDir: 'deploy/temporal/ui',
  uiEnv: 'onboarding',
  migrate: 'deploy/temporal/migrate.sh',
  versions: 'deploy/temporal/versions.env',
} as const;

/** A `KEY=value` file of the repo's (deploy/temporal/versions.env, cluster.env): its assignments, comments skipped. */
export function readEnvFile(file: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readFileSync(path.join(root, file), 'utf8').split('\n')) {
    const [, key, value] = /^([A-Z_]+)=(\S+)$/.exec(line.trim()) ?? [];
    if (key) values[key] = value;
  }
  return values;
}

/**
 * The stack's ports, below the ephemeral range the dev-server tests draw from and away from the
 * demo's 7233/8233. STACK_PORT_OFFSET shifts them all (two checkouts on one machine).
 */
export function stackPorts(env: NodeJS.ProcessEnv = process.env) {
  const offset = Number(env.STACK_PORT_OFFSET ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || offset > 10_000) throw new Error('STACK_PORT_OFFSET must be an integer from 0 to 10000');
  const at = (port: number) => port + offset;
  return {
    postgres: at(17432),
    temporal: at(17233),
    temporalHttp: at(17243),
    temporalMetrics: at(17290),
    temporalInternal: {
      TEMPORAL_HISTORY_PORT: at(17234),
      TEMPORAL_MATCHING_PORT: at(17235),
      TEMPORAL_WORKER_PORT: at(17239),
      TEMPORAL_FRONTEND_MEMBERSHIP_PORT: at(16933),
      TEMPORAL_HISTORY_MEMBERSHIP_PORT: at(16934),
      TEMPORAL_MATCHING_MEMBERSHIP_PORT: at(16935),
      TEMPORAL_WORKER_MEMBERSHIP_PORT: at(16939),
    },
    ui: at(18233),
    sandbox: at(14010),
    api: at(13000),
    /** The stack's backend, receiving the onboardings' events (dev/stack/events-receiver.ts). */
    events: at(13010),
    codec: at(18081),
    /** Per worker: Prometheus /metrics and /healthz. */
    workerMetrics: (n: number) => at(19463 + n),
    workerHealth: (n: number) => at(19473 + n),
  };
}
export type StackPorts = ReturnType<typeof stackPorts>;

/** The binaries dev/temporal-stack.sh provides (it installs or builds them the first time). */
export interface StackTools {
  PG_BINDIR: string;
  TEMPORAL_SERVER_BIN: string;
  TEMPORAL_SQL_TOOL_BIN: string;
  TEMPORAL_UI_SERVER_BIN: string;
  TEMPORAL_SCHEMA_DIR: string;
}

/** `serverVersion`: another Temporal release than deploy/temporal/versions.env's (the upgrade test's previous one). */
export function stackTools(serverVersion?: string): StackTools {
  const out = execFileSync('bash', [path.join(root, 'dev', 'temporal-stack.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: serverVersion ? { ...process.env, STACK_SERVER_VERSION: serverVersion } : process.env,
  });
  const tools = Object.fromEntries(
    out
      .split('\n')
      .map((line) => line.match(/^([A-Z_]+)=(.*)$/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => [m[1], m[2]]),
  ) as Partial<StackTools>;
  for (const key of ['PG_BINDIR', 'TEMPORAL_SERVER_BIN', 'TEMPORAL_SQL_TOOL_BIN', 'TEMPORAL_UI_SERVER_BIN', 'TEMPORAL_SCHEMA_DIR'] as const) {
    if (!tools[key]) throw new Error(`dev/temporal-stack.sh did not report ${key}`);
  }
  return tools as StackTools;
}

/** A secret made once for this stack and kept in .data/stack/ (mode 600): never in the repo. */
export function stackSecret(name: string, make: () => string): string {
  const file = path.join(stackDir, name);
  if (!existsSync(file)) {
    mkdirSync(stackDir, { recursive: true });
    writeFileSync(file, make(), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

export const postgresPassword = () => stackSecret('postgres-password', () => randomBytes(24).toString('base64url'));
/** The payload key every process of the stack shares (workers, clients, tests). */
export const stackCodecKeys = () => stackSecret('codec-keys', () => `stack:${randomBytes(32).toString('base64')}`);

/** The stack's secrets key (codec/secrets-codec.ts): given to the workers and the API, never to the codec server. */
export const stackSecretsKeys = () => stackSecret('secrets-keys', () => `stack:${randomBytes(32).toString('base64')}`);

/** The stack's API keys, one principal per role, kept in .data/stack/api-keys as `principal:role:key` lines (mode 600). */
export const stackApiKeys = () =>
  stackSecret('api-keys', () =>
    ['stack-backend:backend', 'stack-support:support', 'stack-operator:operator'].map((p) => `${p}:onb_${randomBytes(24).toString('base64url')}`).join('\n'),
  )
    .split('\n')
    .map((line) => {
      const [id, role, key] = line.split(':');
      return { id, role, key };
    });

/** The secret the workers sign the onboardings' events with, for the stack's backend. */
export const stackEventsSecret = () => stackSecret('events-secret', () => randomBytes(32).toString('base64url'));

/** The secret the stack's sandbox signs its KYC webhooks with, for every provider. */
export const stackWebhookSecret = () => stackSecret('webhook-secret', () => randomBytes(32).toString('base64url'));
