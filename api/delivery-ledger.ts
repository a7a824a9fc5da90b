/**
 * Delivery ids of webhooks this process has accepted (or is handling), kept for twice the
 * timestamp tolerance: a replay inside the window is refused here, one outside it fails the
 * timestamp check. Another API instance does not see this ledger, so the delivery id also travels
 * in the signal and the workflow ignores a decision whose delivery it has already recorded.
 */
export class DeliveryLedger {
  private readonly seen = new Map<string, number>();

  constructor(private readonly keepMs: number) {}

  /** True when the delivery is new (and now claimed); false when it was seen. */
  claim(key: string, nowMs = Date.now()): boolean {
    for (const [k, until] of this.seen) {
      if (until > nowMs) break; // insertion order is expiry order
      this.seen.delete(k);
    }
    if (this.seen.has(key)) return false;
    this.seen.set(key, nowMs + this.keepMs);
    return true;
  }

  /** Forgets a claimed delivery that could not be handled, so the provider's retry is accepted. */
  release(key: string): void {
    this.seen.delete(key);
  }
}
