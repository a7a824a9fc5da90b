import { spawnSync } from 'node:child_process';
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
const onboardingImage = 'crypto-onboarding:compose-test';
const sandboxImage = 'crypto-onboarding-sandbox:compose-test';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field in the tests
type AnswerBody = any;

/** docker-compose.yml (and `overrides`) up on the test's own engine, with its API and the Sovera onboarding every file runs. */
export interface ComposeStack {
  engine: DockerEngine;
  compose: ComposeProject;
  /** When `up` was called: the engine's events from then on tell the start order. */
  upAt: number;
  ports: { api: number; ui: number; codec: number; temporal: number };
  /** The API as the backend (writes) and an operator (reads) call it. */
  call(method: string, route: string, body?: unknown): Promise<{ status: number; body: AnswerBody }>;
  /** A Sovera onboarding through the API, its KYC verified at the sandbox from inside its container; the completed view. */
  onboardSovera(): Promise<AnswerBody>;
  /** Keeps every service's log in the project's log folder, takes the project down, stops the engine. */
  close(): Promise<void>;
}

/**
 * Starts the engine (test/compose/docker-engine.ts), builds the stand-ins for the official images
 * (dev/compose/standin-images.sh) and our Dockerfile's `runtime` and `sandbox` targets on the Node
 * stand-in, then runs `up` with the sandbox profile, fresh keys and free host ports. Logs go to
 * .data/logs/compose/<project>/.
 */
export async function upComposeStack(project: string, overrides: string[] = []): Promise<ComposeStack> {
  const logDir = path.join(root, '.data', 'logs', 'compose', project);
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  const engine = await startDockerEngine(path.join(root, '.data', 'compose'), logDir);
  const standins = buildStandins(engine.host, logDir);
  for (const [target, tag] of [
    ['runtime', onboardingImage],
    ['sandbox', sandboxImage],
  ]) {
    step(logDir, `docker build --target ${target}`, () =>
      docker(engine.host, ['build', '--network', 'host', '--build-arg', `NODE_IMAGE=${standins.NODE_IMAGE}`, '--target', target, '-t', tag, root]),
    );
  }

  const ports = { api: await freePort(), ui: await freePort(), codec: await freePort(), temporal: await freePort() };
  const keys = randomKeys();
  const secret = () => randomBytes(32).toString('base64');
  const compose = new ComposeProject(
    project,
    engine.host,
    overrides,
    {
      ...standins,
      ONBOARDING_IMAGE: onboardingImage,
      ONBOARDING_SANDBOX_IMAGE: sandboxImage,
      POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
      ONBOARDING_CODEC_KEYS: `main:${secret()}`,
      ONBOARDING_SECRETS_KEYS: `main:${secret()}`,
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
  const upAt = Date.now();
  compose.run(['--profile', 'sandbox', 'up', '--detach', '--no-build']);

  const call: ComposeStack['call'] = async (method, route, body) => {
    const res = await fetch(`http://127.0.0.1:${ports.api}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${method === 'GET' ? keys.operator : keys.backend}`,
        ...(body ? { 'content-type': 'application/json', 'idempotency-key': randomUUID() } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  };
  const untilStep = (reference: string, step: string) =>
    eventually(
      async () => {
        const { status, body } = await call('GET', `/v1/onboardings/${reference}`);
        if (body?.step === 'failed') throw new Error(`failed: ${JSON.stringify(body.failure)}`);
        return status === 200 && body.step === step ? body : undefined;
      },
      120_000,
      `onboarding ${reference} at ${step}`,
    );

  return {
    engine,
    compose,
    upAt,
    ports,
    call,
    async onboardSovera() {
      const request = soveraRequest();
      const started = await call('POST', '/v1/onboardings', request);
      if (started.status !== 201) throw new Error(`POST /v1/onboardings answered ${started.status}: ${JSON.stringify(started.body)}`);
      const waiting = await untilStep(request.reference, 'awaiting-kyc');
      // The person passes KYC at the provider: the sandbox's own admin route, from inside its container.
      const decide = `fetch('http://127.0.0.1:4010/_sandbox/sovera/users/${encodeURIComponent(waiting.userId)}/kyc', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"decision":"VERIFIED"}' }).then((r) => process.exit(r.ok ? 0 : 1))`;
      const decided = docker(engine.host, ['exec', compose.of('sandbox')[0].Name.slice(1), 'node', '-e', decide]);
      if (decided.status !== 0) throw new Error(`the sandbox refused the KYC decision: ${decided.stderr}`);
      return untilStep(request.reference, 'completed');
    },
    async close() {
      try {
        for (const service of new Set(compose.containers().map((c) => c.service))) {
          writeFileSync(
            path.join(logDir, `${service}.log`),
            tryRun(() => compose.run(['logs', '--no-color', '--timestamps', service])),
          );
        }
        compose.run(['--profile', 'sandbox', 'down', '--volumes', '--remove-orphans']);
      } finally {
        await engine.stop();
      }
    },
  };
}

/** The stand-in images (dev/compose/standin-images.sh), as the compose variables that name them. */
function buildStandins(host: string, logDir: string): Record<string, string> {
  const out = step(logDir, 'dev/compose/standin-images.sh', () =>
    spawnSync('bash', [path.join(root, 'dev', 'compose', 'standin-images.sh')], {
      env: { ...process.env, DOCKER_HOST: host },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
  return Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((line) => line.split('=') as [string, string]),
  );
}

/** Runs one build step, its output kept in the log folder; throws naming the step and its last lines. */
function step(logDir: string, what: string, run: () => { status: number | null; stdout: string; stderr: string }): string {
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
