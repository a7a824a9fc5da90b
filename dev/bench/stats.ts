/** Nearest-rank percentile (p in 0..100) of a sample; undefined for an empty one. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

export function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The usual summary of a latency sample, in ms, rounded to 0.1 ms. */
export interface Summary {
  n: number;
  p50?: number;
  p90?: number;
  p99?: number;
  mean?: number;
}

export function summarise(values: readonly number[]): Summary {
  const r = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 10) / 10);
  return { n: values.length, p50: r(percentile(values, 50)), p90: r(percentile(values, 90)), p99: r(percentile(values, 99)), mean: r(mean(values)) };
}
