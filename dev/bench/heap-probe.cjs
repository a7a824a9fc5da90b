/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Preloaded (`node --require`) into the bench's worker process, so it runs in every thread,
 * including the SDK's workflow threads whose heaps `process.memoryUsage()` does not see. Each
 * thread answers a probe on the `heap-probe` channel with its heap after a full GC.
 */
const { threadId, BroadcastChannel } = require('node:worker_threads');
const v8 = require('node:v8');

const channel = new BroadcastChannel('heap-probe');
channel.unref();
channel.onmessage = (message) => {
  if (message.data?.type !== 'probe') return;
  if (message.data.gc && typeof globalThis.gc === 'function') globalThis.gc();
  const h = v8.getHeapStatistics();
  channel.postMessage({
    type: 'heap',
    probe: message.data.id,
    threadId,
    usedHeap: h.used_heap_size,
    committedHeap: h.total_heap_size,
    external: h.external_memory,
    malloced: h.malloced_memory,
  });
};
