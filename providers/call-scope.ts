import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What one adapter call may know about the attempt running it. The activity layer sets it from
 * Temporal's activity context (activities/call-scope.ts); adapters and providers/http.ts read it,
 * so the provider code never imports Temporal's activity API. Outside an activity (adapter tests)
 * the defaults apply: a first attempt, no deadline, no cancellation.
 */
export interface CallScope {
  /** 1 for the first attempt of the step; later attempts may meet what a lost earlier one did. */
  attempt: number;
  /** Aborted when the step is cancelled: reaches every HTTP call in flight. */
  signal?: AbortSignal;
  /** Epoch ms by which every HTTP call of this attempt must have ended. */
  deadlineAt?: number;
  /** Reports progress, so cancellation reaches a long call; absent where no heartbeat is expected. */
  heartbeat?: () => void;
  /** Logs a warning with safe attributes (ids, shapes), never values of the person. */
  warn(message: string, attributes: Record<string, unknown>): void;
  /** Ids known to be ours and free of PII (reference, user and holder ids): failure messages keep them. */
  keep: readonly string[];
}

const storage = new AsyncLocalStorage<CallScope>();

const outsideActivity: CallScope = { attempt: 1, warn: () => undefined, keep: [] };

export function callScope(): CallScope {
  return storage.getStore() ?? outsideActivity;
}

/** Runs `call` (and every HTTP call it makes) under `scope`; unset fields keep their defaults. */
export function withCallScope<T>(scope: Partial<CallScope>, call: () => Promise<T>): Promise<T> {
  return storage.run({ ...outsideActivity, ...scope }, call);
}
