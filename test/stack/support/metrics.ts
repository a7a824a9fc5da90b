import { clusterMetricsPort, clusterShape } from '../../../dev/stack/cluster';
import type { StackContext } from '../../../dev/stack/service';

/** Every worker's /metrics, as Prometheus would scrape them. */
export async function scrapeWorkers(ctx: StackContext, workers = [1, 2, 3]): Promise<string[]> {
  return Promise.all(workers.map((n) => scrape(`worker-${n}`, ctx.ports.workerMetrics(n))));
}

/** How many history shards each history host of the cluster owns now (its numshards_gauge); 0 for a host that does not answer. */
export async function historyShards(ctx: StackContext): Promise<Record<string, number>> {
  const hosts = clusterShape.map((h, index) => ({ ...h, index })).filter((h) => h.role === 'history');
  const owned = await Promise.all(
    hosts.map(async (h) => sampleSum([await scrape(h.name, clusterMetricsPort(ctx, h.index)).catch(() => '')], 'numshards_gauge')),
  );
  return Object.fromEntries(hosts.map((h, i) => [h.name, owned[i]]));
}

async function scrape(name: string, port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (!response.ok) throw new Error(`${name} /metrics answered ${response.status}`);
  return response.text();
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
