import { readFileSync } from 'node:fs';

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux); NaN when unreadable. */
export function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
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
