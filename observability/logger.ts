import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import type { Logger, LogLevel, LogMetadata } from '@temporalio/common';
import { z } from 'zod';
import { runRegistry, type RunRegistry } from './workflow-runs';

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type AppLogLevel = (typeof logLevels)[number];
export const logLevelSchema = z.enum(logLevels);

/**
 * What a log line may carry besides its message: ids, types and counts. Everything else is
 * dropped, notably the SDK's `taskToken` (an activity's completion credential), inputs and
 * failure messages (they may quote a provider's answer about the person).
 */
const allowedAttributes = new Set([
  'namespace',
  'taskQueue',
  'workflowId',
  'runId',
  'workflowRunId',
  'workflowType',
  'activityId',
  'activityType',
  'attempt',
  'isLocal',
  'durationMs',
  'sdkComponent',
  // The SDK's "Worker state changed": RUNNING, DRAINING, DRAINED, STOPPED (how a stop went).
  'state',
  'provider',
  'reference',
  'step',
  'service',
  'address',
  'trace_id',
  'span_id',
  'trace_flags',
]);

/** The onboarding's JSON logger (pino) on stdout, or on `destination` (tests). */
export function createLogger(level: AppLogLevel = 'info', destination?: DestinationStream): Pino {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** Keeps the allowed attributes; an error becomes its class and failure type, never its message. */
export function safeAttributes(meta: LogMetadata | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!meta) return out;
  for (const [key, value] of Object.entries(meta)) {
    if (allowedAttributes.has(key) && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
      out[key] = value;
    } else if ((key === 'error' || key === 'failure') && value instanceof Error) {
      const { type, nonRetryable } = value as Error & { type?: unknown; nonRetryable?: unknown };
      out.error = { name: value.name, ...(typeof type === 'string' ? { type } : {}), ...(nonRetryable === true ? { nonRetryable } : {}) };
    }
  }
  return out;
}

/**
 * A message without activity task tokens. Core's messages carry the token as a field (dropped
 * above), but some quote it in their text: a failed completion's gRPC status, or the SDK's
 * "Error converting native log entry" with the entry. Seen once in `test/e2e/worker-process.test.ts`
 * with both cores busy; the name and what follows it go.
 */
export function scrubMessage(message: string): string {
  return message.replace(/task_?token[^\s,;)}\]:=]*(?:\s*[:=]\s*[^\s,;)}\]]+)?/gi, '[task token redacted]');
}

const toPino: Record<LogLevel, AppLogLevel> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/**
 * Core reports a failed workflow task with the run id and the whole failure, at WARN, and retries
 * the task for ever: a nondeterminism error strands the onboarding. Our line, at ERROR, names the
 * onboarding's workflow, its run and the cause (`NonDeterministicError`, `WorkflowWorkerUnhandledFailure`...);
 * for nondeterminism also Core's account of the mismatch (event and command types, patch ids,
 * never a payload). The SDK counts the same failures in `temporal_workflow_task_execution_failed{failure_reason}`.
 */
export function workflowTaskFailure(meta: LogMetadata, runs: Pick<RunRegistry, 'workflowIdOf'> = runRegistry): Record<string, unknown> {
  const runId = String(meta.runId);
  const failure = typeof meta.failure === 'string' ? meta.failure : '';
  const cause = /force_cause: (\w+)/.exec(failure)?.[1] ?? 'Unspecified';
  const mismatch = /\[TMPRL1100\] Nondeterminism error: (.*?)", source:/.exec(failure)?.[1];
  return { workflowId: runs.workflowIdOf(runId) ?? 'unknown', runId, cause, ...(mismatch ? { mismatch: scrubMessage(mismatch) } : {}) };
}

/** The Temporal SDK's logger (worker, workflows, activities, forwarded Core logs) onto pino, filtered. */
export class SdkLogger implements Logger {
  constructor(private readonly pino: Pino) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (message === 'Failing workflow task' && meta?.sdkComponent === 'core' && meta.runId) {
      this.pino.error(workflowTaskFailure(meta), 'workflow task failed: the onboarding does not move until a worker can run it');
      return;
    }
    this.pino[toPino[level]](safeAttributes(meta), scrubMessage(message));
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
