import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StackPostgres } from './postgres';
import { logFile, logTail, runningPid, startProcess, stopProcess } from './processes';
import { logDir, root, type StackPorts, type StackTools } from './settings';

export interface StackContext {
  tools: StackTools;
  ports: StackPorts;
  postgres: StackPostgres;
  /** The environment every Node process of ours gets (Temporal address, task queue, codec keys, sandbox). */
  nodeEnv: NodeJS.ProcessEnv;
  /** What this stack runs, in start order: one Temporal process, or the cluster (services.ts). */
  services: Service[];
  /** The Temporal server's and schema job's own settings: the cluster's shard count and databases (deploy/temporal/cluster/cluster.env). */
  temporalEnv: NodeJS.ProcessEnv;
}

/** One part of the stack, started in table order and stopped in reverse. */
export interface Service {
  name: string;
  start(ctx: StackContext): Promise<void>;
  stop(ctx: StackContext, signal?: NodeJS.Signals): Promise<void>;
  running(ctx: StackContext): boolean;
  /** What to print once the stack is up: label → URL. */
  urls?(ctx: StackContext): Record<string, string>;
}

type Command = (ctx: StackContext) => { command: string; args: string[]; env?: NodeJS.ProcessEnv };

/** A long-running program: started detached, ready once `ready` answers true. */
export function daemon(spec: {
  name: string;
  command: Command;
  ready: (ctx: StackContext) => Promise<boolean>;
  urls?: Service['urls'];
  readyTimeoutMs?: number;
  stopGraceMs?: number;
}): Service {
  return {
    name: spec.name,
    urls: spec.urls,
    running: () => runningPid(spec.name) !== undefined,
    async start(ctx) {
      const { command, args, env } = spec.command(ctx);
      const pid = startProcess({ name: spec.name, command, args, env: { ...process.env, ...env }, cwd: root });
      const until = Date.now() + (spec.readyTimeoutMs ?? 120_000);
      while (!(await spec.ready(ctx).catch(() => false))) {
        if (runningPid(spec.name) !== pid) throw new Error(`${spec.name} exited while starting:\n${logTail(spec.name)}`);
        if (Date.now() > until) throw new Error(`${spec.name} not ready after ${(spec.readyTimeoutMs ?? 120_000) / 1000} s:\n${logTail(spec.name)}`);
        await sleep(250);
      }
    },
    async stop(_ctx, signal = 'SIGTERM') {
      await stopProcess(spec.name, signal, spec.stopGraceMs);
    },
  };
}

/** A step that runs to completion (setup); its failure stops the start, loudly. */
export function job(spec: { name: string; command: Command }): Service {
  return {
    name: spec.name,
    running: () => false,
    async start(ctx) {
      const { command, args, env } = spec.command(ctx);
      const result = spawnSync(command, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
      mkdirSync(logDir, { recursive: true });
      appendFileSync(logFile(spec.name), `${result.stdout ?? ''}${result.stderr ?? ''}`);
      if (result.status !== 0) throw new Error(`${spec.name} failed (exit ${result.status}):\n${logTail(spec.name)}`);
    },
    async stop() {},
  };
}

/** True when `url` answers 2xx within a second. */
export async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
  await response.body?.cancel();
  return response.ok;
}
