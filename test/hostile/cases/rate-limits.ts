import { randomUUID } from 'node:crypto';
import type { HostileCase } from '../hostile-case';

const chapter = 'rate limits (API4)';
/** The hostile API allows 3 code calls per onboarding a minute (hostile.test.ts). */
export const otpCallsPerReference = 3;

/** Guessing codes or flooding a person with them is slowed down, with the wait said. */
export const rateLimitCases: HostileCase[] = [
  {
    chapter,
    name: 'a fourth code in a minute for one onboarding',
    request: () => {
      const path = `/v1/onboardings/rl-${randomUUID().slice(0, 8)}/otp`;
      return Array.from({ length: otpCallsPerReference + 1 }, () => ({ method: 'POST', path, as: 'backend' as const, body: { code: '123456' } }));
    },
    expect: { status: 429, type: 'rate-limited' },
  },
  {
    chapter,
    name: 'an eleventh console sign-in in a minute',
    request: () =>
      Array.from({ length: 11 }, () => ({
        method: 'POST',
        path: '/console/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'key=guess',
      })),
    expect: { status: 429 },
  },
];
