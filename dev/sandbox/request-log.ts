/** How one request ended, as the tests see it ('in-flight' until it does). */
export type RequestOutcome = 'in-flight' | 'answered' | 'injected-failure' | 'injected-rate-limit' | 'injected-answer' | 'dropped-after-commit' | 'client-gone';

export interface LoggedRequest {
  /** When the request arrived. */
  startedAt: number;
  /** When it ended: answered, dropped, or its client gone (the time the sandbox saw it leave). */
  at: number;
  provider: string;
  route: string;
  status: number;
  outcome: RequestOutcome;
  /** The route changes provider state when it succeeds. */
  mutates: boolean;
}

export interface RouteCounters {
  requests: number;
  /** 2xx answers of routes that change state, including answers lost after the commit. */
  committed: number;
}

/** Every request the sandbox saw, so tests can prove retries, waits and the absence of duplicates. */
export class RequestLog {
  private entries: LoggedRequest[] = [];

  /** Logs a request as in flight; the returned function records how it ended. */
  open(entry: Pick<LoggedRequest, 'provider' | 'route' | 'mutates'>, now: () => number): (status: number, outcome: RequestOutcome) => void {
    const logged: LoggedRequest = { ...entry, startedAt: now(), at: now(), status: 0, outcome: 'in-flight' };
    this.entries.push(logged);
    return (status, outcome) => Object.assign(logged, { status, outcome, at: now() });
  }

  list(filter: { provider?: string; route?: string } = {}): LoggedRequest[] {
    return this.entries.filter((e) => (!filter.provider || e.provider === filter.provider) && (!filter.route || e.route === filter.route));
  }

  counters(): Record<string, Record<string, RouteCounters>> {
    const out: Record<string, Record<string, RouteCounters>> = {};
    for (const e of this.entries) {
      const byRoute = (out[e.provider] ??= {});
      const c = (byRoute[e.route] ??= { requests: 0, committed: 0 });
      c.requests++;
      const tookEffect = e.outcome === 'dropped-after-commit' || (e.outcome === 'answered' && e.status < 300);
      if (tookEffect && e.mutates) c.committed++;
    }
    return out;
  }

  clear(): void {
    this.entries = [];
  }
}
