import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** docker-compose.yml is for our users; with no Docker engine here, `docker-compose config` checks it. */
test('docker-compose.yml is a valid Postgres-backed Temporal with the worker', () => {
  const out = execFileSync('docker-compose', ['-f', path.resolve(__dirname, '..', 'docker-compose.yml'), 'config'], {
    encoding: 'utf8',
    env: { ...process.env, ONBOARDING_CODEC_KEYS: `ci:${Buffer.alloc(32, 1).toString('base64')}` },
  });
  for (const service of ['postgresql:', 'temporal:', 'temporal-ui:', 'worker:', 'sandbox:']) expect(out).toContain(service);
  expect(out).toMatch(/DB: postgres12/);
  expect(out).toMatch(/TEMPORAL_ADDRESS: temporal:7233/);
});
