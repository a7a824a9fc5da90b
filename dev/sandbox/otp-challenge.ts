import { randomInt } from 'node:crypto';
import type { EmulatorContext } from './emulator';
import type { OutboxMessage } from './outbox';

/**
 * One OTP code a provider emulator sent, and its life: it is checked until it is used, superseded
 * by a newer one, expired, or exhausted by wrong codes. Each emulator words the verdicts in its
 * own error envelope; the lifecycle is the same everywhere.
 */
export interface OtpChallenge {
  code: string;
  sentAt: number;
  expiresAt: number;
  wrongAttempts: number;
  maxAttempts: number;
  state: 'open' | 'used' | 'superseded' | 'exhausted';
}

export type OtpVerdict =
  | { accepted: true }
  | { accepted: false; reason: Exclude<OtpChallenge['state'], 'open'> | 'expired' }
  | { accepted: false; reason: 'wrong'; attemptsLeft: number };

/** A newer code replaces an open one (a login that sends another). */
export function supersede(challenge: OtpChallenge): void {
  if (challenge.state === 'open') challenge.state = 'superseded';
}

/** Makes a code of `digits` digits, "sends" it through the sandbox's outbox, and returns its challenge. */
export function sendChallenge(
  context: EmulatorContext,
  message: Omit<OutboxMessage, 'code' | 'sentAt'>,
  rules: { digits: number; ttlMs: number; maxAttempts: number },
): OtpChallenge {
  const sentAt = context.now();
  const code = String(randomInt(0, 10 ** rules.digits)).padStart(rules.digits, '0');
  context.outbox.send({ ...message, code, sentAt });
  return { code, sentAt, expiresAt: sentAt + rules.ttlMs, wrongAttempts: 0, maxAttempts: rules.maxAttempts, state: 'open' };
}

/** Checks a code against the challenge, in the order providers do: spent (used, superseded, exhausted), expired, wrong. */
export function checkCode(challenge: OtpChallenge, code: string, now: number): OtpVerdict {
  if (challenge.state !== 'open') return { accepted: false, reason: challenge.state };
  if (now >= challenge.expiresAt) return { accepted: false, reason: 'expired' };
  if (code !== challenge.code) {
    challenge.wrongAttempts++;
    const attemptsLeft = Math.max(0, challenge.maxAttempts - challenge.wrongAttempts);
    if (attemptsLeft === 0) challenge.state = 'exhausted';
    return { accepted: false, reason: 'wrong', attemptsLeft };
  }
  challenge.state = 'used';
  return { accepted: true };
}

/** True while a right code would still be taken. */
export function isUsable(challenge: OtpChallenge, now: number): boolean {
  return challenge.state === 'open' && now < challenge.expiresAt;
}
