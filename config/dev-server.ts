/** Dynamic config values, as `temporal server` reads them from its dynamic config file. */
export type DynamicConfig = Record<string, number | boolean | string>;

/**
 * What every dev server needs to behave as a developer's server: the values the Temporal CLI's
 * `server start-dev` sets, which our dev server (the shipped server on SQLite, dev/dev-server.ts)
 * must set itself. Search attributes are seen as soon as they are registered (our setup registers
 * them at start); the persistence rate limits are raised to match, and the visibility rate to 100
 * a second (the default 10 would throttle a test that lists after each step).
 */
export const devServerBaseDynamicConfig: DynamicConfig = {
  'system.forceSearchAttributesCacheRefreshOnRead': true,
  'frontend.persistenceMaxQPS': 10000,
  'history.persistenceMaxQPS': 45000,
  'history.hostLevelCacheMaxSize': 8096,
  'frontend.namespaceRPS.visibility': 100,
  // A workflow task failing twice in a row marks the workflow with TemporalReportedProblems (default 5): `onboarding stuck` lists by it.
  'system.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute': 2,
  // Workflow Pause (a compliance hold, docs/runbooks.md), as the stack has it: off by default in 1.32.
  'frontend.WorkflowPauseEnabled': true,
};

/**
 * Task priority and per-tenant fairness (workflows/priorities.ts sets the keys): a person waiting
 * on a screen goes before polls, and one tenant's burst cannot fill the queue ahead of another's.
 * The stack sets the same (deploy/temporal/server/dynamicconfig.yaml); `npm run bench -- --fairness off` measures without.
 */
export const priorityAndFairnessDynamicConfig: DynamicConfig = {
  // The priority-aware task matcher (the 1.32 default, set so the choice is explicit).
  'matching.useNewMatcher': true,
  // Dispatch by fairness key (the tenant) in proportion to weight, not first come first served.
  'matching.enableFairness': true,
};

/**
 * Dynamic config the project's dev servers run with (the demo's `dev/dev-server.ts`, the
 * tests' harness, the bench). The dev server has one history shard, and the server reads a
 * shard's new tasks at most `*ProcessorMaxPollRPS` times a second (default 20): every workflow
 * task, activity task and fired timer then waited for the next 50 ms tick before it was handed
 * to a worker (measured: 37–45 ms between scheduled and started, start times on a 50 ms grid).
 * A higher cap lets each new task be read as soon as it is written; the reader still only reads
 * when it is told of a new task, so an idle server does no more work.
 *
 * Eager activity dispatch: when a workflow task's completion schedules an activity on the same
 * task queue, the server hands that activity straight back to the worker in its answer instead
 * of queueing it for a poll. The activity is recorded, retried and shown exactly as before; only
 * its first attempt skips the matching service (measured: a third less server CPU per onboarding,
 * 0 ms from scheduled to started; `npm run bench -- --dev-dynamic-config ...` to compare).
 */
export const devServerDynamicConfig: DynamicConfig = {
  'history.transferProcessorMaxPollRPS': 1000,
  'history.timerProcessorMaxPollRPS': 1000,
  'system.enableActivityEagerExecution': true,
  ...priorityAndFairnessDynamicConfig,
};

/** The server's dynamic config file: each key with one unconstrained value (JSON is YAML). */
export function dynamicConfigYaml(values: DynamicConfig): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}:\n  - value: ${JSON.stringify(value)}\n`)
    .join('');
}
