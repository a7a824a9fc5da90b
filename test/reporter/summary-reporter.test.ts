import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/** The last line of a run counts the suites that could not run, not only the failed tests. */
test('a suite that throws while loading is counted as failed in the summary line', () => {
  const config = {
    rootDir: path.join(__dirname, 'fixtures'),
    testMatch: ['**/*.fixture.js'],
    reporters: [path.join(root, 'test', 'summary-reporter.js')],
  };
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', JSON.stringify(config)], {
    encoding: 'utf8',
  });
  expect(run.status).toBe(1);
  expect(run.stdout).toContain('Tests: 1 passed, 0 failed, 0 skipped; suites: 1 passed, 1 failed (1 could not run)');
  // Then where the time went, file by file.
  expect(run.stdout).toMatch(/^Slowest files: test\/reporter\/fixtures\/\S+\.fixture\.js \d+ s, /m);
});
