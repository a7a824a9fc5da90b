/**
 * Runs `total` jobs with at most `inFlight` at a time (a new one starts when one ends), and
 * resolves with their results in order. A failed job is recorded, not fatal.
 */
export async function bounded<T>(
  total: number,
  inFlight: number,
  job: (i: number) => Promise<T>,
): Promise<({ ok: true; value: T } | { ok: false; error: string })[]> {
  const results: ({ ok: true; value: T } | { ok: false; error: string })[] = new Array(total);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < total) {
      const i = next++;
      try {
        results[i] = { ok: true, value: await job(i) };
      } catch (err) {
        results[i] = { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, lane));
  return results;
}
