import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { WorkerTuning } from '../../workers/onboarding-worker';
import { flowNames, type FlowName } from './flows';
import type { ServerChoice } from './temporal';

export const measureNames = ['direct', 'floor', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'fairness'] as const;
/** What a run measures when --measures is not given: the fairness burst only when asked (it leaves thousands of onboardings open). */
const defaultMeasures = measureNames.filter((m) => m !== 'fairness');
export type MeasureName = (typeof measureNames)[number];

export interface BenchOptions {
  server: ServerChoice;
  /** `bench`: the bench starts each worker (fresh per phase); `external`: one is already running on `taskQueue`. */
  worker: { kind: 'bench'; runtime: 'tsx' | 'compiled' } | { kind: 'external'; taskQueue: string; pid?: number };
  sandboxPort: number;
  encrypt: boolean;
  tuning: WorkerTuning;
  flows: FlowName[];
  measures: MeasureName[];
  sizes: { runs: number; inFlight: number; total: number; parked: number; cached: number; reactions: number };
  sumvinSafeMs: number;
  /** P8: the sandbox decides KYC this long after it opens. */
  kycAfterMs: number;
  /** The fairness measure: tenant A's burst and tenant B's people (dev/bench/fairness.ts). */
  fairness: { burst: number; people: number };
  /** `--fairness off`: the dev server runs the classic matcher, which ignores priority and fairness keys. */
  withoutFairness: boolean;
}

/** The full run the issue describes, and the quick one to check the harness. */
const full = { runs: 100, inFlight: 300, total: 900, parked: 10_000, cached: 1_000, reactions: 200 };
const quick = { runs: 10, inFlight: 30, total: 90, parked: 300, cached: 100, reactions: 20 };

const count = z.coerce.number().int().positive();
const list = <T extends string>(all: readonly [T, ...T[]], what: string) =>
  z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(z.enum(all, { message: `${what}: one of ${all.join(', ')}` })));

const flags = z
  .object({
    server: z.enum(['dev', 'stack']).default('dev'),
    address: z.string().optional(),
    namespace: z.string().default(process.env.TEMPORAL_NAMESPACE ?? 'default'),
    'dev-db': z.enum(['file', 'memory']).default('memory'),
    'dev-config': z.enum(['project', 'stock']).default('project'),
    'dev-dynamic-config': z
      .string()
      .default('{}')
      .transform((s, ctx) => {
        try {
          return JSON.parse(s) as Record<string, number | boolean | string>;
        } catch {
          ctx.addIssue({ code: 'custom', message: '--dev-dynamic-config must be a JSON object of dynamic config values' });
          return z.NEVER;
        }
      }),
    worker: z.enum(['bench', 'external']).default('bench'),
    runtime: z.enum(['tsx', 'compiled']).default('tsx'),
    'task-queue': z.string().default(process.env.ONBOARDING_TASK_QUEUE ?? 'onboarding'),
    'worker-pid': count.optional(),
    'sandbox-port': z.coerce.number().int().min(0).max(65_535).optional(),
    encrypt: z.enum(['on', 'off']).default('on'),
    tuning: z
      .string()
      .default('{}')
      .transform((s, ctx) => {
        try {
          return JSON.parse(s) as WorkerTuning;
        } catch {
          ctx.addIssue({ code: 'custom', message: '--tuning must be a JSON object of worker options' });
          return z.NEVER;
        }
      }),
    flows: list(flowNames, '--flows').default([...flowNames]),
    measures: list(measureNames, '--measures').default([...defaultMeasures]),
    burst: count.default(2000),
    people: count.default(50),
    fairness: z.enum(['on', 'off']).default('on'),
    quick: z.boolean().default(false),
    runs: count.optional(),
    'in-flight': count.optional(),
    total: count.optional(),
    parked: count.optional(),
    cached: count.optional(),
    reactions: count.optional(),
    'sumvin-safe-ms': z.coerce.number().int().min(0).default(0),
    'kyc-after-ms': z.coerce.number().int().min(0).default(10_000),
  })
  .strict();

export const usage = `npm run bench [-- options]
  --server dev|stack         dev: the project's dev server, started by the bench (default);
                             stack: a running server at --address (default $TEMPORAL_ADDRESS or 127.0.0.1:7233)
  --address host:port        measure a running server (implies --server stack)
  --dev-db memory|file       the dev server's database (default memory, as the tests run it; file as the demo)
  --dev-config project|stock the dev server's dynamic config: the project's (config/dev-server.ts) or none
  --dev-dynamic-config JSON  more dynamic config values on top (e.g. {"system.enableActivityEagerExecution":true})
  --worker bench|external    bench: fresh worker processes per phase (default); external: one already runs on
                             --task-queue (its sandbox must be the bench's: --sandbox-port, default 4010), pid --worker-pid
  --runtime tsx|compiled     how the bench's workers run our TypeScript (compiled: tsc into .data/bench/build)
  --encrypt on|off           the payload codec (off only to measure its cost)
  --tuning JSON              worker options over workers/onboarding-worker.ts's workerTuning
  --flows a,b                ${flowNames.join(', ')} (default all)
  --measures a,b             ${measureNames.join(', ')} (default all)
  --quick                    small sizes: ${JSON.stringify(quick)}
  --runs --in-flight --total --parked --cached --reactions N   sizes (full: ${JSON.stringify(full)})
  --sumvin-safe-ms N         how long the sandbox takes to create a Sumvin Safe (default 0)
  --measures p6              POST /v1/onboardings to its answer (the first wait) over HTTP, --runs times,
                             beside the provider's own calls up to that wait
  --measures p7              an OTP POSTed to /v1/onboardings/:reference/otp to its answer, --runs times (flows
                             with a code), beside the provider's verify call in the same submit
  --measures p8              --total onboardings (--in-flight at a time) whose KYC the sandbox decides
                             --kyc-after-ms (default 10000) after it opens, polled every second: the cost
                             per poll of a long KYC wait, and the run docs/capacity.md checks its model on
  --measures fairness        tenant A starts --burst N onboardings at once (default 2000) while tenant B's
                             --people N (default 50) submit their OTPs: B's submit latency (not in the default measures)
  --fairness on|off          off: the dev server without priority and fairness (matching.useNewMatcher and
                             matching.enableFairness false: the classic matcher ignores the keys the workflow sets)`;

/** The server as it ran before priority and fairness (config/dev-server.ts priorityAndFairnessDynamicConfig). */
const withoutFairness = { 'matching.useNewMatcher': false, 'matching.enableFairness': false };

export function benchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...Object.fromEntries(
        Object.keys(flags.shape)
          .filter((k) => k !== 'quick')
          .map((k) => [k, { type: 'string' as const }]),
      ),
      quick: { type: 'boolean' },
    },
  });
  const parsed = flags.safeParse(values);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  const f = parsed.data;
  const base = f.quick ? quick : full;
  const inFlight = f['in-flight'] ?? base.inFlight;
  const external = f.server === 'stack' || f.address !== undefined;
  const externalWorker = f.worker === 'external';
  return {
    server: external
      ? {
          kind: 'external',
          address: f.address ?? process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
          namespace: f.namespace,
          label: f.server === 'stack' ? 'stack' : 'server',
        }
      : {
          kind: 'dev',
          db: f['dev-db'],
          dynamicConfig: f['dev-config'],
          extraDynamicConfig: { ...f['dev-dynamic-config'], ...(f.fairness === 'off' ? withoutFairness : {}) },
        },
    worker: externalWorker ? { kind: 'external', taskQueue: f['task-queue'], pid: f['worker-pid'] } : { kind: 'bench', runtime: f.runtime },
    sandboxPort: f['sandbox-port'] ?? (externalWorker ? 4010 : 0),
    encrypt: f.encrypt === 'on',
    tuning: f.tuning,
    flows: f.flows,
    measures: f.measures,
    sizes: {
      runs: f.runs ?? base.runs,
      inFlight,
      total: f.total ?? (f['in-flight'] ? 3 * inFlight : base.total),
      parked: f.parked ?? base.parked,
      cached: f.cached ?? base.cached,
      reactions: f.reactions ?? base.reactions,
    },
    sumvinSafeMs: f['sumvin-safe-ms'],
    kycAfterMs: f['kyc-after-ms'],
    fairness: { burst: f.burst, people: f.people },
    withoutFairness: f.fairness === 'off',
  };
}
