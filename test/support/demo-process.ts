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
  /**
   * The first group of `pattern` in the demo's output, once it is printed. A demo that exits or
   * stays silent too long fails with what it printed, so the failure says where it stopped.
   */
  line(pattern: RegExp, what: string, timeoutMs?: number): Promise<string>;
}

export function runDemo(args: string[], env: NodeJS.ProcessEnv = {}): DemoRun {
  // As package.json's "demo" runs it: one process (tsx's CLI would relay Ctrl-C, and kill the demo if slow to confirm it).
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'dev', 'demo.ts'), ...args], {
    cwd: root,
    detached: true,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = async (pattern: RegExp, what: string, timeoutMs = 150_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = pattern.exec(out)?.[1];
      if (found !== undefined) return found;
      const stopped = child.exitCode !== null ? `the demo exited (code ${child.exitCode})` : Date.now() > until ? `${timeoutMs / 1000} s passed` : '';
      if (stopped) throw new Error(`waiting for ${what}, ${stopped}. It printed:\n${tail(out)}\nand on stderr:\n${tail(err)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  return { child, out: () => out, err: () => err, exited, line };
}

const tail = (text: string) => text.split('\n').slice(-25).join('\n');

export async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  const free = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (free) await new Promise((resolve) => server.close(resolve));
  return free;
}
