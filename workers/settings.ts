import { z } from 'zod';
import { logLevelSchema, type AppLogLevel } from '../observability/logger';

const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port, for example 0.0.0.0:9464');

const env = z.object({
  LOG_LEVEL: logLevelSchema.default('info'),
  ONBOARDING_METRICS_ADDRESS: hostPort.optional(),
  ONBOARDING_HEALTH_ADDRESS: hostPort.optional(),
  ONBOARDING_CONNECT_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(300),
  ONBOARDING_MAX_CACHED_WORKFLOWS: z.coerce
    .number()
    .int()
    .min(0)
    .refine((n) => n !== 1, 'expected 0 (no cache: every task replays the history) or at least 2 (the SDK needs two to run)')
    .optional(),
});

export interface WorkerSettings {
  logLevel: AppLogLevel;
  /** Where Prometheus scrapes `/metrics` (the SDK's and ours); none when unset. */
  metricsAddress?: string;
  /** Where `GET /healthz` answers 200 while the worker runs; none when unset. */
  healthAddress?: string;
  /** How long the worker keeps trying to reach Temporal at start before it gives up (exit 1). */
  connectTimeoutMs: number;
  /**
   * How many onboardings the worker keeps in memory between their tasks; the SDK's default
   * follows the heap size. Onboardings parked for weeks need not stay cached: one evicted is
   * replayed from its history when it next moves. Bounds the worker's memory (docs/benchmark.md).
   * 0 keeps none: every workflow task replays the whole history (the stack's second worker in the
   * chaos test, to prove that replays give the same commands).
   */
  maxCachedWorkflows?: number;
}

/** The worker process's own settings (Temporal's are in config/temporal.ts). */
export function workerSettingsFrom(source: NodeJS.ProcessEnv = process.env): WorkerSettings {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    throw new Error(`invalid worker settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  return {
    logLevel: e.LOG_LEVEL,
    metricsAddress: e.ONBOARDING_METRICS_ADDRESS,
    healthAddress: e.ONBOARDING_HEALTH_ADDRESS,
    connectTimeoutMs: e.ONBOARDING_CONNECT_TIMEOUT_SECONDS * 1000,
    maxCachedWorkflows: e.ONBOARDING_MAX_CACHED_WORKFLOWS,
  };
}
