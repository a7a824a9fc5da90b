import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../dev/port-check';
import { eventually } from './harness';

const root = path.resolve(__dirname, '..', '..');

export { freePort };

/** `npm run <script>` (api, codec-server) as its own process, ready once `readyPath` answers. */
export async function startProcess(
  script: 'cmd/api.ts' | 'cmd/codec-server.ts',
  env: Record<string, string>,
  readyPath = '/healthz',
): Promise<{ url: string; output: () => string; stop(): Promise<void> }> {
  const port = await freePort();
  const portVariable = script === 'cmd/api.ts' ? 'API_PORT' : 'CODEC_SERVER_PORT';
  let output = '';
  const child: ChildProcess = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, script)], {
    env: { ...process.env, ...env, [portVariable]: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`${script} exited: ${output}`);
      return (await fetch(url + readyPath)).ok ? true : undefined;
    },
    30_000,
    `${script} to answer`,
  );
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
