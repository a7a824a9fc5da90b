import type { OnboardingStatus } from '../../workflows/definitions';
import { eventually, type Harness } from './harness';

/** Who plays the person and support: the typed client and the sandbox's controls (dev server or stack). */
export type Actors = Pick<Harness, 'client' | 'admin'>;

/** Waits for the onboarding to reach `step`. */
export function reachStep(h: Actors, reference: string, step: OnboardingStatus['step'], timeoutMs = 30_000, client = h.client) {
  return eventually(
    async () => {
      const s = await client.status(reference);
      if (s.step === 'failed' && step !== 'failed') throw new Error(`onboarding failed: ${s.failure?.message}`);
      return s.step === step ? s : undefined;
    },
    timeoutMs,
    `step ${step}`,
  );
}

/**
 * Takes a started onboarding through KYC: once it waits there, the provider verifies the person
 * and support approves, as a provider that needs support's word (Sovera) requires.
 */
export async function approvedBySupport(h: Actors, provider: string, reference: string, decidedBy = 'support-1'): Promise<void> {
  const waiting = await reachStep(h, reference, 'awaiting-kyc');
  await h.admin.decideKyc(provider, waiting.userId!, 'VERIFIED');
  await h.client.decideKyc(reference, { decision: 'VERIFIED', decidedBy });
}

/** The person's current challenge, once the workflow waits for a code. */
export function awaitedCode(h: Actors, reference: string, channel?: string) {
  return eventually(
    async () => {
      const s = await h.client.status(reference);
      return s.step === 'verifying-contact' && s.otp && (!channel || s.otp.channel === channel) ? s : undefined;
    },
    30_000,
    `an awaited ${channel ?? 'OTP'} code`,
  );
}

/** The last code the provider "sent" to the person on a channel (their phone or mailbox). */
export async function receivedCode(h: Actors, provider: string, userId: string, channel: string): Promise<string> {
  const message = await eventually(async () => (await h.admin.outbox({ provider, userId, channel })).at(-1), 10_000, 'a code in the outbox');
  return message.code;
}

/** Plays the person: types every code they receive until no code is awaited any more. */
export async function enterAllCodes(h: Actors, provider: string, reference: string): Promise<string[]> {
  const channels: string[] = [];
  for (;;) {
    const s = await eventually(async () => {
      const st = await h.client.status(reference);
      return st.step !== 'creating-user' && (st.step !== 'verifying-contact' || st.otp) ? st : undefined;
    });
    if (s.step !== 'verifying-contact' || !s.otp) return channels;
    const code = await receivedCode(h, provider, s.userId!, s.otp.channel);
    const answer = await h.client.submitOtp(reference, code);
    if (!answer.accepted) throw new Error(`code refused: ${answer.reason}`);
    channels.push(answer.channel);
  }
}

/** A code that is well-formed but not the one sent. */
export function wrongCode(right: string): string {
  return right.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
}
