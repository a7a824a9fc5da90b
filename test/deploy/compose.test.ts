import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeConfig, root, type ComposeService } from './compose-config';

/** docker-compose.yml and the Dockerfile are for our users: checked as far as possible without a Docker engine. */
describe('docker-compose.yml and the Dockerfile', () => {
  const { services } = composeConfig();
  const longRunning = Object.entries(services).filter(([, s]) => s.restart !== 'no');
  const jobs = Object.entries(services).filter(([, s]) => s.restart === 'no');

  test('a Postgres-backed Temporal, its Web UI and codec server, the setup jobs, the worker, the API and (in its profile) the sandbox', () => {
    expect(Object.keys(services).sort()).toEqual([
      'api',
      'codec-server',
      'postgresql',
      'sandbox',
      'temporal',
      'temporal-schema',
      'temporal-setup',
      'temporal-ui',
      'worker',
      'worker-version',
    ]);
    expect(services.api.command).toEqual(['node', 'dist/cmd/api.js']);
    expect(services['codec-server'].command).toEqual(['node', 'dist/cmd/codec-server.js']);
    expect(services['temporal-ui'].environment).toMatchObject({ TEMPORAL_CODEC_ENDPOINT: 'http://localhost:8081' });
    expect(services.temporal.environment).toMatchObject({ POSTGRES_SEEDS: 'postgresql', POSTGRES_PWD: 'ci-password' });
    expect(services.worker.environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233' });
    // The secrets key (codec/secrets-codec.ts): the worker and the API hold it, the codec server never does.
    expect(services.worker.environment?.ONBOARDING_SECRETS_KEYS).toBeTruthy();
    expect(services.api.environment?.ONBOARDING_SECRETS_KEYS).toBeTruthy();
    expect(services['codec-server'].environment).not.toHaveProperty('ONBOARDING_SECRETS_KEYS');
    expect(services.sandbox.profiles).toEqual(['sandbox']);
    expect(services.sandbox.build?.target).toBe('sandbox');
    expect(services.worker.build?.target).toBe('runtime');
  });

  test('image names come from variables whose defaults are the images users pull (test/compose/ sets stand-ins)', () => {
    const text = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    const images = [...text.matchAll(/^ {4}image: (.*)$/gm)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/^\$\{[A-Z_]+_IMAGE:-[^}]+\}$/);
    expect(services.postgresql.image).toBe('postgres:16');
    expect(services.worker.image).toBe('crypto-onboarding:latest');
    const dockerfileDefault = /^ARG NODE_IMAGE=(.*)$/m.exec(readFileSync(path.join(root, 'Dockerfile'), 'utf8'))![1];
    expect(services.worker.build?.args).toEqual({ NODE_IMAGE: dockerfileDefault });
  });

  test('an optional variable unset where compose runs stays unset in the container (an empty URL would stop the worker)', () => {
    const env = services.worker.environment ?? {};
    for (const name of ['ONBOARDING_EVENTS_URL', 'SOVERA_BASE_URL', 'OTEL_EXPORTER_OTLP_ENDPOINT'])
      expect({ name, value: env[name] }).toEqual({ name, value: null });
    // The worker is PID 1 itself, so SIGTERM reaches it (test/compose/compose-up.test.ts sees it drain).
    expect(services.worker.init).toBeUndefined();
  });

  test('every long-running service restarts and has a healthcheck (its own or its image’s); jobs run once', () => {
    for (const [name, s] of longRunning) {
      expect({ name, restart: s.restart }).toEqual({ name, restart: 'unless-stopped' });
      // The worker and the sandbox are built from our Dockerfile, whose stages carry a HEALTHCHECK.
      expect({ name, healthcheck: Boolean(s.build) || Boolean(s.healthcheck?.test) }).toEqual({ name, healthcheck: true });
    }
    expect(jobs.map(([name]) => name).sort()).toEqual(['temporal-schema', 'temporal-setup', 'worker-version']);
  });

  test('start order is gated on readiness, never on time', () => {
    const gates = Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.depends_on ?? {}]));
    expect(gates['temporal-schema']).toEqual({ postgresql: { condition: 'service_healthy' } });
    expect(gates.temporal).toEqual({ 'temporal-schema': { condition: 'service_completed_successfully' } });
    expect(gates['temporal-setup']).toEqual({ temporal: { condition: 'service_healthy' } });
    expect(gates['temporal-ui']).toEqual({ temporal: { condition: 'service_healthy' } });
    expect(gates.worker).toEqual({ 'temporal-setup': { condition: 'service_completed_successfully' } });
    expect(gates['worker-version']).toEqual({ worker: { condition: 'service_healthy' } });
    expect(gates.api).toEqual({ 'temporal-setup': { condition: 'service_completed_successfully' } });
    const text = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    expect(text).not.toMatch(/sleep \d|; *true|\|\| *true/);
  });

  test('nothing is published beyond 127.0.0.1 (no authentication in front of Temporal or the UI)', () => {
    const published = Object.values(services).flatMap((s: ComposeService) => s.ports ?? []);
    expect(published.length).toBeGreaterThan(0);
    for (const port of published) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  // Its Node version: node-runtime.test.ts.
  test('the image: compiled, node itself as the command, a HEALTHCHECK, no sandbox', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('RUN npm run build');
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).toMatch(/^HEALTHCHECK .*CMD \["node", "dist\/cmd\/worker-healthcheck\.js"\]$/m);
    expect(runtime).toMatch(/^CMD \["node", "dist\/cmd\/worker\.js"\]$/m);
    expect(runtime).toContain('--from=production-deps');
    expect(dockerfile).toContain('rm -rf /out/dist/dev');
    expect(runtime).toMatch(/^USER node$/m);
  });
});
