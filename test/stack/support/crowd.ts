import type { OnboardingView } from '../../../client/onboarding-client';
import type { OnboardingRequest } from '../../../domain/input';
import type { StackActors } from './stack-actors';
import { resolveByHand } from '../../support/support-desk';

/**
 * Plays the people (and their provider's compliance team) of many onboardings at once, in sweeps:
 * each sweep reads every unfinished onboarding's status once and does what its person would do
 * now: type the code they received, ask for a new one once it expired, answer as support when an
 * onboarding waits for a check by hand, and, for the onboardings `approve` lets through, have the
 * provider verify their identity. A sweep never waits on a timer;
 * a call that fails while the stack is being disrupted is simply tried again next sweep.
 */
export class Crowd {
  readonly status = new Map<string, OnboardingView>();
  private readonly answered = new Set<string>();
  private readonly decided = new Set<string>();
  /** References whose KYC the provider may now approve. */
  readonly approve = new Set<string>();
  /** When a sweep first saw each onboarding completed (so to within one sweep). */
  readonly completedAt = new Map<string, number>();
  errors = 0;

  constructor(
    private readonly s: StackActors,
    readonly requests: OnboardingRequest[],
  ) {}

  private async act(request: OnboardingRequest): Promise<void> {
    const { reference, provider } = request;
    const status = await this.s.client.status(reference);
    this.status.set(reference, status);
    if (status.step === 'completed' && !this.completedAt.has(reference)) this.completedAt.set(reference, Date.now());
    if (status.step === 'verifying-contact' && status.otp && status.userId) {
      const challenge = `${reference}/${status.otp.channel}/${status.otp.expiresAt}`;
      if (this.answered.has(challenge)) return;
      if (Date.parse(status.otp.expiresAt) <= Date.now()) {
        await this.s.client.resendOtp(reference);
        return;
      }
      const code = (await this.s.admin.outbox({ provider, userId: status.userId, channel: status.otp.channel })).at(-1)?.code;
      if (!code) return;
      const answer = await this.s.client.submitOtp(reference, code);
      if (answer.accepted) this.answered.add(challenge);
    }
    if (status.step === 'awaiting-support') {
      // A lost answer nothing documented can recover: support checks by hand and answers.
      await this.s.client.resolveSupport(reference, await resolveByHand(this.s.admin, request, status));
      return;
    }
    if (status.step === 'awaiting-kyc' && status.userId && this.approve.has(reference) && !this.decided.has(reference)) {
      await this.s.admin.decideKyc(provider, status.userId, 'VERIFIED');
      this.decided.add(reference);
    }
  }

  /** One pass over every onboarding still running, a few at a time. */
  async sweep(): Promise<void> {
    const open = this.requests.filter((r) => this.status.get(r.reference)?.running !== false);
    for (let i = 0; i < open.length; i += 10) {
      await Promise.all(
        open.slice(i, i + 10).map((r) =>
          this.act(r).catch(() => {
            this.errors++;
          }),
        ),
      );
    }
  }

  /** Sweeps until `done` holds for the statuses seen, or fails after `timeoutMs` saying where each one is. */
  async until(what: string, done: (statuses: OnboardingView[]) => boolean, timeoutMs = 300_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      await this.sweep();
      if (this.status.size === this.requests.length && done([...this.status.values()])) return;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(this.steps())}`);
    }
  }

  /** How many onboardings are at each step. */
  steps(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const s of this.status.values()) counts[s.step] = (counts[s.step] ?? 0) + 1;
    return counts;
  }

  /** Onboardings whose step is one of `steps`. */
  count(statuses: OnboardingView[], ...steps: OnboardingView['step'][]): number {
    return statuses.filter((s) => steps.includes(s.step)).length;
  }
}
