/**
 * What a run has started, stopped in the reverse order on the way out (the worker before the
 * server it polls, the server last), once, whether the run ends, fails or is interrupted.
 */
export class Teardown {
  private readonly steps: { what: string; stop: () => Promise<void> | void }[] = [];
  private running: Promise<string[]> | undefined;

  add(what: string, stop: () => Promise<void> | void): void {
    this.steps.push({ what, stop });
  }

  get empty(): boolean {
    return this.steps.length === 0;
  }

  /** Stops everything; the parts that failed to stop are named in the answer (never thrown). */
  run(): Promise<string[]> {
    this.running ??= (async () => {
      const failed: string[] = [];
      for (const { what, stop } of this.steps.reverse()) {
        try {
          await stop();
        } catch {
          failed.push(what);
        }
      }
      return failed;
    })();
    return this.running;
  }
}
