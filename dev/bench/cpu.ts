import { readFileSync } from 'node:fs';

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc (Linux); NaN when
 * unreadable. With `reaped`, also what its children used that have exited and been waited for
 * (PostgreSQL's postmaster: backends closed by a pool, autovacuum workers), which no live process
 * counts any more.
 */
export function cpuMsOf(pid: number | undefined, options: { reaped?: boolean } = {}): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime and cstime are fields 14 to 17 of the line, 12 to 15 after the command name.
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
    return ((utime + stime + (options.reaped ? cutime + cstime : 0)) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Who spent the CPU during a measurement: the worker, the Temporal server, the bench (client, person, sandbox). */
export interface CpuShare {
  workerMs: number;
  serverMs: number;
  benchMs: number;
}

export function cpuMeter(pids: { worker?: number; server?: number }): () => CpuShare {
  const start = { worker: cpuMsOf(pids.worker), server: cpuMsOf(pids.server), bench: process.cpuUsage() };
  return () => {
    const bench = process.cpuUsage(start.bench);
    return {
      workerMs: cpuMsOf(pids.worker) - start.worker,
      serverMs: cpuMsOf(pids.server) - start.server,
      benchMs: (bench.user + bench.system) / 1000,
    };
  };
}
