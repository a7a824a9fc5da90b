import { z } from 'zod';

/**
 * Fault rules, per provider and route ("POST /users", or "*" for every route of the provider).
 * Counted faults (delays, failures, rateLimits, answers, drops) are consumed one request at a
 * time, so a test can say exactly how many answers go wrong; errorRate is for demos and benchmarks.
 */
export const faultRuleSchema = z.object({
  provider: z.string().min(1),
  route: z.string().min(1).default('*'),
  /**
   * Requests wait this long before the provider reads them. A request whose client gives up
   * (timeout, cancellation) during the wait is never handled: nothing commits after the client left.
   */
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  /** With latencyMs: only the next N requests wait (without it, every request does). */
  delays: z.number().int().min(0).optional(),
  /** The next N requests answer `failureStatus` (5xx, or a 4xx such as a rotated key's 401) without taking effect. */
  failures: z.number().int().min(0).optional(),
  failureStatus: z.number().int().min(400).max(599).default(500),
  /** The next N requests answer 429 with Retry-After, without taking effect. */
  rateLimits: z.number().int().min(0).optional(),
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  /** The next N requests take effect, then the connection is reset before any answer. */
  drops: z.number().int().min(0).optional(),
  /**
   * The next N requests get this answer instead, without taking effect: how a real provider may
   * word what the sandbox words its own way (an OTP refusal in unknown words, for example).
   */
  answers: z.number().int().min(0).optional(),
  answerStatus: z.number().int().min(200).max(499).default(422),
  answerBody: z.unknown().optional(),
  /** Share of requests answered 500 at random, without taking effect. */
  errorRate: z.number().min(0).max(1).optional(),
});
export type FaultRuleInput = z.input<typeof faultRuleSchema>;
type FaultRule = z.output<typeof faultRuleSchema>;

export type FaultDecision =
  { kind: 'none' } | { kind: 'fail'; status: number } | { kind: 'rate-limit'; retryAfterSeconds: number } | { kind: 'answer'; status: number; body: unknown };

export class FaultInjector {
  private rules: FaultRule[] = [];

  add(input: FaultRuleInput): void {
    this.rules.push(faultRuleSchema.parse(input));
  }

  clear(): void {
    this.rules = [];
  }

  /** How long this request waits; a counted delay is consumed. */
  latencyMs(provider: string, route: string): number {
    let total = 0;
    for (const rule of this.matching(provider, route)) {
      if (!rule.latencyMs) continue;
      if (rule.delays === undefined) total += rule.latencyMs;
      else if (rule.delays > 0) {
        rule.delays--;
        total += rule.latencyMs;
      }
    }
    return total;
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
      if (rule.answers) {
        rule.answers--;
        return { kind: 'answer', status: rule.answerStatus, body: rule.answerBody };
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
