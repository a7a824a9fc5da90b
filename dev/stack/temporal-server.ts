import path from 'node:path';
import { httpOk, type StackContext } from './service';
import { deployFiles, root } from './settings';

/** The Temporal server as the stack runs it: one process with its four services, or one host of the cluster (cluster.ts). */

export const temporalAddress = (ctx: StackContext) => `127.0.0.1:${ctx.ports.temporal}`;

/** The Temporal server's command: deploy/temporal/server/onboarding.yaml, with the stack's ports on 127.0.0.1. */
export function temporalServer(ctx: StackContext, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return {
    command: ctx.tools.TEMPORAL_SERVER_BIN,
    args: ['--root', root, '--config', deployFiles.serverConfigDir, '--env', deployFiles.serverEnv, '--allow-no-auth', 'start', ...args],
    env: {
      POSTGRES_SEEDS: '127.0.0.1',
      DB_PORT: String(ctx.ports.postgres),
      POSTGRES_USER: 'temporal',
      POSTGRES_PWD: ctx.postgres.password,
      TEMPORAL_BIND_ON_IP: '127.0.0.1',
      TEMPORAL_FRONTEND_PORT: String(ctx.ports.temporal),
      TEMPORAL_FRONTEND_HTTP_PORT: String(ctx.ports.temporalHttp),
      TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${ctx.ports.temporalMetrics}`,
      TEMPORAL_DYNAMIC_CONFIG_FILE: path.join(root, deployFiles.dynamicConfig),
      ...Object.fromEntries(Object.entries(ctx.ports.temporalInternal).map(([k, v]) => [k, String(v)])),
      ...ctx.temporalEnv,
      ...env,
    },
  };
}

export const temporalReady = (ctx: StackContext) => httpOk(`http://127.0.0.1:${ctx.ports.temporalHttp}/api/v1/system-info`);
export const temporalUrls = (ctx: StackContext) => ({
  'temporal (gRPC)': temporalAddress(ctx),
  'temporal metrics': `http://127.0.0.1:${ctx.ports.temporalMetrics}/metrics`,
});
