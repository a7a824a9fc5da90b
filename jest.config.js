/**
 * Each file starts its own Temporal dev server, sandbox and processes on free ports, so files run
 * two at a time (package.json): most of a file's time is waiting on timers and servers.
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  // Each provider's tests live in its folder (providers/<name>/).
  roots: ['<rootDir>/test', '<rootDir>/providers'],
  // The stack tests have their own config (jest.stack.config.js, `npm run test:stack`).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/stack/'],
  testTimeout: 120000,
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  transform: { '^.+\\.ts$': 'ts-jest' },
};
