/**
 * Each file starts its own Temporal dev server, sandbox and processes on free ports, drawn from a
 * slice per jest worker (dev/port-check.ts). Two files at a time (package.json): 652 s instead of
 * 1,790 s in band on this machine.
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  // Each provider's tests live in its folder (providers/<name>/).
  roots: ['<rootDir>/test', '<rootDir>/providers'],
  // The stack and compose tests have their own configs (`npm run test:stack`, `npm run test:compose`).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/stack/', '<rootDir>/test/compose/'],
  testTimeout: 120000,
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  transform: { '^.+\\.ts$': 'ts-jest' },
};
