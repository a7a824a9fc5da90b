import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MemorySample, WorkerReply, WorkerRequest, WorkerSpec } from './worker-spec';

/** How the worker process runs our TypeScript: through tsx at run time, or compiled by tsc beforehand. */
export type WorkerRuntime = { kind: 'tsx' } | { kind: 'compiled'; buildDir: string };

export interface BenchWorker {
  readonly taskQueue: string;
  /** Undefined for a worker the bench did not start and was given no pid of. */
  readonly pid?: number;
  /** How many workflows its cache holds (unknown for a worker the bench did not start). */
  readonly maxCachedWorkflows?: number;
  /** RSS and every thread's heap (only for workers the bench started). */
  memory(gc: boolean): Promise<MemorySample | undefined>;
  stop(): Promise<void>;
}

const root = path.resolve(__dirname, '..', '..');

/** Starts a worker process and resolves once it polls. */
export async function startWorker(spec: WorkerSpec, runtime: WorkerRuntime): Promise<BenchWorker> {
  const probe = ['--require', path.join(__dirname, 'heap-probe.cjs'), '--expose-gc', ...(process.env.BENCH_WORKER_EXECARGV?.split(' ') ?? [])];
  const child =
    runtime.kind === 'tsx'
      ? fork(path.join(__dirname, 'worker-process.ts'), [], { execArgv: ['--import', 'tsx', ...probe], ...options(spec) })
      : fork(path.join(runtime.buildDir, path.relative(root, __dirname), 'worker-process.js'), [], { execArgv: probe, ...options(spec) });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const maxCachedWorkflows = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${spec.kind} worker exited (code ${code}) before it was ready`)));
    child.on('message', (m: WorkerReply) => {
      if (m.type === 'ready') resolve(m.maxCachedWorkflows);
      if (m.type === 'failed') reject(new Error(`the ${spec.kind} worker failed: ${m.message}`));
    });
  });
  let probes = 0;
  return {
    taskQueue: spec.taskQueue,
    pid: child.pid,
    maxCachedWorkflows,
    memory: (gc) => ask(child, ++probes, gc),
    async stop() {
      if (child.exitCode === null) child.send({ type: 'stop' } satisfies WorkerRequest);
      await exited;
    },
  };
}

/** A worker someone else runs (the stack's): the bench only knows its task queue, and its pid if given. */
export function externalWorker(taskQueue: string, pid?: number): BenchWorker {
  return {
    taskQueue,
    pid,
    async memory() {
      return pid === undefined ? undefined : { rssBytes: rssOf(pid), heapBytes: Number.NaN, threads: 0 };
    },
    async stop() {},
  };
}

/** Resident memory of a process, from /proc (Linux), without disturbing it. */
export function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? Number.NaN) * 1024;
}

function options(spec: WorkerSpec) {
  return {
    env: { ...process.env, BENCH_WORKER_SPEC: JSON.stringify(spec) },
    // The worker's own output goes to stderr: stdout carries only the bench's figures.
    stdio: ['ignore', 2, 2, 'ipc'] as ('ignore' | number | 'ipc')[],
  };
}

function ask(child: ChildProcess, id: number, gc: boolean): Promise<MemorySample> {
  return new Promise((resolve) => {
    const listener = (m: WorkerReply) => {
      if (m.type === 'memory' && m.id === id) {
        child.off('message', listener);
        resolve(m.sample);
      }
    };
    child.on('message', listener);
    child.send({ type: 'memory', id, gc } satisfies WorkerRequest);
  });
}
