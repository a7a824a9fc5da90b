import type { WorkerTuning } from '../../workers/onboarding-worker';

/** What the bench tells a worker process it starts (as JSON in BENCH_WORKER_SPEC). */
export interface WorkerSpec {
  kind: 'onboarding' | 'floor';
  address: string;
  namespace: string;
  taskQueue: string;
  /** The prebuilt workflow bundle (the onboarding's or the floor's). */
  bundlePath: string;
  sandboxUrl: string;
  tuning: WorkerTuning;
  /** False: payloads in the clear (only to measure what the encryption costs). */
  encrypt: boolean;
}

/** Parent to worker process. */
export type WorkerRequest = { type: 'memory'; id: number; gc: boolean } | { type: 'stop' };

/** Worker process to parent. */
export type WorkerReply =
  { type: 'ready'; maxCachedWorkflows: number } | { type: 'memory'; id: number; sample: MemorySample } | { type: 'failed'; message: string };

export interface MemorySample {
  rssBytes: number;
  /** Heap in use in every thread (main and workflow threads), after a full GC when asked. */
  heapBytes: number;
  threads: number;
}
