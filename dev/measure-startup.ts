import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDevServer } from './dev-server';
import { freePort } from './port-check';

/**
 * `npx tsx dev/measure-startup.ts` (after `npm run build`): prints the median of 5 starts of
 * the compiled CLI and of the worker, compiled with its prebuilt workflow bundle versus from
 * source (tsx, bundling the workflows at start), until its /healthz answers on a dev server.
 */
const root = path.resolve(__dirname, '..');
const runs = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function workerStartMs(command: string, args: string[], temporalAddress: string): Promise<number> {
  const health = `127.0.0.1:${await freePort()}`;
  const started = Date.now();
  const child = spawn(command, args, {
    cwd: root,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: temporalAddress,
      ONBOARDING_TASK_QUEUE: `measure-${started}`,
      ONBOARDING_HEALTH_ADDRESS: health,
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      const ok = await fetch(`http://${health}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return Date.now() - started;
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
      await sleep(25);
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function main(): Promise<void> {
  const cli: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = Date.now();
    spawnSync(process.execPath, [path.join(root, 'dist', 'bin', 'onboarding.js'), '--help'], { stdio: 'ignore' });
    cli.push(Date.now() - started);
  }
  console.log(`CLI (node dist/cmd/onboarding.js --help): median ${seconds(median(cli))} of ${cli.map(seconds).join(', ')}`);

  const server = await startDevServer({ port: await freePort(), dbFile: path.join(root, '.data', 'measure-startup.db') });
  try {
    const modes: [string, string, string[]][] = [
      ['compiled, prebuilt bundle (node dist/cmd/worker.js)', process.execPath, ['dist/cmd/worker.js']],
      ['from source, bundled at start (tsx cmd/worker.ts)', path.join(root, 'node_modules', '.bin', 'tsx'), ['cmd/worker.ts']],
    ];
    for (const [label, command, args] of modes) {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await workerStartMs(command, args, server.address));
      console.log(`worker to ready, ${label}: median ${seconds(median(times))} of ${times.map(seconds).join(', ')}`);
    }
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
