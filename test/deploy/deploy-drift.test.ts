import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporalVersions } from '../../dev/dev-server';
import { deployFiles } from '../../dev/stack/settings';
import { clusterEnv, clusterShape } from '../../dev/stack/cluster';
import { postgresMaxConnections } from '../../dev/stack/postgres';
import { composeConfig, root, type ComposeService } from './compose-config';

/**
 * The local stack (`npm run stack`) and docker-compose.yml run the same Temporal server and Web UI
 * versions with the same configuration files from deploy/temporal/: this fails when they drift.
 */
describe('the stack and docker-compose.yml do not drift apart', () => {
  const { services } = composeConfig();
  const versions = temporalVersions();
  const mounts = (service: string) =>
    Object.fromEntries(
      (services[service].volumes ?? []).map((v) => {
        const [source, target] = v.split(':');
        return [target, path.relative(root, source)];
      }),
    );

  test('the same server, SQL tool and Web UI versions', () => {
    expect(versions.TEMPORAL_SERVER_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(services.temporal.image).toBe(`temporalio/server:${versions.TEMPORAL_SERVER_VERSION}`);
    expect(services['temporal-schema'].image).toBe(`temporalio/admin-tools:${versions.TEMPORAL_SERVER_VERSION}`);
    expect(services['temporal-ui'].image).toBe(`temporalio/ui:${versions.TEMPORAL_UI_VERSION}`);
    // The stack builds exactly these versions from their Go modules.
    const script = readFileSync(path.join(root, 'dev', 'temporal-stack.sh'), 'utf8');
    expect(script).toContain(`source "$root/${deployFiles.versions}"`);
    expect(script).toContain('"go.temporal.io/server/cmd/server@v$TEMPORAL_SERVER_VERSION"');
    expect(script).toContain('"go.temporal.io/server/cmd/tools/sql@v$TEMPORAL_SERVER_VERSION"');
    expect(script).toContain('"github.com/temporalio/ui-server/v2/cmd/server@v$TEMPORAL_UI_VERSION"');
  });

  test('the server reads the same config and dynamic config', () => {
    const target = Object.entries(mounts('temporal')).find(([, source]) => source === deployFiles.serverConfigDir)?.[0];
    expect(target).toBeDefined();
    const entrypoint = services.temporal.entrypoint!;
    const arg = (flag: string) => entrypoint[entrypoint.indexOf(flag) + 1];
    expect(path.join(arg('--root'), arg('--config'))).toBe(target);
    expect(arg('--env')).toBe(deployFiles.serverEnv);
    expect(services.temporal.environment!.TEMPORAL_DYNAMIC_CONFIG_FILE).toBe(
      path.join(target!, path.relative(deployFiles.serverConfigDir, deployFiles.dynamicConfig)),
    );
    for (const file of [path.join(deployFiles.serverConfigDir, `${deployFiles.serverEnv}.yaml`), deployFiles.dynamicConfig]) {
      expect(existsSync(path.join(root, file))).toBe(true);
    }
  });

  test('the Web UI reads the same config, and the schema job runs the same migration', () => {
    expect(mounts('temporal-ui')['/home/ui-server/config/docker.yaml']).toBe(path.join(deployFiles.uiConfigDir, `${deployFiles.uiEnv}.yaml`));
    const schema = services['temporal-schema'];
    const migrateTarget = Object.entries(mounts('temporal-schema')).find(([, source]) => source === deployFiles.migrate)?.[0];
    expect(schema.entrypoint).toEqual(['sh', migrateTarget]);
  });

  test('the setup job is the compiled setup the stack runs, so every search attribute is registered in both', () => {
    expect(services['temporal-setup'].command).toEqual(['node', 'dist/cmd/setup.js']);
    const stack = readFileSync(path.join(root, 'dev', 'stack', 'services.ts'), 'utf8');
    expect(stack).toContain("args: ['dist/cmd/setup.js']");
  });

  test('the cluster: the compose override runs the hosts `npm run stack -- --cluster` runs, with the same settings', () => {
    const cluster = composeConfig(['deploy/temporal/cluster/docker-compose.cluster.yml']).services;
    const hosts = Object.entries(cluster).filter(([, s]) => s.entrypoint?.includes('--service'));
    const roles = (list: [string, number][]) => Object.fromEntries(list.sort(([a], [b]) => a.localeCompare(b)));
    const serviceOf = (s: ComposeService) => s.entrypoint![s.entrypoint!.indexOf('--service') + 1];
    const composeRoles = new Map<string, number>();
    for (const [, s] of hosts) composeRoles.set(serviceOf(s), (composeRoles.get(serviceOf(s)) ?? 0) + (s.deploy?.replicas ?? 1));
    const stackRoles = new Map<string, number>();
    for (const h of clusterShape) stackRoles.set(h.role, (stackRoles.get(h.role) ?? 0) + 1);
    expect(roles([...composeRoles])).toEqual(roles([...stackRoles]));
    expect(serviceOf(cluster.temporal)).toBe('frontend');
    // Every host and the schema job: the cluster's shard count and databases, the same image and config.
    for (const [name, s] of [...hosts, ['temporal-schema', cluster['temporal-schema']] as const]) {
      expect({ name, env: s.environment }).toEqual({ name, env: expect.objectContaining(clusterEnv()) });
    }
    // The hosts' pools need more than PostgreSQL's default 100 connections: the stack's limit.
    expect(cluster.postgresql.command).toEqual(['postgres', '-c', `max_connections=${postgresMaxConnections}`]);
    for (const [name, s] of hosts) {
      expect({ name, image: s.image, volumes: s.volumes }).toEqual({ name, image: services.temporal.image, volumes: services.temporal.volumes });
      expect({ name, args: s.entrypoint!.slice(0, -2) }).toEqual({ name, args: services.temporal.entrypoint });
    }
  });
});
