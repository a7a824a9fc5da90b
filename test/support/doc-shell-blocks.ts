import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/**
 * A shell block of README.md or docs/*.md, with the marker the line before it carries:
 * `<!-- shell: demo; prints: <text> -->` (run against a fresh `npm run demo -- --keep`),
 * `<!-- shell: stack; prints: <text> -->` (run against `npm run stack`, by test:stack),
 * `<!-- shell: runbook <name>[; prints: <text>] -->` (docs/runbooks.md: run by name, with the
 * variables it names, by test/stack/runbooks.test.ts), or `<!-- shell: not run: <why> -->`. A
 * block without a marker fails the docs test, so no new block is left unrun without a stated reason.
 */
export interface ShellBlock {
  where: string;
  code: string;
  runs: 'demo' | 'stack' | 'runbook' | 'not run' | undefined;
  /** A runbook block's name. */
  name?: string;
  /** Text its output must contain. */
  prints?: string;
  why?: string;
}

const marker = /^<!-- shell: (demo|stack|runbook|not run)(?: ([a-z-]+))?(?:; prints: (.+?)|: (.+?))? -->$/;

export function shellBlocks(): ShellBlock[] {
  const files = [
    'README.md',
    ...readdirSync(path.join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  return files.flatMap((file) => {
    const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
    const blocks: ShellBlock[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (!/^```(bash|sh|shell)\s*$/.test(lines[i])) continue;
      const end = lines.indexOf('```', i + 1);
      let before = i - 1;
      while (before >= 0 && lines[before].trim() === '') before--;
      const m = marker.exec(lines[before]?.trim() ?? '');
      blocks.push({
        where: `${file}:${i + 1}`,
        code: lines.slice(i + 1, end).join('\n'),
        runs: m?.[1] as ShellBlock['runs'],
        name: m?.[2],
        prints: m?.[3],
        why: m?.[4],
      });
      i = end;
    }
    return blocks;
  });
}

/** Runs a block as a reader pastes it into bash in the project's folder (stopping at the first failing command). */
export function runShellBlock(code: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  // The reader's shell knows none of the test's settings: only PATH and HOME come through.
  const child = spawn('bash', ['-euo', 'pipefail', '-c', code], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.once('exit', (exit) => resolve({ code: exit, output })));
}
