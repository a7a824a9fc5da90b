import { bounded } from './pool';

/** P2: `total` runs, at most `inFlight` at a time; completed runs per second of wall time. */
export interface ThroughputFigures {
  total: number;
  inFlight: number;
  failed: number;
  wallS: number;
  perSecond: number;
  firstError?: string;
}

export async function throughput(total: number, inFlight: number, run: () => Promise<unknown>): Promise<ThroughputFigures> {
  const started = performance.now();
  const results = await bounded(total, inFlight, run);
  const wallS = (performance.now() - started) / 1000;
  const failures = results.filter((r) => !r.ok);
  return {
    total,
    inFlight,
    failed: failures.length,
    wallS: Math.round(wallS * 100) / 100,
    perSecond: Math.round(((total - failures.length) / wallS) * 10) / 10,
    firstError: failures[0] && !failures[0].ok ? failures[0].error : undefined,
  };
}
