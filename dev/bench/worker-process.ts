import { readFileSync } from 'node:fs';
import { BroadcastChannel } from 'node:worker_threads';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { dataConverter } from '../../codec/data-converter';
import { providersConfigFrom } from '../../providers/config';
import { createAdapters } from '../../providers/registry';
import { createOnboardingWorker, workerTuning } from '../../workers/onboarding-worker';
import { createFloorActivities } from './floor/activities';
import type { MemorySample, WorkerReply, WorkerRequest, WorkerSpec } from './worker-spec';

/**
 * One worker of the bench, in its own process so that its memory is its own: the onboarding's
 * worker as the project builds it, or the Temporal floor's worker with the same settings.
 * Started by dev/bench/workers.ts; answers memory probes and stops when asked.
 */
const spec = JSON.parse(process.env.BENCH_WORKER_SPEC!) as WorkerSpec;
const send = (reply: WorkerReply) => process.send!(reply);

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const connection = await NativeConnection.connect({ address: spec.address });
  const converter = spec.encrypt ? dataConverter() : {};
  const bundle = { code: readFileSync(spec.bundlePath, 'utf8') };
  const worker =
    spec.kind === 'onboarding'
      ? await createOnboardingWorker({
          connection,
          namespace: spec.namespace,
          taskQueue: spec.taskQueue,
          adapters: createAdapters(providersConfigFrom({ SANDBOX_URL: spec.sandboxUrl })),
          workflowBundle: bundle,
          shutdownGraceTime: '1 second',
          tuning: spec.tuning,
          dataConverter: converter,
        })
      : await Worker.create({
          connection,
          namespace: spec.namespace,
          taskQueue: spec.taskQueue,
          workflowBundle: bundle,
          activities: createFloorActivities(),
          dataConverter: converter,
          shutdownGraceTime: '1 second',
          ...workerTuning,
          ...spec.tuning,
        });
  process.on('message', (message: WorkerRequest) => {
    if (message.type === 'stop') worker.shutdown();
    if (message.type === 'memory') void memory(message.gc).then((sample) => send({ type: 'memory', id: message.id, sample }));
  });
  const running = worker.run();
  send({ type: 'ready', maxCachedWorkflows: worker.options.maxCachedWorkflows });
  await running;
  await connection.close();
  process.exit(0); // the IPC channel would keep the process alive
}

let probes = 0;
/**
 * RSS, and the heap of every thread as dev/bench/heap-probe.cjs reports it. The number of threads is
 * not known beforehand (the SDK's workflow threads, a loader thread under tsx): answers are
 * collected until none has come for a second.
 */
async function memory(gc: boolean): Promise<MemorySample> {
  const id = ++probes;
  const channel = new BroadcastChannel('heap-probe');
  const heaps = new Map<number, number>();
  try {
    await new Promise<void>((resolve) => {
      const cap = setTimeout(resolve, 60_000);
      let quiet: NodeJS.Timeout | undefined;
      channel.onmessage = (event: unknown) => {
        const data = (event as { data: { type: string; probe: number; threadId: number; usedHeap: number } }).data;
        if (data.type !== 'heap' || data.probe !== id) return;
        heaps.set(data.threadId, data.usedHeap);
        if (process.env.BENCH_DEBUG_MEMORY) console.error('thread', JSON.stringify(data));
        clearTimeout(quiet);
        quiet = setTimeout(() => {
          clearTimeout(cap);
          resolve();
        }, 1_000);
      };
      channel.postMessage({ type: 'probe', id, gc });
    });
  } finally {
    channel.close();
  }
  return { rssBytes: process.memoryUsage.rss(), heapBytes: [...heaps.values()].reduce((a, b) => a + b, 0), threads: heaps.size };
}

main().catch((err: unknown) => {
  send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
