import { clusterEnv } from '../../dev/stack/cluster';
import { postgresMaxConnections } from '../../dev/stack/postgres';
import { eventually } from '../support/harness';
import { sampleSum } from '../stack/support/metrics';
import { upComposeStack, type ComposeStack } from './compose-stack';
import { docker } from './docker-engine';

const override = 'deploy/temporal/cluster/docker-compose.cluster.yml';

/**
 * The Temporal cluster in compose (docker-compose.yml with deploy/temporal/cluster/'s override), for
 * real: a frontend, two history, two matching and one worker-service container, their membership
 * and shards, and an onboarding through them.
 */
describe('docker compose up, Temporal as a cluster', () => {
  let stack: ComposeStack;
  beforeAll(async () => {
    stack = await upComposeStack('onboarding-compose-cluster-test', [override]);
  }, 1_500_000);
  afterAll(() => stack?.close(), 300_000);

  const hosts = { temporal: 1, 'temporal-history': 2, 'temporal-matching': 2, 'temporal-worker': 1 };

  test('every host is healthy, and each registered in the cluster membership under its role', async () => {
    const healthy = await eventually(
      async () => {
        const states = Object.keys(hosts).flatMap((service) => stack.compose.of(service).map((c) => `${service}: ${c.State.Health?.Status ?? c.State.Status}`));
        return states.length === 6 && states.every((s) => s.endsWith('healthy')) ? states : undefined;
      },
      240_000,
      'every cluster host healthy',
    );
    expect(healthy.sort()).toEqual(
      Object.entries(hosts)
        .flatMap(([service, n]) => Array.from({ length: n }, () => `${service}: healthy`))
        .sort(),
    );
    // Roles as the server numbers them: 1 frontend, 2 history, 3 matching, 4 worker.
    const postgres = stack.compose.of('postgresql')[0].Name.slice(1);
    const query = `SELECT role, count(*) FROM cluster_membership WHERE record_expiry > now() GROUP BY role ORDER BY role`;
    const members = docker(stack.engine.host, ['exec', postgres, 'psql', '-U', 'temporal', '-d', clusterEnv().TEMPORAL_DB, '-Atc', query]);
    expect({ members: members.stdout.trim().split('\n'), stderr: members.stderr }).toEqual({ members: ['1|1', '2|2', '3|2', '4|1'], stderr: '' });
    // Room for every host's pools (PostgreSQL's default of 100 is not).
    const limit = docker(stack.engine.host, ['exec', postgres, 'psql', '-U', 'temporal', '-d', 'postgres', '-Atc', 'SHOW max_connections']);
    expect({ limit: limit.stdout.trim(), stderr: limit.stderr }).toEqual({ limit: String(postgresMaxConnections), stderr: '' });
  });

  test('the two history hosts share the 16 shards', async () => {
    const shards = Number(clusterEnv().NUM_HISTORY_SHARDS);
    const owned = await eventually(
      async () => {
        const counts = stack.compose.of('temporal-history').map((c) => {
          const metrics = docker(stack.engine.host, ['exec', c.Name.slice(1), 'wget', '-q', '-O', '-', 'http://127.0.0.1:9090/metrics']).stdout;
          return sampleSum([metrics], 'numshards_gauge');
        });
        return counts.reduce((a, b) => a + b, 0) === shards ? counts : undefined;
      },
      120_000,
      `${shards} shards owned`,
    );
    expect(owned.map((n) => n > 0)).toEqual([true, true]);
  });

  test('a Sovera onboarding completes through the API on the cluster', async () => {
    const done = await stack.onboardSovera();
    expect(done).toMatchObject({ provider: 'sovera', running: false });
    expect(String(done.depositAddress).length).toBeGreaterThan(20);
  });
});
