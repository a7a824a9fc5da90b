import type { OnboardingRequest } from '../../domain/input';
import { clusterEnv } from '../../dev/stack/cluster';
import { restartService, service } from '../../dev/stack/stack';
import { providerNames } from '../../domain/providers';
import { sampleFlows, type SampleFlowName } from '../../providers/registry';
import { flowRequest } from '../support/requests';
import { Crowd } from './support/crowd';
import { eventually } from '../support/harness';
import { historyShards, sampleSum, scrapeWorkers } from './support/metrics';
import { holdings, type Holdings } from './support/provider-objects';
import { stackActors, type StackActors } from './support/stack-actors';

const perFlow = 10;
/** Polls of KYC at this pace, so 60 waiting onboardings stay light on two cores. */
const wait = { kycPollInterval: '10 seconds', kycDeadline: '1 hour' };

/**
 * Ten onboardings of every sample flow (60) in flight while the providers misbehave and the stack
 * (a Temporal cluster, three workers) is disrupted piece by piece: a worker killed (-9), a history
 * host killed (-9) until the other owns every shard, then back until they split them again, a
 * matching host killed (-9), two workers killed (-9) at once, the frontend restarted, PostgreSQL
 * restarted (fast mode: connections cut). Every onboarding completes, and no provider holds a
 * duplicate user, account, wallet or address; every history replays on the workers' bundle (worker-2
 * keeps no cache, test/stack/global-setup.ts). Each disruption waits for a status step, never a timer.
 */
describe('chaos on the stack', () => {
  const shards = Number(clusterEnv().NUM_HISTORY_SHARDS);
  /** Waits for the history hosts' shard counts (their own metrics) to satisfy `settled`. */
  const shardsSettled = (what: string, settled: (owned: Record<string, number>) => boolean) =>
    eventually(
      async () => {
        const owned = await historyShards(s.ctx);
        return settled(owned) && Object.values(owned).reduce((a, b) => a + b, 0) === shards ? owned : undefined;
      },
      120_000,
      what,
    );

  let s: StackActors;
  beforeAll(async () => {
    s = await stackActors();
  });
  afterAll(async () => {
    await s?.admin.clearFaults();
    await s?.close();
  });

  test('10 onboardings of every flow survive worker kills, history, matching and frontend hosts going down and a PostgreSQL restart, without duplicates', async () => {
    const t0 = Date.now();
    const mark = (what: string) => console.log(`chaos: ${what} at ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const requests: OnboardingRequest[] = [];
    for (let i = 0; i < perFlow; i++) {
      for (const flow of Object.keys(sampleFlows) as SampleFlowName[]) requests.push(await flowRequest(flow, s.admin, { wait }));
    }
    const providers = providerNames;
    const before = new Map<string, Set<string>>();
    for (const p of providers) before.set(p, new Set((await holdings(s.admin, p)).map((h) => h.userId)));

    // Providers misbehave: refused calls (5xx, 429) and answers lost after the object was created
    // (where nothing documented can find the object, the onboarding waits for support: the crowd plays it).
    const faults = [
      { provider: 'sovera', route: 'POST /users', failures: 3, drops: 3 },
      { provider: 'sovera', route: 'POST /users/:userId/token', rateLimits: 3, retryAfterSeconds: 1 },
      { provider: 'sovera', route: 'POST /users/:userId/wallets', drops: 3 },
      { provider: 'sovera', route: 'POST /wallets/:walletId/address', drops: 3 },
      { provider: 'stokn', route: 'POST /v1/user/sign-up', failures: 3, drops: 3 },
      { provider: 'stokn', route: 'POST /v1/account/portfolio', drops: 3 },
      { provider: 'sfox', route: 'POST /v1/enterprise/register-account', failures: 3, drops: 3 },
      { provider: 'sfox', route: 'POST /v1/user/deposit/address/:currency', drops: 3 },
      { provider: 'sumvin', route: 'POST /v0/user/', failures: 3, drops: 3 },
      { provider: 'sumvin', route: 'POST /v0/kyc/applicant', drops: 3 },
      { provider: 'cybrid', route: 'POST /api/customers', failures: 3, drops: 3 },
      { provider: 'cybrid', route: 'POST /api/deposit_addresses', drops: 3 },
    ];
    for (const f of faults) await s.admin.fault(f);

    const crowd = new Crowd(s, requests);
    await Promise.all(requests.map((r) => s.client.start(r)));
    mark(`${requests.length} onboardings started`);

    await crowd.until('5 users created', (all) => all.filter((st) => st.userId).length >= 5);
    await restartService(s.ctx, 'worker-1', 'SIGKILL');
    mark(`worker-1 killed (-9) and back; steps ${JSON.stringify(crowd.steps())}`);

    // A history host dies: the other takes every shard, and gives some back once it returns.
    await crowd.until('a quarter waiting for KYC', (all) => crowd.count(all, 'awaiting-kyc') >= requests.length / 4);
    await service('temporal-history-1').stop(s.ctx, 'SIGKILL');
    const alone = await shardsSettled('temporal-history-2 to own every shard', (owned) => owned['temporal-history-2'] === shards);
    mark(`temporal-history-1 killed (-9): shards ${JSON.stringify(alone)}`);
    await service('temporal-history-1').start(s.ctx);
    const split = await shardsSettled('the shards to be split again', (owned) => Object.values(owned).every((n) => n > 0));
    mark(`temporal-history-1 back: shards ${JSON.stringify(split)}`);

    await crowd.until('half waiting for KYC', (all) => crowd.count(all, 'awaiting-kyc') >= requests.length / 2);
    await restartService(s.ctx, 'temporal-matching-1', 'SIGKILL');
    mark(`temporal-matching-1 killed (-9) and back; steps ${JSON.stringify(crowd.steps())}`);
    // Two of the three workers at once: worker-1 carries the load alone until they return.
    await Promise.all(['worker-2', 'worker-3'].map((name) => service(name).stop(s.ctx, 'SIGKILL')));
    await Promise.all(['worker-2', 'worker-3'].map((name) => service(name).start(s.ctx)));
    mark(`worker-2 and worker-3 killed (-9) and back; steps ${JSON.stringify(crowd.steps())}`);

    await crowd.until('all waiting for KYC', (all) => crowd.count(all, 'awaiting-kyc') === requests.length);
    await restartService(s.ctx, 'temporal-frontend');
    mark('Temporal frontend restarted');

    // Half are approved; PostgreSQL restarts while they create holders and deposit addresses.
    for (const r of requests.slice(0, requests.length / 2)) crowd.approve.add(r.reference);
    await crowd.until('the first onboarding past KYC', (all) => crowd.count(all, 'creating-holder', 'creating-deposit-address', 'completed') >= 1);
    s.ctx.postgres.restart();
    mark(`PostgreSQL restarted (pg_ctl restart -m fast); steps ${JSON.stringify(crowd.steps())}`);

    for (const r of requests) crowd.approve.add(r.reference);
    await crowd.until('every onboarding ended', (all) => all.every((st) => !st.running));
    mark(`all ended; ${crowd.errors} calls retried by the crowd during disruptions`);

    // Every one completed, each with its own user, one holder and one deposit address.
    const outcomes = await Promise.all(requests.map((r) => s.client.result(r.reference)));
    expect(outcomes.map((o) => o.status)).toEqual(requests.map(() => 'completed'));
    for (const p of providers) {
      const ours = requests.filter((r) => r.provider === p).length;
      const created: Holdings[] = (await holdings(s.admin, p)).filter((h) => !before.get(p)!.has(h.userId));
      const resultUsers = outcomes.flatMap((o, i) => (requests[i].provider === p && o.status === 'completed' ? [o.result.userId] : []));
      expect({ provider: p, users: created.length }).toEqual({ provider: p, users: ours });
      expect(new Set(created.map((h) => h.userId))).toEqual(new Set(resultUsers));
      for (const h of created)
        expect({ provider: p, holders: h.holders, depositAddresses: h.depositAddresses }).toEqual({ provider: p, holders: 1, depositAddresses: 1 });
    }
    // The faults really happened.
    for (const p of providers) {
      const dropped = (await s.admin.requests(p)).filter((r) => r.outcome === 'dropped-after-commit');
      expect(dropped.length).toBeGreaterThanOrEqual(3);
    }
    // Every worker took a share of the work after its restart.
    const workers = ['worker-1', 'worker-2', 'worker-3'];
    const calls = (await scrapeWorkers(s.ctx)).map((text) => sampleSum([text], 'onboarding_provider_calls'));
    for (const [i, name] of workers.entries())
      expect({ name, worked: calls[i] > 0, running: service(name).running(s.ctx) }).toEqual({ name, worked: true, running: true });

    // Every history, the support answers and codes that met worker kills included, replays on the
    // workers' bundle (worker-2 ran with no cache, so it replayed at every task already).
    const replayed = await s.replay();
    mark(`${replayed} onboarding histories replayed without nondeterminism`);
    expect(replayed).toBeGreaterThanOrEqual(requests.length);
  });
});
