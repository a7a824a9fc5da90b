/**
 * `npm run test:stack`: end-to-end tests against the production topology (`npm run stack`:
 * PostgreSQL, the Temporal server, its Web UI, the sandbox, two compiled workers), in band.
 * Kept apart from jest.config.js so `npm test` stays on the dev server.
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/stack'],
  testTimeout: 600000,
  globalSetup: '<rootDir>/test/stack/global-setup.ts',
  globalTeardown: '<rootDir>/test/stack/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  transform: { '^.+\\.ts$': 'ts-jest' },
};
