import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, type BundleOptions } from '@temporalio/worker';
import { dataConverter } from '../../codec/data-converter';
import { providersConfigFrom } from '../../providers/config';
import { createAdapters, type Adapters } from '../../providers/registry';
import { sandboxAdmin, type SandboxAdmin } from '../sandbox/admin-client';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { providerNames } from '../../domain/providers';
import type { EmulatorOptions } from '../sandbox/emulators';
import { workflowBundleOptions } from '../../workers/workflow-bundle';
import type { BenchOptions } from './options';
import { benchServer, type BenchServer } from './temporal';
import { externalWorker, startWorker, type BenchWorker, type WorkerRuntime } from './workers';

/** Everything a measurement needs: the server, a client, the sandbox, the bundles, and how to get a worker. */
export interface BenchContext {
  options: BenchOptions;
  server: BenchServer;
  client: Client;
  sandbox: Sandbox;
  admin: SandboxAdmin;
  adapters: Adapters;
  /** The sandbox decides KYC at the first look (`at-once`), never by itself (`held`), or `afterMs` after the user's creation. */
  kyc(mode: 'at-once' | 'held' | { afterMs: number }): void;
  /** A fresh worker of the onboarding (or the floor) on a task queue of its own. */
  worker(kind: 'onboarding' | 'floor', label: string): Promise<BenchWorker>;
  log(message: string): void;
  close(): Promise<void>;
}

const dataDir = path.resolve(__dirname, '..', '..', '.data', 'bench');
const root = path.resolve(__dirname, '..', '..');

export async function benchContext(options: BenchOptions): Promise<BenchContext> {
  const started = Date.now();
  const log = (message: string) =>
    console.error(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(7)}s load ${os.loadavg()[0].toFixed(2)}] ${message}`);
  mkdirSync(dataDir, { recursive: true });
  // One key for the bench and its workers, wherever their code runs from (a compiled build has no .data/codec-dev-key).
  process.env.ONBOARDING_CODEC_KEYS ??= `bench:${randomBytes(32).toString('base64')}`;
  process.env.ONBOARDING_SECRETS_KEYS ??= `bench:${randomBytes(32).toString('base64')}`;

  // One settings object for every provider, shared with the emulators, so the bench can switch KYC between phases.
  // Cybrid's objects leave `storing` at once (1 s by default), as the other providers' answers come at once.
  const emulatorSettings = { autoDecideKycAfterMs: 0 as number | undefined, safeCreationMs: options.sumvinSafeMs, storingMs: 0 };
  const sandbox = await startSandbox({
    port: options.sandboxPort,
    ...(Object.fromEntries(providerNames.map((p) => [p, emulatorSettings])) as EmulatorOptions),
  });
  log(`sandbox at ${sandbox.url}`);
  const server = await benchServer(options.server);
  log(`Temporal: ${server.description}`);
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace, dataConverter: options.encrypt ? dataConverter() : {} });

  log('bundling the onboarding and the floor workflows ...');
  const bundles = {
    // As a worker without an OTLP endpoint runs it (workers/workflow-bundle.ts).
    onboarding: await bundle('onboarding', workflowBundleOptions(false)),
    floor: await bundle('floor', { workflowsPath: process.env.BENCH_FLOOR_PATH ?? require.resolve('./floor/workflow') }),
  };
  const runtime: WorkerRuntime =
    options.worker.kind === 'bench' && options.worker.runtime === 'compiled' ? { kind: 'compiled', buildDir: compile(log) } : { kind: 'tsx' };
  const workers = new Set<BenchWorker>();
  return {
    options,
    server,
    client,
    sandbox,
    admin: sandboxAdmin(sandbox.url),
    adapters: createAdapters(providersConfigFrom({ SANDBOX_URL: sandbox.url })),
    kyc(mode) {
      emulatorSettings.autoDecideKycAfterMs = mode === 'at-once' ? 0 : mode === 'held' ? undefined : mode.afterMs;
    },
    async worker(kind, label) {
      if (kind === 'onboarding' && options.worker.kind === 'external') return externalWorker(options.worker.taskQueue, options.worker.pid);
      const taskQueue = `bench-${kind}-${label}-${Date.now().toString(36)}`;
      const worker = await startWorker(
        {
          kind,
          address: server.address,
          namespace: server.namespace,
          taskQueue,
          bundlePath: bundles[kind],
          sandboxUrl: sandbox.url,
          tuning: options.tuning,
          encrypt: options.encrypt,
        },
        runtime,
      );
      workers.add(worker);
      return {
        ...worker,
        async stop() {
          workers.delete(worker);
          await worker.stop();
        },
      };
    },
    log,
    async close() {
      await Promise.all([...workers].map((w) => w.stop()));
      await connection.close();
      await server.stop();
      await sandbox.close();
    },
  };
}

async function bundle(name: string, options: BundleOptions): Promise<string> {
  const { code } = await bundleWorkflowCode({ ...options, logger: new DefaultLogger('WARN') });
  const file = path.join(dataDir, `${name}-bundle.js`);
  writeFileSync(file, code);
  return file;
}

/** Our TypeScript compiled by tsc into .data/bench/build, for workers that run it as plain JavaScript. */
function compile(log: (m: string) => void): string {
  const outDir = path.join(dataDir, 'build');
  log(`compiling the project with tsc into ${path.relative(root, outDir)} ...`);
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', root, '--outDir', outDir, '--noEmit', 'false'], { stdio: 'inherit' });
  return outDir;
}
