import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { OnboardingClient } from '../../client/onboarding-client';
import type { DynamicConfig } from '../../config/dev-server';
import { providersConfigFrom } from '../../providers/config';
import { createAdapters } from '../../providers/registry';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../dev/sandbox/server';
import { createOnboardingWorker, type OnboardingWorkerOptions } from '../../workers/onboarding-worker';
import { sandboxAdmin, type SandboxAdmin } from '../../dev/sandbox/admin-client';
import { replayOnboardings } from './replay';
import { startTemporalEnv, type TemporalEnv } from './temporal-env';

/**
 * Real parts for an end-to-end test file: the Temporal dev server (the server we ship, on SQLite), the
 * sandbox over HTTP, a real worker on its own task queue, and the typed client. Closing it
 * replays the history of every onboarding the file started (test/support/replay.ts).
 */
export interface Harness {
  env: TemporalEnv;
  sandbox: Sandbox;
  admin: SandboxAdmin;
  client: OnboardingClient;
  worker: Worker;
  /** Workflow ids a test made nondeterministic on purpose: left out of the replay at close. */
  replayExcept: Set<string>;
  close(): Promise<void>;
}

let runtimeInstalled = false;

export async function startHarness(
  options: {
    sandbox?: SandboxOptions;
    /** Dynamic config over the project's (config/dev-server.ts). */
    dynamicConfig?: DynamicConfig;
    providerEnv?: NodeJS.ProcessEnv;
    tracing?: OnboardingWorkerOptions['tracing'];
    events?: OnboardingWorkerOptions['events'];
    /**
     * `'none'`: the worker keeps no workflow in memory, so every workflow task is a replay of the
     * whole history; a handler whose effect depends on the order of delivery fails there first.
     */
    cache?: 'none';
  } = {},
): Promise<Harness> {
  if (!runtimeInstalled) {
    // Worker chatter (including each retried activity) would bury the test output; errors still show.
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    runtimeInstalled = true;
  }
  const bundle = process.env[options.tracing ? 'TRACED_WORKFLOW_BUNDLE_FOR_TESTS' : 'WORKFLOW_BUNDLE_FOR_TESTS'];
  if (!bundle) throw new Error('run the tests with jest (test/global-setup.ts provides the workflow bundle)');
  const env = await startTemporalEnv({ dynamicConfig: options.dynamicConfig });
  const sandbox = await startSandbox(options.sandbox);
  const taskQueue = `onboarding-test-${randomUUID()}`;
  const worker = await createOnboardingWorker({
    connection: env.nativeConnection,
    namespace: env.namespace,
    taskQueue,
    adapters: createAdapters(providersConfigFrom({ ...options.providerEnv, SANDBOX_URL: sandbox.url })),
    workflowBundle: { code: readFileSync(bundle, 'utf8') },
    shutdownGraceTime: '1 second',
    tracing: options.tracing,
    events: options.events,
    tuning: options.cache === 'none' ? { maxCachedWorkflows: 0 } : undefined,
  });
  const running = worker.run();
  const replayExcept = new Set<string>();
  return {
    replayExcept,
    env,
    sandbox,
    admin: sandboxAdmin(sandbox.url),
    client: new OnboardingClient(env.client, taskQueue),
    worker,
    /** Stops everything, after replaying every onboarding this file started on the current code (it throws naming any that does not replay). */
    async close() {
      try {
        await replayOnboardings(env.client, { except: replayExcept });
      } finally {
        worker.shutdown();
        await running;
        await sandbox.close();
        await env.teardown();
      }
    },
  };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let counter = 0;
/** A unique reference per test run, so workflow ids never collide across tests. */
export function uniqueReference(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
}
