import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { OnboardingClient } from '../../client/onboarding-client';
import { startHarness, type Harness } from '../support/harness';
import { reachStep } from '../support/person';
import { soveraRequest } from '../support/requests';

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

  function startWorker(): { child: ChildProcess; exited: Promise<number | null> } {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'workers', 'main.ts')], {
      env: { ...process.env, TEMPORAL_ADDRESS: h.env.address, ONBOARDING_TASK_QUEUE: taskQueue, SANDBOX_URL: h.sandbox.url },
      stdio: 'ignore',
    });
    return { child, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
  }

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
});
