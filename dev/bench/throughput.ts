import { cpuMeter } from './cpu';
import { bounded } from './pool';

/** P2: `total` runs, at most `inFlight` at a time; completed runs per second of wall time. */
export interface ThroughputFigures {
  total: number;
  inFlight: number;
  failed: number;
  wallS: number;
  perSecond: number;
  firstError?: string;
  /** CPU time per completed run, by process (NaN where the process is not on this machine). */
  cpuPerRunMs: { worker: number; server: number; bench: number };
}

export async function throughput(
  total: number,
  inFlight: number,
  run: () => Promise<unknown>,
  pids: { worker?: number; server?: number } = {},
): Promise<ThroughputFigures> {
  const cpu = cpuMeter(pids);
  const started = performance.now();
  const results = await bounded(total, inFlight, run);
  const wallS = (performance.now() - started) / 1000;
  const used = cpu();
  const failures = results.filter((r) => !r.ok);
  const per = (ms: number) => Math.round((ms / Math.max(1, total - failures.length)) * 10) / 10;
  return {
    total,
    inFlight,
    failed: failures.length,
    wallS: Math.round(wallS * 100) / 100,
    perSecond: Math.round(((total - failures.length) / wallS) * 10) / 10,
    firstError: failures[0] && !failures[0].ok ? failures[0].error : undefined,
    cpuPerRunMs: { worker: per(used.workerMs), server: per(used.serverMs), bench: per(used.benchMs) },
  };
}
