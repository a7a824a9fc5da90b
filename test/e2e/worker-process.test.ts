import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { OnboardingClient } from '../../client/onboarding-client';
import { startDevServer } from '../../dev/dev-server';
import { freePort } from '../support/api-process';
import { eventually, startHarness, type Harness } from '../support/harness';
import { reachStep } from '../support/person';
import { soveraRequest } from '../support/requests';
import { startWorkerProcess } from '../support/worker-process';

const root = path.resolve(__dirname, '..', '..');

/** The standalone worker (`npm run worker`) as its own process: it drains on SIGTERM, and a new one carries on. */
describe('worker process (end to end)', () => {
  let h: Harness;
  let client: OnboardingClient;
  const taskQueue = `onboarding-process-${randomUUID()}`;
  beforeAll(async () => {
    h = await startHarness();
    client = new OnboardingClient(h.env.client, taskQueue);
  });
  afterAll(async () => {
    await h?.close();
  });

  const startWorker = (env: NodeJS.ProcessEnv = {}) =>
    startWorkerProcess({ TEMPORAL_ADDRESS: h.env.address, ONBOARDING_TASK_QUEUE: taskQueue, SANDBOX_URL: h.sandbox.url, ...env });

  test('SIGTERM stops the worker cleanly mid-onboarding; a new worker completes it', async () => {
    const first = startWorker();
    const request = soveraRequest();
    await client.start(request);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc', 60_000, client);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    const second = startWorker();
    try {
      const outcome = await client.result(request.reference);
      expect(outcome.status).toBe('completed');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    const users = await h.admin.users<{ user: { email: string } }>('sovera');
    expect(users.filter((u) => u.user.email === request.person.email)).toHaveLength(1);
  });

  test('logs are JSON lines with ids only: no task token, no personal data, at the level asked for; the cache size asked for is used', async () => {
    const worker = startWorker({ LOG_LEVEL: 'debug', ONBOARDING_MAX_CACHED_WORKFLOWS: '321' });
    const request = soveraRequest();
    try {
      await client.start(request);
      const waiting = await reachStep(h, request.reference, 'awaiting-kyc', 60_000, client);
      await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
      expect((await client.result(request.reference)).status).toBe('completed');
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    const lines = worker.output().trim().split('\n');
    const parse = (line: string) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    };
    expect(lines.filter((line) => !parse(line))).toEqual([]);
    const entries = lines.map((line) => parse(line)!);
    expect(entries.every((e) => typeof e.level === 'string' && typeof e.msg === 'string' && typeof e.time === 'string')).toBe(true);
    const ours = entries.filter((e) => e.workflowId === `onboarding-${request.reference}`);
    expect(ours.some((e) => e.activityType === 'createUser' && e.level === 'debug')).toBe(true);
    expect(ours.some((e) => e.msg === 'onboarding step createUser' && e.provider === 'sovera' && e.level === 'info')).toBe(true);
    expect(entries.find((e) => String(e.msg).startsWith('onboarding worker running'))?.maxCachedWorkflows).toBe(321);
    const text = worker.output();
    for (const secret of [
      'taskToken',
      'task_token',
      request.person.email,
      request.person.phone.number,
      request.person.lastName,
      request.person.identity.number,
    ]) {
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    }
  });

  test('a worker with neither codec keys nor a mode stops at once, naming both variables', async () => {
    const worker = startWorker({ ONBOARDING_MODE: '', NODE_ENV: '' });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain('ONBOARDING_CODEC_KEYS is not set: set it (the same keys in every process), or ONBOARDING_MODE=development');
  });

  test('a cache size the SDK cannot run with is refused at start, naming the variable', async () => {
    const worker = startWorker({ ONBOARDING_MAX_CACHED_WORKFLOWS: '1' });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain('ONBOARDING_MAX_CACHED_WORKFLOWS: expected 0 (no cache: every task replays the history) or at least 2');
  });

  test('a worker started before Temporal keeps retrying, then runs once it is up; SIGTERM ends the wait at once', async () => {
    // Ports held by a listener that hangs up at once: no other process (another test's server) can take them meanwhile.
    const [temporal, nowhere] = [await holdPort(), await holdPort()];
    const healthPort = await freePort();
    const temporalPort = temporal.port;
    const early = startWorker({ TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`, ONBOARDING_HEALTH_ADDRESS: `127.0.0.1:${healthPort}` });
    const waiting = startWorker({ TEMPORAL_ADDRESS: `127.0.0.1:${nowhere.port}` });
    const retried = (w: typeof early) =>
      eventually(async () => (w.output().includes('Temporal not reachable yet; retrying') ? true : undefined), 30_000, 'a retry');
    try {
      await retried(waiting);
      waiting.child.kill('SIGTERM');
      expect(await waiting.exited).toBe(0);

      await retried(early);
      await temporal.release();
      const server = await startDevServer({ port: temporalPort, dbFile: path.join(root, '.data', 'late-server.db') });
      try {
        const health = await eventually(
          async () => {
            const response = await fetch(`http://127.0.0.1:${healthPort}/healthz`).catch(() => undefined);
            return response?.ok ? response.json() : undefined;
          },
          60_000,
          'the worker to run',
        );
        expect(health).toEqual({ state: 'RUNNING' });
        early.child.kill('SIGTERM');
        expect(await early.exited).toBe(0);
      } finally {
        await server.stop();
      }
    } finally {
      for (const w of [early, waiting]) if (w.child.exitCode === null) w.child.kill('SIGKILL');
      await Promise.all([temporal.release(), nowhere.release()]);
    }
  });
});

/** A loopback port where a connection is accepted and dropped at once, until released. */
async function holdPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let released: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    release: () => (released ??= new Promise<void>((resolve) => server.close(() => resolve()))),
  };
}
