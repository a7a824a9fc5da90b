import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './compose-config';

const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/**
 * The runtime we ship is the runtime we test: one Node, pinned in dev/node.sh, runs CI and the
 * processes the tests start, bounds package.json's engines, and is the image's base.
 */
describe('one Node runtime', () => {
  const pinned = /^NODE_VERSION=(\d+\.\d+\.\d+)$/m.exec(read('dev/node.sh'))?.[1] ?? '';
  const major = pinned.split('.')[0];
  const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; devDependencies: Record<string, string> };

  test('the tests run on its major, and so do the worker, API and CLI they start through tsx', () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(process.versions.node.split('.')[0]).toBe(major);
    // tsx finds `node` on PATH: the same runtime only when CI put the pinned one first.
    const child = execFileSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['-e', 'process.stdout.write(process.version)'], { encoding: 'utf8' });
    expect(child).toBe(process.version);
  });

  test('package.json supports that major only, npm refuses to install on another, and the type definitions are its own', () => {
    expect(pkg.engines.node).toBe(`>=${major} <${Number(major) + 1}`);
    expect(read('.npmrc')).toMatch(/^engine-strict=true$/m);
    expect(pkg.devDependencies['@types/node'].split('.')[0]).toBe(major);
  });

  test('the image is built on exactly the pinned version', () => {
    expect(read('Dockerfile')).toMatch(new RegExp(`^ARG NODE_IMAGE=node:${pinned.replace(/\./g, '\\.')}-bookworm-slim$`, 'm'));
  });

  test('CI puts it first on PATH before it runs npm', () => {
    const lines = read('.ci/run').split('\n');
    const provide = lines.indexOf('node_bin="$(bash dev/node.sh)"');
    const first = lines.indexOf('export PATH="$node_bin:$PATH"');
    const npm = lines.findIndex((line) => /^\s*npm /.test(line));
    expect(provide).toBeGreaterThan(0);
    expect(first).toBe(provide + 1);
    expect(npm).toBeGreaterThan(first);
  });
});
