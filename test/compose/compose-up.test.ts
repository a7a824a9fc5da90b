import { eventually } from '../support/harness';
import { upComposeStack, type ComposeStack } from './compose-stack';
import { docker } from './docker-engine';

const project = 'onboarding-compose-test';

/**
 * `docker compose up` of docker-compose.yml, for real: our Dockerfile built on a stand-in of the
 * official Node image, the official PostgreSQL and Temporal images replaced by stand-ins built here
 * (dev/compose/standin-images.sh; no registry is reachable), everything else as users run it.
 */
describe('docker compose up', () => {
  let stack: ComposeStack;
  beforeAll(async () => {
    stack = await upComposeStack(project);
  }, 1_500_000);
  afterAll(() => stack?.close(), 300_000);

  const longRunning = ['postgresql', 'temporal', 'temporal-ui', 'worker', 'api', 'codec-server', 'sandbox'];
  const jobs = ['temporal-schema', 'temporal-setup', 'worker-version'];

  test('every service with a healthcheck turns healthy, every job exits 0, two workers', async () => {
    const healthy = await eventually(
      async () => {
        const running = stack.compose.containers().filter((c) => longRunning.includes(c.service));
        const states = running.map((c) => `${c.service}: ${c.inspect.State.Health?.Status ?? c.inspect.State.Status}`);
        return running.length === longRunning.length + 1 && running.every((c) => c.inspect.State.Health?.Status === 'healthy') ? states : undefined;
      },
      240_000,
      'every container healthy',
    );
    expect(healthy.sort()).toEqual(longRunning.flatMap((s) => (s === 'worker' ? [`${s}: healthy`, `${s}: healthy`] : [`${s}: healthy`])).sort());
    // worker-version runs once the workers are healthy: wait for it to finish.
    const finished = await eventually(
      async () => {
        const done = jobs.map((service) => stack.compose.of(service)[0]).filter((c) => c?.State.Status === 'exited');
        return done.length === jobs.length ? done : undefined;
      },
      120_000,
      'every job to exit',
    );
    expect(finished.map((c) => ({ job: c.Name, exitCode: c.State.ExitCode }))).toEqual(finished.map((c) => ({ job: c.Name, exitCode: 0 })));
  });

  test('the start order holds: each service started after what it depends on was healthy or had finished', () => {
    const events = stack.compose.events(stack.upAt);
    const first = (service: string, action: string) => {
      const times = events.filter((e) => e.service === service && e.action === action).map((e) => e.atMs);
      if (times.length === 0) throw new Error(`no "${action}" event of ${service} on record`);
      return Math.min(...times);
    };
    const healthy = (service: string) => first(service, 'health_status: healthy');
    const gates: [string, string, number][] = [
      ['temporal-schema', 'postgresql healthy', healthy('postgresql')],
      ['temporal', 'temporal-schema finished', first('temporal-schema', 'die')],
      ['temporal-setup', 'temporal healthy', healthy('temporal')],
      ['temporal-ui', 'temporal healthy', healthy('temporal')],
      ['worker', 'temporal-setup finished', first('temporal-setup', 'die')],
      ['api', 'temporal-setup finished', first('temporal-setup', 'die')],
      ['worker-version', 'a worker healthy', healthy('worker')],
    ];
    for (const [service, after, at] of gates) {
      expect({ service, after, startedAfter: first(service, 'start') >= at }).toEqual({ service, after, startedAfter: true });
    }
  });

  test('nothing is published beyond 127.0.0.1, and containers share only the network compose made', () => {
    const containers = stack.compose.containers();
    const bindings = containers.flatMap((c) =>
      Object.values(c.inspect.HostConfig.PortBindings ?? {})
        .flat()
        .map((b) => ({ service: c.service, ...b })),
    );
    expect(bindings.map((b) => b.service).sort()).toEqual(['api', 'codec-server', 'temporal', 'temporal-ui']);
    for (const b of bindings) expect(b).toMatchObject({ HostIp: '127.0.0.1' });
    for (const c of containers)
      expect({ service: c.service, networks: Object.keys(c.inspect.NetworkSettings.Networks) }).toEqual({
        service: c.service,
        networks: [`${project}_default`],
      });
    // And from outside: the API answers on 127.0.0.1 only.
    const addresses = docker(stack.engine.host, ['port', stack.compose.of('api')[0].Name.slice(1)])
      .stdout.trim()
      .split('\n');
    expect(addresses).toEqual([`3000/tcp -> 127.0.0.1:${stack.ports.api}`]);
  });

  test('a Sovera onboarding completes through the API: started, KYC verified at the (emulated) provider, a deposit address', async () => {
    const done = await stack.onboardSovera();
    expect(done).toMatchObject({ provider: 'sovera', running: false });
    expect(String(done.depositAddress).length).toBeGreaterThan(20);
  });

  test('`docker compose stop`: each worker, PID 1 in its container, gets SIGTERM, drains, logs it and exits 0 within its grace period', () => {
    const workers = stack.compose.of('worker');
    for (const w of workers) {
      const pid1 = docker(stack.engine.host, ['exec', w.Name.slice(1), 'cat', '/proc/1/cmdline'])
        .stdout.split('\0')
        .filter(Boolean);
      expect(pid1).toEqual(['node', 'dist/cmd/worker.js']);
      expect(w.HostConfig.Init).toBeFalsy();
    }
    const stopping = Date.now();
    stack.compose.run(['--profile', 'sandbox', 'stop']);
    for (const w of stack.compose.of('worker')) {
      expect({ worker: w.Name, status: w.State.Status, exitCode: w.State.ExitCode, oomKilled: w.State.OOMKilled }).toEqual({
        worker: w.Name,
        status: 'exited',
        exitCode: 0,
        oomKilled: false,
      });
      expect(Date.parse(w.State.FinishedAt) - stopping).toBeLessThan(30_000);
      const lines = docker(stack.engine.host, ['logs', w.Name.slice(1)])
        .stdout.split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg?: string; state?: string });
      const told = lines.map((l) => (l.msg === 'Worker state changed' ? `state ${l.state}` : l.msg));
      expect(told.slice(-4)).toEqual(['state DRAINING', 'state DRAINED', 'state STOPPED', 'onboarding worker stopped']);
    }
  });
});
