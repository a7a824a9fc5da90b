import { z } from 'zod';

/**
 * Fault rules, per provider and route ("POST /users", or "*" for every route of the provider).
 * Counted faults (failures, rateLimits, drops) are consumed one request at a time, so a test can
 * say exactly how many answers go wrong; errorRate is for demos and benchmarks.
 */
export const faultRuleSchema = z.object({
  provider: z.string().min(1),
  route: z.string().min(1).default('*'),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  /** The next N requests answer `failureStatus` (5xx, or a 4xx such as a rotated key's 401) without taking effect. */
  failures: z.number().int().min(0).optional(),
  failureStatus: z.number().int().min(400).max(599).default(500),
  /** The next N requests answer 200 with a body of no documented shape, without taking effect. */
  malformed: z.number().int().min(0).optional(),
  /** The next N requests answer 429 with Retry-After, without taking effect. */
  rateLimits: z.number().int().min(0).optional(),
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  /** The next N requests take effect, then the connection is reset before any answer. */
  drops: z.number().int().min(0).optional(),
  /** Share of requests answered 500 at random, without taking effect. */
  errorRate: z.number().min(0).max(1).optional(),
});
export type FaultRuleInput = z.input<typeof faultRuleSchema>;
type FaultRule = z.output<typeof faultRuleSchema>;

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'fail'; status: number }
  | { kind: 'malformed' }
  | { kind: 'rate-limit'; retryAfterSeconds: number };

export class FaultInjector {
  private rules: FaultRule[] = [];

  add(input: FaultRuleInput): void {
    this.rules.push(faultRuleSchema.parse(input));
  }

  clear(): void {
    this.rules = [];
  }

  latencyMs(provider: string, route: string): number {
    return this.matching(provider, route).reduce((sum, r) => sum + (r.latencyMs ?? 0), 0);
  }

  /** Decides, before the handler runs, whether this request is refused. */
  beforeHandler(provider: string, route: string): FaultDecision {
    for (const rule of this.matching(provider, route)) {
      if (rule.rateLimits) {
        rule.rateLimits--;
        return { kind: 'rate-limit', retryAfterSeconds: rule.retryAfterSeconds };
      }
      if (rule.failures) {
        rule.failures--;
        return { kind: 'fail', status: rule.failureStatus };
      }
      if (rule.malformed) {
        rule.malformed--;
        return { kind: 'malformed' };
      }
      if (rule.errorRate && Math.random() < rule.errorRate) return { kind: 'fail', status: rule.failureStatus };
    }
    return { kind: 'none' };
  }

  /** Decides, after the handler committed, whether the answer is lost. */
  dropAfterCommit(provider: string, route: string): boolean {
    for (const rule of this.matching(provider, route)) {
      if (rule.drops) {
        rule.drops--;
        return true;
      }
    }
    return false;
  }

  private matching(provider: string, route: string): FaultRule[] {
    return this.rules.filter((r) => r.provider === provider && (r.route === '*' || r.route === route));
  }
}
