/**
 * `npm run test:compose`: docker-compose.yml brought up for real on a Docker engine of the test's
 * own (test/compose/), with stand-ins for the official images. Apart from `npm test`: it needs root
 * (dockerd) and takes minutes to build its images.
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/compose'],
  testTimeout: 600000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  transform: { '^.+\\.ts$': 'ts-jest' },
};
