import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadAll } from 'js-yaml';
import { composeConfig, root } from './compose-config';

/**
 * The Helm chart (deploy/helm/onboarding), checked offline as CI does: `helm lint`, then every
 * document `helm template` renders decoded strictly into its Kubernetes type (dev/k8s-check), for
 * a self-hosted Temporal and for Temporal Cloud. Never installed on a cluster here.
 */

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}
interface Probe {
  httpGet: { path: string; port: string };
}
interface Container {
  name: string;
  image: string;
  command: string[];
  env: EnvVar[];
  ports?: { name: string; containerPort: number }[];
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  volumeMounts?: { name: string; mountPath: string }[];
}
interface Manifest {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    selector?: { matchLabels: Record<string, string> };
    maxUnavailable?: number;
    template?: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: { terminationGracePeriodSeconds?: number; containers: Container[]; volumes?: { name: string; secret: { secretName: string } }[] };
    };
  };
}

const chart = path.join(root, 'deploy', 'helm', 'onboarding');
const valueSets = {
  'self-hosted': path.join(root, 'deploy', 'helm', 'self-hosted.yaml'),
  'temporal-cloud': path.join(root, 'deploy', 'helm', 'temporal-cloud.yaml'),
};
/** Secrets the processes read: they must come from the Secret, never from a value in the chart. */
const secretNames = [
  'ONBOARDING_CODEC_KEYS',
  'ONBOARDING_SECRETS_KEYS',
  'ONBOARDING_API_KEYS',
  'ONBOARDING_WEBHOOK_SECRETS',
  'ONBOARDING_EVENTS_SECRET',
  'TEMPORAL_API_KEY',
  'SOVERA_OWNER_KEY',
  'STOKN_CLIENT_TOKEN',
  'SFOX_ENTERPRISE_KEY',
  'CYBRID_CLIENT_ID',
  'CYBRID_CLIENT_SECRET',
];

/** One of our Go-built tools (dev/helm.sh, dev/k8s-check.sh): cached in .tools/, else built once from the Go module proxy. */
const goTool = (script: string): string =>
  execFileSync('bash', [path.join(root, 'dev', script)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim()
    .split('\n')
    .at(-1)!;

let helm: string;
let k8sCheck: string;

function run(bin: string, args: string[], input?: string): { status: number | null; out: string } {
  const r = spawnSync(bin, args, { encoding: 'utf8', input });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function template(values: string, set: string[] = []): string {
  const r = run(helm, ['template', 'onboarding', chart, '--namespace', 'onboarding', '-f', values, ...set.flatMap((s) => ['--set', s])]);
  expect({ status: r.status, out: r.status === 0 ? '' : r.out }).toEqual({ status: 0, out: '' });
  return r.out;
}

const manifests = (rendered: string) => (loadAll(rendered) as (Manifest | null)[]).filter((m): m is Manifest => m !== null);
const byName = (ms: Manifest[], kind: string, name: string) => {
  const m = ms.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) throw new Error(`no ${kind} ${name} in: ${ms.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return m;
};
const container = (m: Manifest) => m.spec.template!.spec.containers[0];
const env = (c: Container) => Object.fromEntries(c.env.map((e) => [e.name, e]));
const portNumber = (c: Container, name: string) => c.ports!.find((p) => p.name === name)!.containerPort;

beforeAll(() => {
  // The first time on a fresh clone this builds both from the Go module proxy (minutes); CI builds them beforehand.
  helm = goTool('helm.sh');
  k8sCheck = goTool('k8s-check.sh');
}, 900_000);

describe.each(Object.entries(valueSets))('the Helm chart with %s values', (_name, values) => {
  let rendered: string;
  let ms: Manifest[];
  beforeAll(() => {
    rendered = template(values);
    ms = manifests(rendered);
  });

  test('helm lint --strict passes', () => {
    const r = run(helm, ['lint', '--strict', chart, '-f', values]);
    expect({ status: r.status, out: r.out }).toEqual({ status: 0, out: expect.stringContaining('0 chart(s) failed') });
  });

  test('every rendered document decodes strictly into its Kubernetes type', () => {
    const r = run(k8sCheck, ['-'], rendered);
    expect({ status: r.status, out: r.out }).toEqual({ status: 0, out: expect.stringContaining(`${ms.length} documents checked, 0 failed`) });
  });

  test('probes on the health endpoints, the worker’s grace period covers its drain, metrics annotated', () => {
    const worker = byName(ms, 'Deployment', 'onboarding-worker');
    const w = container(worker);
    const healthPort = Number(env(w).ONBOARDING_HEALTH_ADDRESS.value!.split(':')[1]);
    expect(portNumber(w, 'health')).toBe(healthPort);
    for (const probe of [w.startupProbe, w.readinessProbe, w.livenessProbe]) expect(probe?.httpGet).toEqual({ path: '/healthz', port: 'health' });
    // The SDK's shutdownGraceTime (workers/onboarding-worker.ts), then cancelling the rest and closing.
    const drain = Number(
      /shutdownGraceTime: options\.shutdownGraceTime \?\? '(\d+) seconds'/.exec(readFileSync(path.join(root, 'workers', 'onboarding-worker.ts'), 'utf8'))![1],
    );
    expect(worker.spec.template!.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(drain + 10);
    const annotations = worker.spec.template!.metadata.annotations!;
    expect(annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(portNumber(w, 'metrics')), 'prometheus.io/path': '/metrics' });
    expect(env(w).ONBOARDING_METRICS_ADDRESS.value).toBe(`0.0.0.0:${annotations['prometheus.io/port']}`);

    const api = container(byName(ms, 'Deployment', 'onboarding-api'));
    expect(api.command).toEqual(['node', 'dist/cmd/api.js']);
    expect(api.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(api.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(portNumber(api, 'http')).toBe(Number(env(api).API_PORT.value));
    const codec = container(byName(ms, 'Deployment', 'onboarding-codec-server'));
    expect(codec.command).toEqual(['node', 'dist/cmd/codec-server.js']);
    expect([codec.readinessProbe?.httpGet, codec.livenessProbe?.httpGet]).toEqual([
      { path: '/healthz', port: 'http' },
      { path: '/healthz', port: 'http' },
    ]);
    expect(portNumber(codec, 'http')).toBe(Number(env(codec).CODEC_SERVER_PORT.value));
  });

  test('secrets come from the Kubernetes Secret; the codec server never holds the secrets key', () => {
    const containers = ms.filter((m) => m.spec.template).map(container);
    for (const c of containers) {
      for (const e of c.env.filter((x) => secretNames.includes(x.name))) {
        expect({ container: c.name, name: e.name, from: e.valueFrom?.secretKeyRef }).toEqual({
          container: c.name,
          name: e.name,
          from: expect.objectContaining({ name: 'onboarding', key: e.name }),
        });
      }
    }
    const codec = env(container(byName(ms, 'Deployment', 'onboarding-codec-server')));
    expect(Object.keys(codec)).toEqual(expect.arrayContaining(['ONBOARDING_CODEC_KEYS', 'ONBOARDING_API_KEYS']));
    expect(codec).not.toHaveProperty('ONBOARDING_SECRETS_KEYS');
    expect(env(container(byName(ms, 'Deployment', 'onboarding-worker'))).ONBOARDING_SECRETS_KEYS.valueFrom?.secretKeyRef?.optional).toBeUndefined();
  });

  test('only variables the processes read (docs/configuration.md), Worker Versioning among them', () => {
    const documented = readFileSync(path.join(root, 'docs', 'configuration.md'), 'utf8');
    const names = new Set(ms.filter((m) => m.spec.template).flatMap((m) => container(m).env.map((e) => e.name)));
    expect([...names].filter((n) => !documented.includes(`\`${n}\``))).toEqual([]);
    const w = env(container(byName(ms, 'Deployment', 'onboarding-worker')));
    expect([w.ONBOARDING_WORKER_VERSIONING.value, w.ONBOARDING_DEPLOYMENT_NAME.value]).toEqual(['true', 'onboarding']);
  });

  test('a PodDisruptionBudget for each component selects its pods', () => {
    for (const component of ['worker', 'api', 'codec-server']) {
      const pdb = byName(ms, 'PodDisruptionBudget', `onboarding-${component}`);
      expect(pdb.spec.maxUnavailable).toBe(1);
      const pods = ms.filter((m) => m.kind === 'Deployment' && m.spec.template!.metadata.labels['app.kubernetes.io/component'] === component);
      expect(pods.length).toBeGreaterThan(0);
      for (const d of pods) expect(d.spec.template!.metadata.labels).toMatchObject(pdb.spec.selector!.matchLabels);
    }
  });
});

describe('the Helm chart’s Temporal connections', () => {
  test('self-hosted: Temporal’s own chart’s frontend in plain gRPC, and the setup job before install and upgrade', () => {
    const ms = manifests(template(valueSets['self-hosted']));
    const w = env(container(byName(ms, 'Deployment', 'onboarding-worker')));
    expect(w.TEMPORAL_ADDRESS.value).toBe('temporal-frontend.temporal:7233');
    expect(w).not.toHaveProperty('TEMPORAL_TLS');
    expect(w).not.toHaveProperty('TEMPORAL_API_KEY');
    const setup = byName(ms, 'Job', 'onboarding-setup');
    expect(setup.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(container(setup).command).toEqual(['node', 'dist/cmd/setup.js']);
  });

  test('Temporal Cloud with an API key: the key from the Secret (it turns TLS on, config/temporal.ts); no setup job', () => {
    const ms = manifests(template(valueSets['temporal-cloud']));
    for (const name of ['onboarding-worker', 'onboarding-api']) {
      const e = env(container(byName(ms, 'Deployment', name)));
      expect(e.TEMPORAL_API_KEY.valueFrom?.secretKeyRef).toEqual({ name: 'onboarding', key: 'TEMPORAL_API_KEY' });
    }
    expect(ms.some((m) => m.kind === 'Job' && m.metadata.name === 'onboarding-setup')).toBe(false);
  });

  test('Temporal Cloud with mTLS: the certificate Secret mounted where the processes read it, and still valid', () => {
    const rendered = template(valueSets['temporal-cloud'], [
      'temporal.apiKey.enabled=false',
      'temporal.mtls.enabled=true',
      'temporal.mtls.secretName=onboarding-temporal-mtls',
    ]);
    expect(run(k8sCheck, ['-'], rendered).status).toBe(0);
    const worker = byName(manifests(rendered), 'Deployment', 'onboarding-worker');
    const c = container(worker);
    const mount = c.volumeMounts!.find((m) => m.name === 'temporal-mtls')!;
    expect(env(c).TEMPORAL_TLS_CLIENT_CERT_PATH.value).toBe(`${mount.mountPath}/tls.crt`);
    expect(env(c).TEMPORAL_TLS_CLIENT_KEY_PATH.value).toBe(`${mount.mountPath}/tls.key`);
    expect(env(c)).not.toHaveProperty('TEMPORAL_API_KEY');
    expect(worker.spec.template!.spec.volumes).toEqual([{ name: 'temporal-mtls', secret: { secretName: 'onboarding-temporal-mtls' } }]);
  });

  test('a draining build keeps its own workers beside the current ones; the deploy job makes the current one current', () => {
    const rendered = template(valueSets['self-hosted'], [
      'image.tag=v2',
      'worker.versioning.buildId=2.0.0',
      'worker.drainingBuilds[0].name=v1',
      'worker.drainingBuilds[0].tag=v1',
      'worker.drainingBuilds[0].buildId=1.0.0',
    ]);
    expect(run(k8sCheck, ['-'], rendered).status).toBe(0);
    const ms = manifests(rendered);
    const current = container(byName(ms, 'Deployment', 'onboarding-worker'));
    const draining = container(byName(ms, 'Deployment', 'onboarding-worker-v1'));
    expect([current.image, env(current).ONBOARDING_BUILD_ID.value]).toEqual(['crypto-onboarding:v2', '2.0.0']);
    expect([draining.image, env(draining).ONBOARDING_BUILD_ID.value]).toEqual(['crypto-onboarding:v1', '1.0.0']);
    const job = byName(ms, 'Job', 'onboarding-set-current-version');
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('post-install,post-upgrade');
    expect(env(container(job)).ONBOARDING_BUILD_ID.value).toBe('2.0.0');
  });
});

test('the chart runs the image docker-compose.yml builds from the Dockerfile, with the same commands and metrics port', () => {
  const compose = composeConfig();
  const ms = manifests(template(valueSets['self-hosted']));
  const commands = Object.fromEntries(ms.filter((m) => m.kind === 'Deployment').map((m) => [m.metadata.name, container(m)]));
  expect(commands['onboarding-worker'].image).toBe(compose.services.worker.image);
  expect(commands['onboarding-api'].command).toEqual(compose.services.api.command);
  expect(commands['onboarding-codec-server'].command).toEqual(compose.services['codec-server'].command);
  // The Dockerfile's CMD is the worker's; the chart says it explicitly.
  const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  expect(dockerfile).toContain(`CMD ${JSON.stringify(commands['onboarding-worker'].command).replace(/,/g, ', ')}`);
  expect(dockerfile).toContain(`EXPOSE ${portNumber(commands['onboarding-worker'], 'metrics')}`);
});

describe('the strict manifest check (dev/k8s-check)', () => {
  const deployment = () => template(valueSets['self-hosted']);

  test('a misspelled field fails, naming it', () => {
    const r = run(k8sCheck, ['-'], deployment().replace('readinessProbe:', 'readinesProbe:'));
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/FAIL .*unknown field "spec\.template\.spec\.containers\[0\]\.readinesProbe"/);
  });

  test('a wrong type fails, naming the field', () => {
    const r = run(k8sCheck, ['-'], deployment().replace(/terminationGracePeriodSeconds: \d+/, 'terminationGracePeriodSeconds: "thirty"'));
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/FAIL .*terminationGracePeriodSeconds of type int64/);
  });

  test('an unknown kind fails', () => {
    const r = run(k8sCheck, ['-'], 'apiVersion: v1\nkind: Sevice\nmetadata:\n  name: x\n');
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/no kind "Sevice" is registered/);
  });
});
