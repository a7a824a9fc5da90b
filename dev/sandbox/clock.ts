/**
 * The sandbox's one clock: real time plus an offset that tests move forward. A test that needs a
 * token, a code or a KYC wait to pass advances the clock instead of sleeping, so the order of
 * events is forced rather than bet on.
 */
export class SandboxClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the sandbox clock only moves forward');
    this.offsetMs += ms;
  }
}
