import { daemon, httpOk, job, type Service } from './service';
import { clusterHosts } from './cluster';
import { deployFiles, root, stackEventsSecret, stackSecretsKeys } from './settings';
import { temporalAddress, temporalReady, temporalServer, temporalUrls } from './temporal-server';

const node = process.execPath;

/** PostgreSQL through pg_ctl: created once, started, then Temporal's two databases created and migrated. */
const postgres: Service = {
  name: 'postgres',
  running: (ctx) => ctx.postgres.isRunning(),
  async start(ctx) {
    ctx.postgres.initialize();
    ctx.postgres.start();
    ctx.postgres.migrate(ctx.temporalEnv);
  },
  async stop(ctx) {
    ctx.postgres.stop();
  },
  urls: (ctx) => ({ postgres: `postgresql://temporal@127.0.0.1:${ctx.ports.postgres}/temporal (password in .data/stack/postgres-password)` }),
};

/** The one-process server: its four services in one program. */
const temporal = daemon({ name: 'temporal', command: (ctx) => temporalServer(ctx), ready: temporalReady, urls: temporalUrls, stopGraceMs: 20_000 });

/** The same setup docker-compose runs: namespace and search attributes, from the compiled code. */
const temporalSetup = job({
  name: 'temporal-setup',
  command: (ctx) => ({ command: node, args: ['dist/cmd/setup.js'], env: ctx.nodeEnv }),
});

const ui = daemon({
  name: 'temporal-ui',
  command: (ctx) => ({
    command: ctx.tools.TEMPORAL_UI_SERVER_BIN,
    args: ['--root', root, '--config', deployFiles.uiConfigDir, '--env', deployFiles.uiEnv, 'start'],
    env: {
      TEMPORAL_ADDRESS: temporalAddress(ctx),
      TEMPORAL_UI_HOST: '127.0.0.1',
      TEMPORAL_UI_PORT: String(ctx.ports.ui),
      TEMPORAL_UI_ORIGIN: `http://localhost:${ctx.ports.ui}`,
      // The codec server, once the stack has one: its URL from the table, for the browser to call.
      TEMPORAL_CODEC_ENDPOINT: codec.urls?.(ctx).codec ?? '',
    },
  }),
  ready: (ctx) => httpOk(`http://127.0.0.1:${ctx.ports.ui}/`),
  urls: (ctx) => ({ 'web UI': `http://localhost:${ctx.ports.ui}/namespaces/default/workflows` }),
});

const sandbox = daemon({
  name: 'sandbox',
  command: (ctx) => ({
    command: node,
    args: ['dist/cmd/sandbox.js'],
    env: {
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_PORT: String(ctx.ports.sandbox),
      // KYC decisions reach the API as signed webhooks, as a provider's would.
      SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${ctx.ports.api}/v1/webhooks`,
      SANDBOX_WEBHOOK_SECRETS: ctx.nodeEnv.ONBOARDING_WEBHOOK_SECRETS,
    },
  }),
  ready: (ctx) => httpOk(`http://127.0.0.1:${ctx.ports.sandbox}/_sandbox/counters`),
  urls: (ctx) => ({ 'sandbox providers': `http://127.0.0.1:${ctx.ports.sandbox} (controls under /_sandbox)` }),
});

/** The backend the onboardings' events go to (dev/stack/events-receiver.ts): it keeps what it accepted, for the tests. */
const events = daemon({
  name: 'events',
  command: (ctx) => ({
    command: node,
    args: ['dist/dev/stack/events-receiver.js'],
    env: { EVENTS_RECEIVER_PORT: String(ctx.ports.events), ONBOARDING_EVENTS_SECRET: stackEventsSecret() },
  }),
  ready: (ctx) => httpOk(`http://127.0.0.1:${ctx.ports.events}/healthz`),
  urls: (ctx) => ({ 'backend events': `http://127.0.0.1:${ctx.ports.events}/received (what the workers delivered)` }),
});

/**
 * Worker n: the compiled worker on the shared task queue, with its own metrics and health ports.
 * `STACK_UNCACHED_WORKERS=2` (a list) runs those with no workflow cache: each of their tasks
 * replays the whole history (test:stack does, to prove replays give the same commands).
 */
export function worker(n: number): Service {
  const uncached = (process.env.STACK_UNCACHED_WORKERS ?? '').split(',').includes(String(n));
  return daemon({
    name: `worker-${n}`,
    command: (ctx) => ({
      command: node,
      args: ['dist/cmd/worker.js'],
      env: {
        ...ctx.nodeEnv,
        ONBOARDING_SECRETS_KEYS: stackSecretsKeys(),
        ONBOARDING_METRICS_ADDRESS: `127.0.0.1:${ctx.ports.workerMetrics(n)}`,
        ONBOARDING_HEALTH_ADDRESS: `127.0.0.1:${ctx.ports.workerHealth(n)}`,
        ONBOARDING_EVENTS_URL: `http://127.0.0.1:${ctx.ports.events}/events`,
        ONBOARDING_EVENTS_SECRET: stackEventsSecret(),
        // Pinned onboardings on this build's Worker Deployment version (dist/build-id), made current by `worker-version`.
        ONBOARDING_WORKER_VERSIONING: 'true',
        ...(uncached ? { ONBOARDING_MAX_CACHED_WORKFLOWS: '0' } : {}),
      },
    }),
    ready: (ctx) => httpOk(`http://127.0.0.1:${ctx.ports.workerHealth(n)}/healthz`),
    urls: (ctx) => ({ [`worker-${n} metrics`]: `http://127.0.0.1:${ctx.ports.workerMetrics(n)}/metrics` }),
    // Drains in-flight activities (shutdownGraceTime 10 s) before it exits.
    stopGraceMs: 30_000,
  });
}

/** The deploy step: the workers' version becomes current once they poll (versioned workers get no task before). */
const workerVersion = job({
  name: 'worker-version',
  command: (ctx) => ({ command: node, args: ['dist/cmd/set-current-version.js'], env: ctx.nodeEnv }),
});

const api = daemon({
  name: 'api',
  command: (ctx) => ({
    command: node,
    args: ['dist/cmd/api.js'],
    env: { ...ctx.nodeEnv, ONBOARDING_SECRETS_KEYS: stackSecretsKeys(), API_HOST: '127.0.0.1', API_PORT: String(ctx.ports.api) },
  }),
  ready: (ctx) => httpOk(`http://127.0.0.1:${ctx.ports.api}/readyz`),
  urls: (ctx) => ({
    api: `http://127.0.0.1:${ctx.ports.api} (keys in .data/stack/api-keys; /openapi.json)`,
    'support console': `http://127.0.0.1:${ctx.ports.api}/console (sign in with a support, operator or compliance key)`,
  }),
  stopGraceMs: 15_000,
});

/** The Web UI's codec endpoint (a `codec` url): support and operators sign in with their API key. */
const codec = daemon({
  name: 'codec',
  command: (ctx) => ({
    command: node,
    args: ['dist/cmd/codec-server.js'],
    env: {
      ...ctx.nodeEnv,
      CODEC_SERVER_HOST: '127.0.0.1',
      CODEC_SERVER_PORT: String(ctx.ports.codec),
      CODEC_CORS_ORIGINS: `http://localhost:${ctx.ports.ui}`,
    },
  }),
  ready: (ctx) => httpOk(`http://127.0.0.1:${ctx.ports.codec}/healthz`),
  urls: (ctx) => ({ codec: `http://localhost:${ctx.ports.codec}` }),
});

export type Topology = 'single' | 'cluster';

/**
 * The stack, in start order: a service is one entry. `single`: the Temporal server as one process
 * and two workers; `cluster`: the server's services as six processes (dev/stack/cluster.ts) and
 * three workers.
 */
export function stackServices(topology: Topology): Service[] {
  const server = topology === 'cluster' ? clusterHosts : [temporal];
  const workers = topology === 'cluster' ? [worker(1), worker(2), worker(3)] : [worker(1), worker(2)];
  return [postgres, ...server, temporalSetup, codec, ui, sandbox, events, ...workers, workerVersion, api];
}

/** Every service either topology has, in start order, each once: what --stop and --status go through. */
export const allServices: Service[] = ((cluster) => [cluster[0], temporal, ...cluster.slice(1)])(stackServices('cluster'));
