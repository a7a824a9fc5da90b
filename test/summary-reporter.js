const path = require('node:path');

/** Which kind a test file is, by its folder under test/ (docs/testing.md reports the counts by kind). */
const kinds = {
  sandbox: 'sandbox', // the emulated providers over HTTP
  providers: 'sandbox', // each adapter against the sandbox over HTTP
  e2e: 'end-to-end',
  api: 'end-to-end',
  events: 'end-to-end',
  'codec-server': 'end-to-end',
  browser: 'end-to-end',
  docs: 'end-to-end', // the docs' shell blocks against a running demo
  replay: 'replay',
  stack: 'stack',
};
/** A provider folder's tests (providers/<name>/) run its adapter and emulator over HTTP. */
const kindOf = (file) => {
  const [top] = path.relative(__dirname, file).split(path.sep);
  if (top === '..' && path.relative(path.join(__dirname, '..', 'providers'), file).split(path.sep)[0] !== '..') return 'sandbox';
  return kinds[top] ?? 'unit';
};

/**
 * Ends the run with plain lines that any CI can read:
 * "Tests: N passed, N failed, N skipped; suites: N passed, N failed (N could not run)", then the
 * tests by kind. A suite that fails to load (or in a hook outside any test) fails no test, so the
 * suites are counted too: otherwise the line would say "0 failed" of a run that jest fails.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped, numTodoTests: todo } = results;
    const { numPassedTestSuites: suitesPassed, numFailedTestSuites: suitesFailed, numRuntimeErrorTestSuites: notRun } = results;
    const byKind = {};
    for (const file of results.testResults) {
      const kind = kindOf(file.testFilePath);
      byKind[kind] = (byKind[kind] ?? 0) + file.numPassingTests + file.numFailingTests + file.numPendingTests + file.numTodoTests;
    }
    process.stdout.write(
      `\nTests: ${passed} passed, ${failed} failed, ${skipped + todo} skipped; suites: ${suitesPassed} passed, ${suitesFailed} failed (${notRun} could not run)\n` +
        `By kind: ${Object.entries(byKind)
          .map(([kind, n]) => `${kind} ${n}`)
          .join(', ')}\n` +
        `Slowest files: ${slowest(results.testResults)}\n`,
    );
  }
}
/** Where the run's time goes: the five longest files, with their seconds. */
const slowest = (files) =>
  files
    .map((file) => ({ name: path.relative(path.join(__dirname, '..'), file.testFilePath), seconds: (file.perfStats.end - file.perfStats.start) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 5)
    .map(({ name, seconds }) => `${name} ${Math.round(seconds)} s`)
    .join(', ');

module.exports = SummaryReporter;
