import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../support/api-process';
import { devDatabaseFile, removeDevDatabase } from '../../dev/dev-server';
import { runDemo, type DemoRun } from '../support/demo-process';
import { runShellBlock, shellBlocks } from '../support/doc-shell-blocks';

const root = path.resolve(__dirname, '..', '..');
const blocks = shellBlocks();
const requestFile = path.join(root, 'request.json');

/**
 * Every shell block of README.md and docs/ works as written: each marked `demo` runs in bash, in
 * the project's folder, against a fresh `npm run demo -- --keep` (its own ports and database),
 * after "the request above" (docs/api.md) is saved as request.json, as the page tells the reader.
 */
describe('the shell blocks of README.md and docs/', () => {
  test('every block says how it is checked, and why when it is not run here', () => {
    const unchecked = blocks.filter((b) => !b.runs || (b.runs === 'not run' ? !b.why : b.runs === 'runbook' ? !b.name : !b.prints));
    expect(unchecked.map((b) => b.where)).toEqual([]);
    expect(blocks.filter((b) => b.runs === 'demo').length).toBeGreaterThanOrEqual(2);
  });

  describe.each(blocks.filter((b) => b.runs === 'demo').map((b) => [b.where, b] as const))('%s', (_where, block) => {
    let demo: DemoRun;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      demo = runDemo([
        '--keep',
        '--port',
        String(port),
        '--ui-port',
        String(await freePort()),
        '--api-port',
        String(await freePort()),
        '--codec-port',
        String(await freePort()),
      ]);
      await demo.line(/(press Ctrl-C to stop\.)/, 'the --keep demo to be up');
      const page = readFileSync(path.join(root, 'docs', 'api.md'), 'utf8');
      writeFileSync(requestFile, /## A request\s+```json\n([\s\S]*?)```/.exec(page)![1]);
    }, 180_000);
    afterAll(async () => {
      rmSync(requestFile, { force: true });
      if (demo?.child.exitCode === null) {
        process.kill(-demo.child.pid!, 'SIGINT');
        await demo.exited;
      }
      removeDevDatabase(devDatabaseFile(port));
    });

    test(`runs as written and prints ${JSON.stringify(block.prints)}`, async () => {
      const { code, output } = await runShellBlock(block.code);
      expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining(block.prints ?? '') });
    });
  });
});
