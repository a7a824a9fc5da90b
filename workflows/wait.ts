import { msToNumber } from '@temporalio/common/lib/time';
import type { Duration } from '@temporalio/common';
import type { OnboardingInput } from '../domain/input';

/** How long and how often an onboarding waits, in milliseconds, read once from its input. */
export interface WaitSettings {
  kycPollMs: number;
  kycDeadlineMs: number;
  holderDeadlineMs: number;
  otpMaxAttempts: number;
  otpMaxResends: number;
  otpResendCooldownMs: number;
  outageAlertMs: number;
}

/** Defaults (as in domain/inputs/common.ts) for settings an onboarding started by an earlier release does not carry. */
const defaults = { holderDeadline: '1 day', otpMaxResends: 5, otpResendCooldown: '30 seconds', outageAlertAfter: '15 minutes' } as const;

const ms = (duration: string | number) => (typeof duration === 'number' ? duration : msToNumber(duration as Duration));

/** The input schema guarantees every duration parses (domain/inputs/common.ts). */
export function waitSettings(input: OnboardingInput): WaitSettings {
  const wait = input.wait as OnboardingInput['wait'] &
    Partial<{ holderDeadline: string; otpMaxResends: number; otpResendCooldown: string; outageAlertAfter: string }>;
  return {
    kycPollMs: ms(wait.kycPollInterval),
    kycDeadlineMs: ms(wait.kycDeadline),
    holderDeadlineMs: ms(wait.holderDeadline ?? defaults.holderDeadline),
    otpMaxAttempts: wait.otpMaxAttempts,
    otpMaxResends: wait.otpMaxResends ?? defaults.otpMaxResends,
    otpResendCooldownMs: ms(wait.otpResendCooldown ?? defaults.otpResendCooldown),
    outageAlertMs: ms(wait.outageAlertAfter ?? defaults.outageAlertAfter),
  };
}
