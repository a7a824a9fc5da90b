import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/** The demo as a person runs it (`npm run demo -- ...`), in its own process group as a terminal's foreground job. */
export interface DemoRun {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

export function runDemo(args: string[], env: NodeJS.ProcessEnv = {}): DemoRun {
  // As package.json's "demo" runs it: one process (tsx's CLI would relay Ctrl-C, and kill the demo if slow to confirm it).
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'dev', 'demo.ts'), ...args], {
    cwd: root,
    detached: true,
    env: { ...process.env, TEMPORAL_CLI_PATH: process.env.TEMPORAL_CLI_FOR_TESTS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}

export async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  const free = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (free) await new Promise((resolve) => server.close(resolve));
  return free;
}
