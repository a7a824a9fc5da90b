import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { eventually } from '../support/harness';

/**
 * A Docker engine of the test's own: Debian's dockerd as root, its data and exec roots under
 * .data/compose/, its socket there too, so nothing else on the machine talks to it and it touches
 * no other engine's containers. No default bridge (--bridge=none): containers get only the networks
 * the compose project creates; image builds use the host's network (--network host) to reach the
 * npm registry and Debian's mirror. Stopped by its PID.
 */
export interface DockerEngine {
  /** For the docker and compose commands: DOCKER_HOST=unix://... */
  host: string;
  log: string;
  stop(): Promise<void>;
}

export async function startDockerEngine(dir: string, logDir: string): Promise<DockerEngine> {
  mkdirSync(dir, { recursive: true });
  mkdirSync(logDir, { recursive: true });
  const pidFile = path.join(dir, 'dockerd.pid');
  await stopLeftover(pidFile);
  const socket = path.join(dir, 'docker.sock');
  const host = `unix://${socket}`;
  const log = path.join(logDir, 'dockerd.log');
  const out = openSync(log, 'w');
  const daemon = spawn(
    'dockerd',
    [
      '--data-root',
      path.join(dir, 'data'),
      '--exec-root',
      path.join(dir, 'exec'),
      '--pidfile',
      pidFile,
      '--host',
      host,
      '--storage-driver',
      'overlay2',
      '--bridge',
      'none',
    ],
    { stdio: ['ignore', out, out] },
  );
  closeSync(out);
  const exited = new Promise<number | null>((resolve) => daemon.once('exit', (code) => resolve(code)));
  await eventually(
    async () => {
      if (daemon.exitCode !== null) throw new Error(`dockerd exited (${daemon.exitCode}): ${lastLines(log)}`);
      return docker(host, ['info', '--format', '{{.ServerVersion}}']).status === 0 ? true : undefined;
    },
    60_000,
    `dockerd to answer on ${socket} (log: ${log})`,
  );
  return {
    host,
    log,
    async stop() {
      if (daemon.exitCode !== null) return;
      daemon.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'late'>((r) => setTimeout(() => r('late'), 30_000))]);
      if (code === 'late') {
        daemon.kill('SIGKILL');
        await exited;
      }
      unmountUnder(dir);
    },
  };
}

/** `docker <args>` against this engine, output captured. */
export function docker(host: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('docker', args, { env: { ...process.env, DOCKER_HOST: host }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** An engine a crashed run left behind (same pid file) would refuse our start: stop it first. */
async function stopLeftover(pidFile: string): Promise<void> {
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0;
  if (Number.isInteger(pid) && pid > 0 && isDockerd(pid)) {
    process.kill(pid, 'SIGTERM');
    await eventually(async () => (isDockerd(pid) ? undefined : true), 30_000, `the leftover dockerd ${pid} to stop`);
  }
  unmountUnder(path.dirname(pidFile));
}

/** dockerd leaves its default network namespace mounted under its exec root: nothing of it may outlive the test. */
function unmountUnder(dir: string): void {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1])
    .filter((at) => at?.startsWith(dir + path.sep));
  for (const at of mounts.reverse()) spawnSync('umount', [at]);
}

function isDockerd(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'dockerd';
  } catch {
    return false;
  }
}

function lastLines(file: string): string {
  return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join('\n');
}
