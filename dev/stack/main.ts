import { parseArgs } from 'node:util';
import { logDir } from './settings';
import { allServices } from './services';
import { build, stackContext, stackUrls, startStack, stopStack } from './stack';

/**
 * `npm run stack`: the production topology on this machine: PostgreSQL, the Temporal server, its
 * Web UI, the sandbox and two workers, from the compiled code; logs in .data/logs/.
 * `--cluster`: the Temporal server as a cluster instead (one frontend, two history, two matching
 * and one worker host, each its own process; dev/stack/cluster.ts) and three workers.
 * `npm run stack -- --stop` stops it; `--status` says what runs; `--no-build` skips `npm run build`.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      stop: { type: 'boolean', default: false },
      status: { type: 'boolean', default: false },
      build: { type: 'boolean', default: true },
      cluster: { type: 'boolean', default: false },
    },
    allowNegative: true,
  });
  const say = (line: string) => console.log(`stack: ${line}`);
  const ctx = stackContext(values.cluster ? 'cluster' : 'single');
  if (values.stop) {
    await stopStack(ctx, say);
    say('stopped');
    return;
  }
  if (values.status) {
    for (const s of allServices) if (s.running(ctx) || ctx.services.includes(s)) say(`${s.name.padEnd(20)} ${s.running(ctx) ? 'running' : '-'}`);
    return;
  }
  if (values.build) build();
  try {
    await startStack(ctx, say);
  } catch (err) {
    say(`start failed, stopping what started: ${err instanceof Error ? err.message : String(err)}`);
    await stopStack(ctx, say);
    process.exitCode = 1;
    return;
  }
  for (const [label, url] of Object.entries(stackUrls(ctx))) say(`${label.padEnd(20)} ${url}`);
  say(`logs in ${logDir}; stop with: npm run stack -- --stop`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
