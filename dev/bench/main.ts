import os from 'node:os';
import type { BenchContext } from './context';
import { benchContext } from './context';
import { directFigures } from './direct';
import { fairnessUnderBurst } from './fairness';
import { firstWaitLatency } from './first-wait';
import { capabilitiesOfFlow, type FlowName } from './flows';
import { timelineOf } from './history';
import { latency } from './latency';
import { benchOptions, usage } from './options';
import { parkAndRelease } from './parked';
import { kycReaction } from './reaction';
import { markdown, targetsOf, type BenchReport, type FlowReport, type Measured } from './report';
import { floorRun, onboardingRun } from './runs';
import { throughput } from './throughput';
import { otpOverHttp } from './otp-over-http';
import { polledKyc } from './polled';
import { perRun, stackSpender, type StackSpend } from './stack-costs';

/**
 * `npm run bench`: the onboarding against its two floors (the provider calls alone, and Temporal
 * running the same number of no-op activities), flow by flow, on one server with one worker
 * configuration. Prints one JSON line and markdown tables on stdout; progress goes to stderr.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(usage);
    return;
  }
  const options = benchOptions(argv);
  const loadAtStart = os.loadavg();
  const ctx = await benchContext(options);
  const report: BenchReport = {
    at: new Date().toISOString(),
    command: ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '),
    machine: { cpus: os.cpus().length, node: process.version, loadAtStart },
    server: ctx.server.description,
    worker: describeWorker(ctx),
    flows: {},
  } as BenchReport;
  try {
    for (const flow of options.flows) report.flows[flow] = await measureFlow(ctx, flow);
  } finally {
    await ctx.close();
  }
  report.targets = targetsOf(report.flows, options.server.kind === 'external' ? 0.85 : 0.9);
  console.log(JSON.stringify(report));
  console.log();
  console.log(markdown(report));
}

async function measureFlow(ctx: BenchContext, flow: FlowName): Promise<FlowReport> {
  const { measures, sizes } = ctx.options;
  const wants = (m: (typeof measures)[number]) => measures.includes(m);
  const r: FlowReport = {};
  if (wants('direct')) r.direct = await timed(ctx, `${flow} direct floor`, () => directFigures(ctx, flow, sizes.runs, sizes.total, sizes.inFlight));

  if (wants('p1') || wants('p2') || wants('p4') || wants('p6') || wants('p7') || wants('p8') || wants('floor')) {
    const ours = await ctx.worker('onboarding', flow);
    try {
      // Warm-up (connections, JIT, caches), and the number of activities the floor must match.
      let warm;
      for (let i = 0; i < 3; i++) warm = await onboardingRun(ctx, flow, ours.taskQueue, 'at-once');
      const activities = timelineOf(await ctx.client.workflow.getHandle(warm!.workflowId).fetchHistory()).activities.length;
      if (wants('floor')) r.floor = await floor(ctx, flow, activities);
      const one = () => onboardingRun(ctx, flow, ours.taskQueue, 'at-once');
      if (wants('p1') || wants('p4')) r.p1 = await timed(ctx, `${flow} P1 one at a time`, () => latency(ctx, sizes.runs, one));
      if (wants('p6')) r.p6 = await timed(ctx, `${flow} P6 start to first wait over HTTP`, () => firstWaitLatency(ctx, flow, ours.taskQueue, sizes.runs));
      if (wants('p7') && capabilitiesOfFlow(flow).otpChannels.length > 0)
        r.p7 = await timed(ctx, `${flow} P7 OTP over HTTP`, () => otpOverHttp(ctx, flow, ours.taskQueue, sizes.runs));
      // Before the load measures, as P1 (where the OTP reactions come from): both reactions on a settled stack.
      if (wants('p4')) {
        const kyc = await timed(ctx, `${flow} P4 KYC signal reactions`, () => kycReaction(ctx, flow, ours.taskQueue, sizes.reactions));
        r.p4 = { otpMs: r.p1?.otpReactionMs.n ? r.p1.otpReactionMs : undefined, kyc };
      }
      if (wants('p2'))
        [r.p2, r.cost] = await spending(ctx, sizes.total, () =>
          timed(ctx, `${flow} P2 ${sizes.total} with ${sizes.inFlight} in flight`, () =>
            throughput(sizes.total, sizes.inFlight, one, { worker: ours.pid, server: ctx.server.pid }),
          ),
        );
      if (wants('p8'))
        [r.p8, r.p8Cost] = await spending(ctx, sizes.total, () =>
          timed(ctx, `${flow} P8 ${sizes.total} polled until KYC is decided after ${ctx.options.kycAfterMs} ms`, () =>
            polledKyc(ctx, flow, ours, sizes.total, sizes.inFlight, ctx.options.kycAfterMs),
          ),
        );
    } finally {
      await ours.stop();
    }
  }
  if (wants('fairness')) {
    const ours = await ctx.worker('onboarding', `${flow}-fairness`);
    try {
      const { burst, people } = ctx.options.fairness;
      r.fairness = await timed(ctx, `${flow} fairness: ${people} OTP submits of tenant B under tenant A's ${burst} starts`, () =>
        fairnessUnderBurst(ctx, flow, ours.taskQueue, burst, people),
      );
    } finally {
      await ours.stop();
    }
  }
  if (wants('p3') || wants('p5')) {
    const before = os.loadavg()[0];
    const { p3, p5 } = await parkAndRelease(ctx, flow, sizes, { p3: wants('p3'), p5: wants('p5') });
    const load = { before, after: os.loadavg()[0] };
    if (p3) r.p3 = { ...p3, load };
    if (p5) r.p5 = { ...p5, load };
    ctx.log(`${flow} P3/P5 done: ${JSON.stringify({ p3, p5 })}`);
  }
  return r;
}

/** The Temporal floor of a flow: a fresh worker with the same settings, on its own task queue. */
async function floor(ctx: BenchContext, flow: FlowName, activities: number): Promise<FlowReport['floor']> {
  const { measures, sizes } = ctx.options;
  const worker = await ctx.worker('floor', flow);
  try {
    const one = () => floorRun(ctx, worker.taskQueue, activities);
    for (let i = 0; i < 3; i++) await one();
    const measured: NonNullable<FlowReport['floor']> = {
      activities,
      p1: measures.includes('p1') ? await timed(ctx, `${flow} floor P1 (${activities} activities)`, () => latency(ctx, sizes.runs, one)) : undefined,
    };
    if (measures.includes('p2'))
      [measured.p2, measured.cost] = await spending(ctx, sizes.total, () =>
        timed(ctx, `${flow} floor P2`, () => throughput(sizes.total, sizes.inFlight, one, { worker: worker.pid, server: ctx.server.pid })),
      );
    return measured;
  } finally {
    await worker.stop();
  }
}

/** On the stack, what its server and database spent per run during `measure` (dev/bench/stack-costs.ts). */
async function spending<T>(ctx: BenchContext, runs: number, measure: () => Promise<T>): Promise<[T, StackSpend | undefined]> {
  if (ctx.options.server.kind !== 'external' || ctx.options.server.label !== 'stack') return [await measure(), undefined];
  const spender = stackSpender();
  const before = await spender.spent();
  const result = await measure();
  return [result, perRun(before, await spender.spent(), runs)];
}

async function timed<T extends object>(ctx: BenchContext, what: string, measure: () => Promise<T>): Promise<Measured<T>> {
  ctx.log(`${what} ...`);
  const before = os.loadavg()[0];
  const figures = await measure();
  const measured = { ...figures, load: { before, after: os.loadavg()[0] } };
  ctx.log(`${what}: ${JSON.stringify(figures)}`);
  return measured;
}

function describeWorker(ctx: BenchContext): string {
  const { worker, encrypt, tuning } = ctx.options;
  const how = worker.kind === 'bench' ? `started by the bench (${worker.runtime})` : `external on ${worker.taskQueue}`;
  return `${how}, payloads ${encrypt ? 'encrypted' : 'in the clear'}, tuning ${JSON.stringify(tuning)} over workers/onboarding-worker.ts`;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (process.env.BENCH_DEBUG ? err.stack : err.message) : err);
  process.exit(1);
});
