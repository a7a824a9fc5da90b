import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OnboardingView } from '../../client/onboarding-client';
import type { OnboardingRequest } from '../../domain/input';
import type { ProviderName } from '../../domain/providers';
import { dataDir } from '../../dev/stack/settings';
import { clusterEnv } from '../../dev/stack/cluster';
import { restartService, service } from '../../dev/stack/stack';
import { providerNames } from '../../domain/providers';
import { sampleFlows, type SampleFlowName } from '../../providers/registry';
import { flowRequest } from '../support/requests';
import { chaosReport, formatChaosReport, tallyEvents, type EventDelivery } from './support/chaos-report';
import { Crowd } from './support/crowd';
import { eventually } from '../support/harness';
import { historyShards, sampleSum, scrapeWorkers } from './support/metrics';
import { holdings, type Holdings } from './support/provider-objects';
import { stackActors, type StackActors } from './support/stack-actors';

const flows = Object.keys(sampleFlows) as SampleFlowName[];
/** CHAOS_ONBOARDINGS onboardings, spread evenly over every sample flow: 102 in CI (17 of each), 1,002 by `npm run chaos`. */
const perFlow = Math.ceil(Number(process.env.CHAOS_ONBOARDINGS ?? 100) / flows.length);
const total = perFlow * flows.length;
/** KYC polls paced with the crowd's size so the waits stay light on two cores; the sandbox's signed webhooks bring most decisions sooner. */
const wait = { kycPollInterval: `${Math.max(10, Math.round(total / 10))} seconds`, kycDeadline: '3 hours' };
/** How long one stage of the run may take: a sweep reads every onboarding's status once. */
const stageMs = Math.max(300_000, total * 1_500);

/**
 * CHAOS_ONBOARDINGS onboardings of every sample flow in flight while the providers misbehave and
 * the stack (a Temporal cluster, three workers) is disrupted piece by piece: a worker killed (-9),
 * a history host killed (-9) until the other owns every shard, then back until they split them
 * again, a matching host killed (-9), two workers killed (-9) at once, the frontend restarted,
 * PostgreSQL restarted (fast mode: connections cut). A quarter are approved from the start, so
 * onboardings complete through every disruption. Every onboarding completes, and no provider holds a
 * duplicate user, account, wallet or address; every history replays on the workers' bundle (worker-2
 * keeps no cache, test/stack/global-setup.ts). Each disruption waits for a status step, never a
 * timer. The report (also in .data/chaos-report.json) says how soon an onboarding completed after each.
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

  test(
    `${total} onboardings across every flow survive worker kills, history, matching and frontend hosts going down and a PostgreSQL restart, without duplicates`,
    async () => {
      const t0 = Date.now();
      const mark = (what: string) => console.log(`chaos: ${what} at ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      const disruptions: { what: string; at: number }[] = [];
      const disrupted = (what: string) => {
        disruptions.push({ what, at: Date.now() });
        mark(`${what}; steps ${JSON.stringify(crowd.steps())}`);
      };
      const requests: OnboardingRequest[] = [];
      for (let i = 0; i < perFlow; i++) {
        for (const flow of flows) requests.push(await flowRequest(flow, s.admin, { wait }));
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
      const quarter = Math.ceil(total / 4);
      for (const r of requests.slice(0, quarter)) crowd.approve.add(r.reference);
      await Promise.all(requests.map((r) => s.client.start(r)));
      mark(`${requests.length} onboardings started, ${quarter} of them approved at the provider from the start`);
      /** Onboardings past their codes: waiting for KYC or beyond. */
      const pastCodes = (all: OnboardingView[]) => crowd.count(all, 'awaiting-kyc', 'creating-holder', 'creating-deposit-address', 'completed');

      await crowd.until('5 users created', (all) => all.filter((st) => st.userId).length >= 5, stageMs);
      await restartService(s.ctx, 'worker-1', 'SIGKILL');
      disrupted('worker-1 killed (-9) and back');

      // A history host dies: the other takes every shard, and gives some back once it returns.
      await crowd.until('a quarter past their codes', (all) => pastCodes(all) >= total / 4, stageMs);
      await service('temporal-history-1').stop(s.ctx, 'SIGKILL');
      disrupted('temporal-history-1 killed (-9)');
      mark(`shards ${JSON.stringify(await shardsSettled('temporal-history-2 to own every shard', (owned) => owned['temporal-history-2'] === shards))}`);
      await service('temporal-history-1').start(s.ctx);
      disrupted('temporal-history-1 back');
      mark(`shards ${JSON.stringify(await shardsSettled('the shards to be split again', (owned) => Object.values(owned).every((n) => n > 0)))}`);

      await crowd.until('half past their codes', (all) => pastCodes(all) >= total / 2, stageMs);
      await restartService(s.ctx, 'temporal-matching-1', 'SIGKILL');
      disrupted('temporal-matching-1 killed (-9) and back');
      // Two of the three workers at once: worker-1 carries the load alone until they return.
      await Promise.all(['worker-2', 'worker-3'].map((name) => service(name).stop(s.ctx, 'SIGKILL')));
      await Promise.all(['worker-2', 'worker-3'].map((name) => service(name).start(s.ctx)));
      disrupted('worker-2 and worker-3 killed (-9) and back');

      await crowd.until('all past their codes', (all) => pastCodes(all) === total, stageMs);
      await restartService(s.ctx, 'temporal-frontend');
      disrupted('temporal-frontend restarted');

      // Half are approved; PostgreSQL restarts once one of the second quarter creates its holder.
      const second = requests.slice(quarter, total / 2).map((r) => r.reference);
      for (const ref of second) crowd.approve.add(ref);
      const pastKyc = ['creating-holder', 'creating-deposit-address', 'completed'];
      await crowd.until('one of the second quarter past KYC', () => second.some((ref) => pastKyc.includes(crowd.status.get(ref)?.step ?? '')), stageMs);
      s.ctx.postgres.restart();
      disrupted('PostgreSQL restarted (pg_ctl restart -m fast)');

      for (const r of requests) crowd.approve.add(r.reference);
      const ended = await crowd
        .until('every onboarding ended', (all) => all.every((st) => !st.running), stageMs)
        .then(
          () => true,
          (err: unknown) => (console.log(String(err)), false),
        );
      mark(`${ended ? 'all ended' : 'gave up waiting'}; ${crowd.errors} calls retried by the crowd during disruptions`);

      // The report: outcomes, what each provider holds, how soon work went on after each disruption.
      const completed = requests.filter((r) => crowd.status.get(r.reference)?.step === 'completed');
      const resultUsers = new Map<string, string>();
      for (const r of completed) {
        const outcome = await s.client.result(r.reference);
        if (outcome.status === 'completed') resultUsers.set(r.reference, outcome.result.userId);
      }
      const perProvider = new Map<ProviderName, { onboardings: number; created: Holdings[] }>();
      for (const p of providers) {
        const created = (await holdings(s.admin, p)).filter((h) => !before.get(p)!.has(h.userId));
        perProvider.set(p, { onboardings: requests.filter((r) => r.provider === p).length, created });
      }
      // The backend's side: every onboarding's events, each under one id (redeliveries share it).
      const references = requests.map((r) => r.reference);
      const received = async () =>
        ((await (await fetch(`http://127.0.0.1:${s.ctx.ports.events}/received`)).json()) as EventDelivery[]).filter((d) => references.includes(d.reference));
      const deliveries = await eventually(
        async () => {
          const all = await received();
          return tallyEvents(
            all,
            references.filter((ref) => crowd.status.get(ref)?.step === 'completed'),
          ).withoutCompletedEvent === 0
            ? all
            : undefined;
        },
        120_000,
        'every completed onboarding’s completed event at the backend',
      ).catch(() => received());
      const report = chaosReport({
        events: tallyEvents(deliveries, references),
        startedAt: t0,
        steps: requests.map((r) => crowd.status.get(r.reference)?.step ?? 'unknown'),
        perProvider,
        disruptions,
        completedAt: crowd.completedAt.values(),
      });
      console.log(formatChaosReport(report));
      writeFileSync(path.join(dataDir, 'chaos-report.json'), JSON.stringify(report, null, 2));

      expect({ completed: report.completed, failed: report.failed, stuck: report.stuck }).toEqual({ completed: total, failed: 0, stuck: 0 });
      for (const p of providers) {
        const { onboardings, created } = perProvider.get(p)!;
        expect(report.providers[p]).toEqual({ onboardings, users: onboardings, extraHolders: 0, extraAddresses: 0 });
        // Each user is the one its onboarding reported, and holds one holder and one address (none missing either).
        const ours = requests.filter((r) => r.provider === p).map((r) => resultUsers.get(r.reference));
        expect(new Set(created.map((h) => h.userId))).toEqual(new Set(ours));
        for (const h of created)
          expect({ provider: p, holders: h.holders, depositAddresses: h.depositAddresses }).toEqual({ provider: p, holders: 1, depositAddresses: 1 });
      }
      expect(report.events).toMatchObject({ duplicated: 0, missing: 0, withoutCompletedEvent: 0 });
      for (const d of report.disruptions)
        expect({ disruption: d.what, completedAfter: d.nextCompletionS !== null }).toEqual({ disruption: d.what, completedAfter: true });
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
    },
    8 * stageMs,
  );
});
