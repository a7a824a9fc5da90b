/**
 * Dynamic config the project's dev servers run with (the demo's `scripts/dev-server.ts`, the
 * tests' harness, the bench). The dev server has one history shard, and the server reads a
 * shard's new tasks at most `*ProcessorMaxPollRPS` times a second (default 20): every workflow
 * task, activity task and fired timer then waited for the next 50 ms tick before it was handed
 * to a worker (measured: 37–45 ms between scheduled and started, start times on a 50 ms grid).
 * A higher cap lets each new task be read as soon as it is written; the reader still only reads
 * when it is told of a new task, so an idle server does no more work.
 */
export const devServerDynamicConfig: Record<string, number | boolean | string> = {
  'history.transferProcessorMaxPollRPS': 1000,
  'history.timerProcessorMaxPollRPS': 1000,
};

/** `--dynamic-config-value key=JSON` pairs for `temporal server start-dev`. */
export function dynamicConfigArgs(values: Record<string, number | boolean | string> = devServerDynamicConfig): string[] {
  return Object.entries(values).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]);
}
