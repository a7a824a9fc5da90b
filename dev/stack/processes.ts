import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { logDir, runDir } from './settings';

/**
 * Long-running processes of the stack, started detached (they outlive `npm run stack`), each
 * with its log in .data/logs/<name>.log and its pid in .data/stack/run/<name>.pid.
 */
export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const logFile = (name: string) => path.join(logDir, `${name}.log`);
const pidFile = (name: string) => path.join(runDir, `${name}.pid`);

export function startProcess(spec: ProcessSpec): number {
  mkdirSync(logDir, { recursive: true });
  mkdirSync(runDir, { recursive: true });
  const out = openSync(logFile(spec.name), 'a');
  try {
    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', out, out] });
    if (child.pid === undefined) throw new Error(`${spec.name}: could not start ${spec.command}`);
    child.unref();
    writeFileSync(pidFile(spec.name), JSON.stringify({ pid: child.pid, command: spec.command }));
    return child.pid;
  } finally {
    closeSync(out);
  }
}

/** The pid of the stack's process `name` while it runs (and is still that program, not a reused pid). */
export function runningPid(name: string): number | undefined {
  if (!existsSync(pidFile(name))) return undefined;
  const { pid, command } = JSON.parse(readFileSync(pidFile(name), 'utf8')) as { pid: number; command: string };
  return isAlive(pid) && commandOf(pid)?.startsWith(command) ? pid : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    // A zombie has exited: its state in /proc is Z.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function commandOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
  } catch {
    return undefined;
  }
}

/** Sends `signal` and waits for the process to be gone; SIGKILL after `graceMs`. */
export async function stopProcess(name: string, signal: NodeJS.Signals = 'SIGTERM', graceMs = 30_000): Promise<boolean> {
  const pid = runningPid(name);
  if (pid === undefined) {
    rmSync(pidFile(name), { force: true });
    return false;
  }
  signalPid(pid, signal);
  const until = Date.now() + graceMs;
  let killed = signal === 'SIGKILL';
  while (isAlive(pid)) {
    if (!killed && Date.now() > until) {
      signalPid(pid, 'SIGKILL');
      killed = true;
    }
    await sleep(100);
  }
  rmSync(pidFile(name), { force: true });
  return true;
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err; // already gone
  }
}

/** The last lines of a process's log, to say why it did not come up. */
export function logTail(name: string, lines = 15): string {
  try {
    return readFileSync(logFile(name), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
