import type {} from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { OtpLimits } from './config';
import { ProblemError } from './problems';

/**
 * Rate limits of the OTP routes, so nobody can guess codes or flood a person with SMS: per
 * onboarding (whoever calls) and per API key (whatever onboarding). Counters live in this
 * process (@fastify/rate-limit's local store): with several API instances behind a balancer each
 * counts alone, so the effective limit is N times higher; give the plugin a shared store (Redis)
 * there. The workflow's own limit of wrong codes (otpMaxAttempts) holds regardless. It runs after
 * the tenant check (api/tenant.ts), so another tenant's calls cannot use up an onboarding's budget.
 */
export function otpRateLimit(app: FastifyInstance, limits: OtpLimits): preHandlerHookHandler {
  const timeWindow = limits.windowSeconds * 1000;
  const perReference = app.createRateLimit({
    max: limits.perReference,
    timeWindow,
    keyGenerator: (req: FastifyRequest) => `otp-reference:${(req.params as { reference?: string }).reference ?? ''}`,
  });
  const perKey = app.createRateLimit({
    max: limits.perKey,
    timeWindow,
    keyGenerator: (req: FastifyRequest) => `otp-key:${req.principal?.id ?? ''}`,
  });
  return async (request) => {
    for (const [limit, scope] of [
      [perKey, 'API key'],
      [perReference, 'onboarding'],
    ] as const) {
      const result = await limit(request);
      if (!result.isAllowed && result.isExceeded) {
        const retryAfter = String(Math.max(1, result.ttlInSeconds));
        throw new ProblemError(
          429,
          'rate-limited',
          `too many OTP calls for this ${scope}: at most ${result.max} per ${limits.windowSeconds} s; retry in ${retryAfter} s`,
          undefined,
          {
            'retry-after': retryAfter,
          },
        );
      }
    }
  };
}
