import type { EmulatorContext } from './emulator';

export type KycVerdict = 'VERIFIED' | 'REJECTED';

/**
 * The sandbox's KYC review, the same at every emulator: it opens when the provider's flow says
 * (a user created, an identification started, the last requirement met), and is decided either by
 * support through the sandbox's controls or, with `autoDecideKycAfterMs`, automatically that long
 * after it opened, by the emulator's persona rule (a name that says "rejected"). Each decision is
 * announced once, for the sandbox's outbound webhooks.
 */
export class KycReview {
  constructor(
    private readonly context: EmulatorContext,
    private readonly provider: string,
    /** Read at each look: the bench changes it between its phases (dev/bench/context.ts). */
    private readonly settings: { autoDecideKycAfterMs?: number },
  ) {}

  /** When the automatic decision of a review opened at `openedAt` fell due; undefined while none is due. */
  dueAt(openedAt: number | undefined): number | undefined {
    const after = this.settings.autoDecideKycAfterMs;
    if (openedAt === undefined || after === undefined) return undefined;
    const at = openedAt + after;
    return this.context.now() >= at ? at : undefined;
  }

  /** The provider decided: `providerStatus` is its own word for it (UNSUPPORTED, approved). */
  announce(userId: string, verdict: KycVerdict, providerStatus: string): void {
    this.context.kycDecided(this.provider, userId, verdict, providerStatus);
  }
}

/** The decision a sandbox control asks for (`{ "decision": "VERIFIED" }`), if it is one of `allowed`. */
export function requestedDecision<D extends string = KycVerdict>(
  body: unknown,
  allowed: readonly D[] = ['VERIFIED', 'REJECTED'] as unknown as D[],
): D | undefined {
  const decision = (body as { decision?: unknown } | undefined)?.decision;
  return allowed.includes(decision as D) ? (decision as D) : undefined;
}
