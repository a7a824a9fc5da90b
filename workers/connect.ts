import { setTimeout as sleep } from 'node:timers/promises';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { Logger } from 'pino';

/**
 * Connects to Temporal, retrying while it is not reachable yet (a stack still starting, a server
 * restarting), with a backoff up to 10 s, for at most `timeoutMs`; then fails with the last error.
 */
export async function connectWithRetry(options: NativeConnectionOptions, timeoutMs: number, logger: Logger): Promise<NativeConnection> {
  const until = Date.now() + timeoutMs;
  let delayMs = 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await NativeConnection.connect(options);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (Date.now() + delayMs > until) {
        throw new Error(`Temporal at ${options.address} still unreachable after ${Math.round(timeoutMs / 1000)} s: ${reason}`);
      }
      logger.warn({ address: options.address, attempt }, 'Temporal not reachable yet; retrying');
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, 10_000);
    }
  }
}
