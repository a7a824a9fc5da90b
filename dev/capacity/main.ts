import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { BenchReport, FlowReport } from '../bench/report';
import { size, withPolls, type OnboardingCost } from './model';

/**
 * `npm run capacity -- --per-day 100000 --kyc-days 7`: what a deployment needs for that load, from
 * what one onboarding cost on the stack (a `npm run bench -- --server stack` report, by default the
 * one docs/capacity.md was written from), and how far the model missed the bench's P8 run.
 */
const defaultFigures = path.join(__dirname, '..', '..', 'docs', 'capacity-figures.json');

const positive = z.coerce.number().positive();
const flags = z
  .object({
    'per-day': positive.default(100_000),
    'kyc-days': z.coerce.number().min(0).default(7),
    'poll-interval-hours': positive.default(1),
    'retention-days': z.coerce.number().int().min(1).default(30),
    peak: z.coerce.number().min(1).default(3),
    utilization: z.coerce.number().gt(0).max(1).default(0.6),
    figures: z.string().default(defaultFigures),
  })
  .strict();

function main(): void {
  const { values } = parseArgs({ options: Object.fromEntries(Object.keys(flags.shape).map((k) => [k, { type: 'string' as const }])), strict: true });
  const parsed = flags.safeParse(values);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  const f = parsed.data;
  const report = JSON.parse(readFileSync(f.figures, 'utf8')) as BenchReport;
  const flows = Object.entries(report.flows).flatMap(([flow, r]) => {
    const cost = costOf(r);
    return cost ? [[flow, r, cost] as const] : [];
  });
  if (flows.length === 0) throw new Error(`${f.figures} has no flow measured on the stack (npm run bench -- --server stack --measures p1,p2)`);
  const load = {
    perDay: f['per-day'],
    kycDays: f['kyc-days'],
    pollIntervalHours: f['poll-interval-hours'],
    retentionDays: f['retention-days'],
    peak: f.peak,
    utilization: f.utilization,
  };

  const out: string[] = [];
  out.push(`Figures: ${path.relative(process.cwd(), f.figures)} (\`${report.command}\`, ${report.at}; ${report.server}).`);
  out.push(
    `Load: ${load.perDay} onboardings a day, KYC over ${load.kycDays} days polled every ${load.pollIntervalHours} h, retention ${load.retentionDays} days, peak hour ${load.peak}× the average, cores at ${load.utilization * 100} %.`,
  );
  out.push('');
  out.push('Per onboarding as measured (KYC at the first poll):');
  out.push('');
  out.push('| flow | events | history KB | worker CPU ms | server CPU ms | PostgreSQL CPU ms | rows | visibility rows | WAL KB | databases grew KB |');
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [flow, , c] of flows) out.push(`| ${flow} | ${row(c)} |`);
  out.push('');
  out.push('Sizing:');
  out.push('');
  out.push(
    '| flow | polls each | parked | workers (cores) | server cores | PostgreSQL cores | history shards | events/s | row writes/s (≈ write IOPS) | WAL MB/s | WAL GB/month | stored GB |',
  );
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [flow, , c] of flows) {
    const s = size(c, load);
    out.push(
      `| ${flow} | ${s.pollsPerOnboarding} | ${s.parked} | ${s.workers} (${r1(s.workerCores)}) | ${r1(s.serverCores)} | ${r1(s.databaseCores)} | ${s.historyShards} | ${r1(s.eventsPerSecond)} ` +
        `| ${r1(s.rowWritesPerSecond)} | ${r1(s.walMBPerSecond)} | ${r1(s.walGBPerMonth)} | ${r1(s.storedGB)} |`,
    );
  }
  const checks = flows.flatMap(([flow, r, c]) => (r.p8 && r.p8Cost ? [[flow, r, c] as const] : []));
  if (checks.length > 0) {
    out.push('');
    out.push("Check against the bench's P8 (KYC decided after some polls; predicted from the single-poll figures above):");
    out.push('');
    out.push('| flow | polls | | events | history KB | worker CPU ms | server CPU ms | PostgreSQL CPU ms | rows | visibility rows | WAL KB |');
    out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const [flow, r, c] of checks) {
      const predicted = withPolls(c, r.p8!.polls);
      const measured: OnboardingCost = { ...r.p8Cost!, events: r.p8!.events, historyBytes: r.p8!.historyBytes, workerCpuMs: r.p8!.cpuPerRunMs.worker };
      out.push(`| ${flow} | ${r.p8!.polls} | predicted | ${row(predicted, false)} |`);
      out.push(`| | | measured | ${row(measured, false)} |`);
      out.push(`| | | error | ${errors(predicted, measured)} |`);
    }
  }
  console.log(out.join('\n'));
}

/** The bench's single-poll figures of a flow, when it ran on the stack. */
function costOf(r: FlowReport): OnboardingCost | undefined {
  if (!r.p1 || !r.p2 || !r.cost) return undefined;
  return { events: r.p1.events, historyBytes: r.p1.historyBytes, workerCpuMs: r.p2.cpuPerRunMs.worker, ...r.cost };
}

const r1 = (v: number) => (Math.round(v * 10) / 10).toLocaleString('en-US');
const kb = (v: number) => r1(v / 1024);
const modelled = ['events', 'historyBytes', 'workerCpuMs', 'serverCpuMs', 'databaseCpuMs', 'rows', 'visibilityRows', 'walBytes'] as const;
const inKB = new Set<keyof OnboardingCost>(['historyBytes', 'walBytes', 'storedBytes']);

/** The figures the model predicts, and with `grown` the databases' growth as measured. */
function row(c: OnboardingCost, grown = true): string {
  return [...modelled, ...(grown ? (['storedBytes'] as const) : [])].map((k) => (inKB.has(k) ? kb(c[k]) : r1(c[k]))).join(' | ');
}

function errors(predicted: OnboardingCost, measured: OnboardingCost): string {
  return modelled.map((k) => (measured[k] === 0 ? '–' : `${Math.round(((predicted[k] - measured[k]) / measured[k]) * 100)} %`)).join(' | ');
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
