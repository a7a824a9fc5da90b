import { existsSync } from 'node:fs';
import { sandboxAdmin } from '../../dev/sandbox/admin-client';
import { freePort } from '../support/api-process';
import { devDatabaseFile, removeDevDatabase } from '../../dev/dev-server';
import { portIsFree, runDemo, type DemoRun } from '../support/demo-process';

/** What docs/security.md promises of every log line: no activity task token, no stack trace. */
const leaks = /task_?token|\n\s+at \S+ \(|sonic boom/i;

describe('npm run demo as a new user meets it', () => {
  test('--help lists every option, one line each (exit 0); an unknown option is named in one sentence with a pointer to --help (exit 2)', async () => {
    const help = runDemo(['--help']);
    expect(await help.exited).toBe(0);
    for (const option of [
      '--provider <name>',
      '--flow <flow>',
      '--keep',
      '--port <port>',
      '--ui-port <port>',
      '--api-port <port>',
      '--codec-port <port>',
      '--help',
    ]) {
      expect(
        help
          .out()
          .split('\n')
          .filter((line) => line.trimStart().startsWith(option.startsWith('--help') ? '-h, --help' : option)),
      ).toHaveLength(1);
    }
    const unknown = runDemo(['--frobnicate']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.err().trim()).toBe('error: unknown option --frobnicate: npm run demo -- --help lists the options');
  });

  describe('a --keep demo', () => {
    let ports: { temporal: number; ui: number; api: number; codec: number };
    let demo: DemoRun;
    const portArgs = () => [
      '--port',
      String(ports.temporal),
      '--ui-port',
      String(ports.ui),
      '--api-port',
      String(ports.api),
      '--codec-port',
      String(ports.codec),
    ];
    const line = (pattern: RegExp, what: string) => demo.line(pattern, what, 90_000);

    beforeAll(async () => {
      ports = { temporal: await freePort(), ui: await freePort(), api: await freePort(), codec: await freePort() };
      demo = runDemo(['--keep', ...portArgs()]);
      // A provider answer that fails once: the worker then logs a failed activity, the line that carried the task token.
      const sandboxUrl = await line(/sandbox providers at (http:\/\/\S+)/, 'the sandbox address');
      await sandboxAdmin(sandboxUrl).fault({ provider: 'sovera', failures: 1, failureStatus: 500 });
      await line(/(press Ctrl-C to stop\.)/, 'the demo waiting for Ctrl-C');
    });

    afterAll(async () => {
      if (demo.child.exitCode === null) process.kill(-demo.child.pid!, 'SIGKILL');
      removeDevDatabase(devDatabaseFile(ports.temporal));
    });

    test('the worker logs a failed provider call filtered as the worker process does: no task token, failure message or stack', async () => {
      expect(demo.out()).toContain('COMPLETED');
      const failed = demo
        .err()
        .split('\n')
        .filter((l) => l.includes('Activity failed'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(failed.length).toBeGreaterThan(0);
      for (const entry of failed) {
        expect(entry).not.toHaveProperty('taskToken');
        expect(Object.keys(entry.error as object).sort()).toEqual(expect.arrayContaining(['name']));
        expect(entry.error).not.toHaveProperty('message');
        expect(entry.error).not.toHaveProperty('stack');
      }
      expect(demo.out() + demo.err()).not.toMatch(leaks);
    });

    test("the dev server's database is per port: .data/temporal-<version>-dev-<port>.db", () => {
      expect(existsSync(devDatabaseFile(ports.temporal))).toBe(true);
    });

    test('a second demo on the same ports is refused in one sentence naming the port and the option (exit 3), before it starts anything', async () => {
      const second = runDemo(portArgs());
      expect(await second.exited).toBe(3);
      expect(second.err().trim()).toBe(
        `error: port ${ports.temporal} is taken (the Temporal dev server): another demo or program listens there; stop it, or pass --port <a free port>`,
      );
      expect(second.out()).toBe('');
    });

    test('Ctrl-C stops the worker, API, sandbox and dev server cleanly (exit 0), with no error line', async () => {
      // As a terminal does: SIGINT to the whole foreground group (npm's tsx, the demo, the dev server).
      process.kill(-demo.child.pid!, 'SIGINT');
      expect(await demo.exited).toBe(0);
      expect(demo.out()).toContain('stopped cleanly');
      expect(demo.err()).not.toMatch(/Not running|error:/i);
      for (const port of Object.values(ports)) expect(await portIsFree(port)).toBe(true);
    });
  });
});
