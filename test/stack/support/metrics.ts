import type { StackContext } from '../../../dev/stack/service';

/** Every worker's /metrics, as Prometheus would scrape them. */
export async function scrapeWorkers(ctx: StackContext, workers = [1, 2]): Promise<string[]> {
  return Promise.all(
    workers.map(async (n) => {
      const response = await fetch(`http://127.0.0.1:${ctx.ports.workerMetrics(n)}/metrics`);
      if (!response.ok) throw new Error(`worker-${n} /metrics answered ${response.status}`);
      return response.text();
    }),
  );
}

/** The sum of a metric's samples whose labels include `labels`, over every scraped text. */
export function sampleSum(texts: string[], name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const match = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/);
      if (!match || match[1] !== name) continue;
      const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      if (Object.entries(labels).every(([k, v]) => present[k] === v)) sum += Number(match[3]);
    }
  }
  return sum;
}
