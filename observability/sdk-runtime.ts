import type { Logger as Pino } from 'pino';
import type { RuntimeOptions } from '@temporalio/worker';
import { SdkLogger, type AppLogLevel } from './logger';

const coreLogLevel = { trace: 'TRACE', debug: 'DEBUG', info: 'WARN', warn: 'WARN', error: 'ERROR' } as const;

/**
 * The Temporal runtime's logging as every process of ours that runs a worker sets it: the SDK's
 * lines through SdkLogger (no task tokens, failure messages or stacks), Core's own INFO lines
 * left out (chatter for operators), its warnings and errors always through.
 */
export function sdkRuntimeOptions(logger: Pino, level: AppLogLevel, metricsAddress?: string): Pick<RuntimeOptions, 'logger' | 'telemetryOptions'> {
  return {
    logger: new SdkLogger(logger),
    telemetryOptions: {
      logging: { forward: {}, filter: { core: coreLogLevel[level], other: 'ERROR' } },
      // Prometheus metrics where the worker process is asked for them (the demo has none).
      ...(metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress } } } : {}),
    },
  };
}
