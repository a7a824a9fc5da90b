import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../dev/port-check';
import { apiKeysSpec, randomKeys } from '../support/api';
import { eventually } from '../support/harness';
import { soveraRequest } from '../support/requests';
import { ComposeProject } from './compose-project';
import { docker, startDockerEngine, type DockerEngine } from './docker-engine';

const root = path.resolve(__dirname, '..', '..');
const logDir = path.join(root, '.data', 'logs', 'compose');
const project = 'onboarding-compose-test';
const onboardingImage = 'crypto-onboarding:compose-test';
const sandboxImage = 'crypto-onboarding-sandbox:compose-test';

/**
 * `docker compose up` of docker-compose.yml, for real: our Dockerfile built on a stand-in of the
 * official Node image, the official PostgreSQL and Temporal images replaced by stand-ins built here
 * (dev/compose/standin-images.sh; no registry is reachable), everything else as users run it.
 */
describe('docker compose up', () => {
  let engine: DockerEngine;
  let compose: ComposeProject;
  let api: { call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  const ports = { api: 0, ui: 0, codec: 0, temporal: 0 };
  let upAt = 0;

  beforeAll(async () => {
    rmSync(logDir, { recursive: true, force: true });
    mkdirSync(logDir, { recursive: true });
    engine = await startDockerEngine(path.join(root, '.data', 'compose'), logDir);
    const standins = buildStandins(engine.host);
    const build = (target: string, tag: string) =>
      step(`docker build --target ${target}`, () =>
        docker(engine.host, ['build', '--network', 'host', '--build-arg', `NODE_IMAGE=${standins.NODE_IMAGE}`, '--target', target, '-t', tag, root]),
      );
    build('runtime', onboardingImage);
    build('sandbox', sandboxImage);

    for (const name of Object.keys(ports) as (keyof typeof ports)[]) ports[name] = await freePort();
    const keys = randomKeys();
    const secret = (bytes: number) => randomBytes(bytes).toString('base64');
    compose = new ComposeProject(
      project,
      engine.host,
      {
        ...standins,
        ONBOARDING_IMAGE: onboardingImage,
        ONBOARDING_SANDBOX_IMAGE: sandboxImage,
        POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
        ONBOARDING_CODEC_KEYS: `main:${secret(32)}`,
        ONBOARDING_SECRETS_KEYS: `main:${secret(32)}`,
        ONBOARDING_API_KEYS: apiKeysSpec(keys),
        ONBOARDING_WEBHOOK_SECRETS: `sovera:${randomBytes(16).toString('hex')}`,
        ONBOARDING_ALLOW_SANDBOX: 'true',
        WORKER_REPLICAS: '2',
        API_HOST_PORT: String(ports.api),
        TEMPORAL_UI_HOST_PORT: String(ports.ui),
        CODEC_SERVER_HOST_PORT: String(ports.codec),
        TEMPORAL_HOST_PORT: String(ports.temporal),
        TEMPORAL_CODEC_ENDPOINT: `http://localhost:${ports.codec}`,
      },
      path.join(logDir, 'compose.log'),
    );
    compose.run(['--profile', 'sandbox', 'down', '--volumes', '--remove-orphans']); // a crashed run's leftovers
    upAt = Date.now();
    compose.run(['--profile', 'sandbox', 'up', '--detach', '--no-build']);

    api = {
      async call(method, route, body) {
        const res = await fetch(`http://127.0.0.1:${ports.api}${route}`, {
          method,
          headers: {
            authorization: `Bearer ${method === 'GET' ? keys.operator : keys.backend}`,
            ...(body ? { 'content-type': 'application/json', 'idempotency-key': randomUUID() } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
        });
        return { status: res.status, body: await res.json().catch(() => undefined) };
      },
    };
  }, 1_500_000);

  afterAll(async () => {
    try {
      if (compose) {
        for (const { service } of compose.containers()) {
          writeFileSync(
            path.join(logDir, `${service}.log`),
            tryRun(() => compose.run(['logs', '--no-color', '--timestamps', service])),
          );
        }
        compose.run(['--profile', 'sandbox', 'down', '--volumes', '--remove-orphans']);
      }
    } finally {
      await engine?.stop();
    }
  }, 300_000);

  const longRunning = ['postgresql', 'temporal', 'temporal-ui', 'worker', 'api', 'codec-server', 'sandbox'];
  const jobs = ['temporal-schema', 'temporal-setup', 'worker-version'];

  test('every service with a healthcheck turns healthy, every job exits 0, two workers', async () => {
    const healthy = await eventually(
      async () => {
        const running = compose.containers().filter((c) => longRunning.includes(c.service));
        const states = running.map((c) => `${c.service}: ${c.inspect.State.Health?.Status ?? c.inspect.State.Status}`);
        return running.length === longRunning.length + 1 && running.every((c) => c.inspect.State.Health?.Status === 'healthy') ? states : undefined;
      },
      240_000,
      'every container healthy',
    );
    expect(healthy.sort()).toEqual(longRunning.flatMap((s) => (s === 'worker' ? [`${s}: healthy`, `${s}: healthy`] : [`${s}: healthy`])).sort());
    // worker-version runs once the workers are healthy: wait for it to finish.
    const finished = await eventually(
      async () => {
        const done = jobs.map((service) => compose.of(service)[0]).filter((c) => c?.State.Status === 'exited');
        return done.length === jobs.length ? done : undefined;
      },
      120_000,
      'every job to exit',
    );
    expect(finished.map((c) => ({ job: c.Name, exitCode: c.State.ExitCode }))).toEqual(finished.map((c) => ({ job: c.Name, exitCode: 0 })));
  });

  test('the start order holds: each service started after what it depends on was healthy or had finished', () => {
    const events = compose.events(upAt);
    const first = (service: string, action: string) => {
      const times = events.filter((e) => e.service === service && e.action === action).map((e) => e.atMs);
      if (times.length === 0) throw new Error(`no "${action}" event of ${service} on record`);
      return Math.min(...times);
    };
    const healthy = (service: string) => first(service, 'health_status: healthy');
    const gates: [string, string, number][] = [
      ['temporal-schema', 'postgresql healthy', healthy('postgresql')],
      ['temporal', 'temporal-schema finished', first('temporal-schema', 'die')],
      ['temporal-setup', 'temporal healthy', healthy('temporal')],
      ['temporal-ui', 'temporal healthy', healthy('temporal')],
      ['worker', 'temporal-setup finished', first('temporal-setup', 'die')],
      ['api', 'temporal-setup finished', first('temporal-setup', 'die')],
      ['worker-version', 'a worker healthy', healthy('worker')],
    ];
    for (const [service, after, at] of gates) {
      expect({ service, after, startedAfter: first(service, 'start') >= at }).toEqual({ service, after, startedAfter: true });
    }
  });

  test('nothing is published beyond 127.0.0.1, and containers share only the network compose made', () => {
    const containers = compose.containers();
    const bindings = containers.flatMap((c) =>
      Object.values(c.inspect.HostConfig.PortBindings ?? {})
        .flat()
        .map((b) => ({ service: c.service, ...b })),
    );
    expect(bindings.map((b) => b.service).sort()).toEqual(['api', 'codec-server', 'temporal', 'temporal-ui']);
    for (const b of bindings) expect(b).toMatchObject({ HostIp: '127.0.0.1' });
    for (const c of containers)
      expect({ service: c.service, networks: Object.keys(c.inspect.NetworkSettings.Networks) }).toEqual({
        service: c.service,
        networks: [`${project}_default`],
      });
    // And from outside: the API answers on 127.0.0.1 only.
    const addresses = docker(engine.host, ['port', compose.of('api')[0].Name.slice(1)])
      .stdout.trim()
      .split('\n');
    expect(addresses).toEqual([`3000/tcp -> 127.0.0.1:${ports.api}`]);
  });

  test('a Sovera onboarding completes through the API: started, KYC verified at the (emulated) provider, a deposit address', async () => {
    const request = soveraRequest();
    const started = await api.call('POST', '/v1/onboardings', request);
    expect(started.status).toBe(201);
    const waiting = await untilStep(request.reference, 'awaiting-kyc');
    expect(waiting.userId).toBeTruthy();
    // The person passes KYC at the provider: the sandbox's own admin route, from inside its container.
    const sandbox = compose.of('sandbox')[0].Name.slice(1);
    const decide = `fetch('http://127.0.0.1:4010/_sandbox/sovera/users/${encodeURIComponent(waiting.userId)}/kyc', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"decision":"VERIFIED"}' }).then((r) => process.exit(r.ok ? 0 : 1))`;
    const decided = docker(engine.host, ['exec', sandbox, 'node', '-e', decide]);
    expect({ status: decided.status, stderr: decided.stderr }).toEqual({ status: 0, stderr: '' });
    const done = await untilStep(request.reference, 'completed');
    expect(done).toMatchObject({ provider: 'sovera', running: false });
    expect(String(done.depositAddress).length).toBeGreaterThan(20);
  });

  test('`docker compose stop`: each worker, PID 1 in its container, gets SIGTERM, drains, logs it and exits 0 within its grace period', () => {
    const workers = compose.of('worker');
    for (const w of workers) {
      const pid1 = docker(engine.host, ['exec', w.Name.slice(1), 'cat', '/proc/1/cmdline'])
        .stdout.split('\0')
        .filter(Boolean);
      expect(pid1).toEqual(['node', 'dist/cmd/worker.js']);
      expect(w.HostConfig.Init).toBeFalsy();
    }
    const stopping = Date.now();
    compose.run(['--profile', 'sandbox', 'stop']);
    for (const w of compose.of('worker')) {
      expect({ worker: w.Name, status: w.State.Status, exitCode: w.State.ExitCode, oomKilled: w.State.OOMKilled }).toEqual({
        worker: w.Name,
        status: 'exited',
        exitCode: 0,
        oomKilled: false,
      });
      expect(Date.parse(w.State.FinishedAt) - stopping).toBeLessThan(30_000);
      const lines = docker(engine.host, ['logs', w.Name.slice(1)])
        .stdout.split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg?: string; state?: string });
      const told = lines.map((l) => (l.msg === 'Worker state changed' ? `state ${l.state}` : l.msg));
      expect(told.slice(-4)).toEqual(['state DRAINING', 'state DRAINED', 'state STOPPED', 'onboarding worker stopped']);
    }
  });

  async function untilStep(reference: string, step: string) {
    return eventually(
      async () => {
        const { status, body } = await api.call('GET', `/v1/onboardings/${reference}`);
        if (body?.step === 'failed') throw new Error(`failed: ${JSON.stringify(body.failure)}`);
        return status === 200 && body.step === step ? body : undefined;
      },
      120_000,
      `onboarding ${reference} at ${step}`,
    );
  }
});

/** The stand-in images (dev/compose/standin-images.sh), as the compose variables that name them. */
function buildStandins(host: string): Record<string, string> {
  const out = step('dev/compose/standin-images.sh', () => {
    try {
      const stdout = execFileSync('bash', [path.join(root, 'dev', 'compose', 'standin-images.sh')], {
        env: { ...process.env, DOCKER_HOST: host },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      });
      return { status: 0, stdout, stderr: '' };
    } catch (err) {
      const e = err as { status: number; stdout: string; stderr: string };
      return { status: e.status, stdout: e.stdout, stderr: e.stderr };
    }
  });
  return Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((line) => line.split('=') as [string, string]),
  );
}

/** Runs one build step, its output kept in the compose log folder; throws naming the step and its last lines. */
function step(what: string, run: () => { status: number | null; stdout: string; stderr: string }): string {
  const result = run();
  writeFileSync(path.join(logDir, `${what.replace(/[^a-z0-9]+/gi, '-')}.log`), result.stdout + result.stderr);
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}): ${result.stderr.trim().split('\n').slice(-8).join('\n')}`);
  return result.stdout;
}

function tryRun(run: () => string): string {
  try {
    return run();
  } catch (err) {
    return String(err);
  }
}
