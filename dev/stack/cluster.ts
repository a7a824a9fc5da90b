import { createConnection } from 'node:net';
import { daemon, type Service, type StackContext } from './service';
import { readEnvFile } from './settings';
import { temporalReady, temporalServer, temporalUrls } from './temporal-server';

/** What one host of the cluster runs: `temporal-server start --service <role>`. */
export type ClusterRole = 'frontend' | 'history' | 'matching' | 'worker';

/**
 * The cluster's hosts, in start order: history and matching first (they join the membership ring
 * and take their shards and task queues), then the frontend clients reach, then the worker service
 * (the server's own system workflows, which it reaches through the frontend).
 */
export const clusterShape: { name: string; role: ClusterRole; replica: number }[] = [
  { name: 'temporal-history-1', role: 'history', replica: 1 },
  { name: 'temporal-history-2', role: 'history', replica: 2 },
  { name: 'temporal-matching-1', role: 'matching', replica: 1 },
  { name: 'temporal-matching-2', role: 'matching', replica: 2 },
  { name: 'temporal-frontend', role: 'frontend', replica: 1 },
  { name: 'temporal-worker', role: 'worker', replica: 1 },
];

/** deploy/temporal/cluster/cluster.env: the cluster's shard count and databases. */
export function clusterEnv(): Record<string, string> {
  return readEnvFile('deploy/temporal/cluster/cluster.env');
}

/**
 * One host's ports: its own service's gRPC and membership ports, the stack's for the first
 * replica and 20 above for the second (every host binds 127.0.0.1); a metrics port each. Every
 * host knows the frontend's address (the server's internal clients use it).
 */
function hostPorts(ctx: StackContext, index: number): NodeJS.ProcessEnv {
  const { role, replica } = clusterShape[index];
  const env: NodeJS.ProcessEnv = { TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${clusterMetricsPort(ctx, index)}` };
  if (role === 'frontend') return env;
  const upper = role.toUpperCase() as 'HISTORY' | 'MATCHING' | 'WORKER';
  const shift = 20 * (replica - 1);
  env[`TEMPORAL_${upper}_PORT`] = String(ctx.ports.temporalInternal[`TEMPORAL_${upper}_PORT`] + shift);
  env[`TEMPORAL_${upper}_MEMBERSHIP_PORT`] = String(ctx.ports.temporalInternal[`TEMPORAL_${upper}_MEMBERSHIP_PORT`] + shift);
  return env;
}

/** The frontend keeps the stack's metrics port; the other hosts take the ports after it. */
export function clusterMetricsPort(ctx: StackContext, index: number): number {
  const frontend = clusterShape.findIndex((h) => h.role === 'frontend');
  return ctx.ports.temporalMetrics + (index === frontend ? 0 : index < frontend ? index + 1 : index);
}

/** True once something accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port, timeout: 1_000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/** The cluster's hosts as stack services: the frontend ready when its HTTP API answers, the others when their gRPC port listens. */
export const clusterHosts: Service[] = clusterShape.map((host, index) =>
  daemon({
    name: host.name,
    command: (ctx) => temporalServer(ctx, ['--service', host.role], hostPorts(ctx, index)),
    ready:
      host.role === 'frontend'
        ? temporalReady
        : (ctx) => {
            const own = hostPorts(ctx, index)[`TEMPORAL_${host.role.toUpperCase()}_PORT`];
            return listening(Number(own));
          },
    urls: host.role === 'frontend' ? temporalUrls : (ctx) => ({ [`${host.name} metrics`]: `http://127.0.0.1:${clusterMetricsPort(ctx, index)}/metrics` }),
    stopGraceMs: 20_000,
  }),
);
