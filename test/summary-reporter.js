/**
 * Ends the run with one plain line that any CI can read:
 * "Tests: N passed, N failed, N skipped; suites: N passed, N failed (N could not run)".
 * A suite that fails to load (or in a hook outside any test) fails no test, so the suites are
 * counted too: otherwise the line would say "0 failed" of a run that jest fails.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped, numTodoTests: todo } = results;
    const { numPassedTestSuites: suitesPassed, numFailedTestSuites: suitesFailed, numRuntimeErrorTestSuites: notRun } = results;
    process.stdout.write(
      `\nTests: ${passed} passed, ${failed} failed, ${skipped + todo} skipped; suites: ${suitesPassed} passed, ${suitesFailed} failed (${notRun} could not run)\n`,
    );
  }
}
module.exports = SummaryReporter;
