import type { StackSpend } from '../bench/stack-costs';

/**
 * The capacity model (docs/capacity.md): what one onboarding costs, as `npm run bench` measured it
 * on the stack, turned into what a deployment needs for a given load.
 */

/**
 * One onboarding of a flow whose KYC was decided at the first poll: its history (the bench's P1),
 * its worker's CPU (P2), and what the stack's server and PostgreSQL spent on it during P2.
 */
export type OnboardingCost = StackSpend & { events: number; historyBytes: number; workerCpuMs: number };

/**
 * A KYC poll of the workflow: its timer (started, fired), a workflow task, the getKycStatus
 * activity (scheduled, started, completed; handed over eagerly) and the workflow task that reads
 * its answer: 11 events. (ours) Each poll is taken to cost what an average event of the whole
 * onboarding costs, and to write nothing to visibility (the KYC status attribute changes only when
 * the provider's word does). P8 of the bench checks both.
 */
export const eventsPerPoll = 11;

/** The onboarding with `polls` KYC polls in all, from one with a single poll. */
export function withPolls(base: OnboardingCost, polls: number): OnboardingCost {
  const extra = Math.max(0, polls - 1) * eventsPerPoll;
  const scaled = (v: number) => v + (v / base.events) * extra;
  return {
    events: base.events + extra,
    historyBytes: scaled(base.historyBytes),
    workerCpuMs: scaled(base.workerCpuMs),
    serverCpuMs: scaled(base.serverCpuMs),
    databaseCpuMs: scaled(base.databaseCpuMs),
    rows: scaled(base.rows),
    visibilityRows: base.visibilityRows,
    walBytes: scaled(base.walBytes),
    storedBytes: scaled(base.storedBytes),
  };
}

export interface Load {
  perDay: number;
  kycDays: number;
  /** The workflow's kycPollInterval (default 1 hour, domain/inputs/common.ts). */
  pollIntervalHours: number;
  /** The namespace's retention of closed onboardings (TEMPORAL_NAMESPACE_RETENTION_DAYS, default 30). */
  retentionDays: number;
  /** The busiest hour's starts against the day's average. */
  peak: number;
  /** How busy a core may run on average. */
  utilization: number;
}

export interface Sizing {
  pollsPerOnboarding: number;
  perOnboarding: OnboardingCost;
  startsPerSecond: { average: number; peak: number };
  parked: number;
  workerCores: number;
  workers: number;
  serverCores: number;
  databaseCores: number;
  historyShards: number;
  eventsPerSecond: number;
  rowWritesPerSecond: number;
  walMBPerSecond: number;
  writeIops: number;
  walGBPerMonth: number;
  storedGB: number;
}

const day = 86_400;
const storedPerHistoryByte = 2;

/**
 * The busy part of an onboarding (start to the KYC wait, and the end) comes at the peak rate; its
 * polls are spread evenly over everybody waiting, at the average rate. Cores are CPU seconds per
 * second over `utilization`. Workers: one core each (a Node process runs workflows on one thread
 * pool and activities on one event loop), two at least. History shards (ours): fixed for the
 * cluster's life, so sized for 16 per history host at the largest cluster foreseen (8 hosts) and
 * never below one per 50 events a second at the peak; a power of two. Write IOPS: a row written is
 * taken as one page written (ours, an upper bound before PostgreSQL groups them). Stored: every
 * onboarding from its start until retention ends after it closes, at twice its history's encoded
 * size (ours: the history rows with their tuple headers and index, plus its execution and
 * visibility rows). Not the databases' growth during a run, which counts task rows deleted a
 * moment later and space PostgreSQL reuses once it vacuums (docs/capacity.md).
 */
export function size(base: OnboardingCost, load: Load): Sizing {
  const polls = 1 + Math.round((load.kycDays * 24) / load.pollIntervalHours);
  const all = withPolls(base, polls);
  const pollPart = (k: keyof OnboardingCost) => all[k] - base[k];
  const average = load.perDay / day;
  const peak = average * load.peak;
  const cores = (k: 'workerCpuMs' | 'serverCpuMs' | 'databaseCpuMs') => (peak * base[k] + average * pollPart(k)) / 1000 / load.utilization;
  const eventsPerSecond = peak * base.events + average * pollPart('events');
  const rowWritesPerSecond = peak * (base.rows + base.visibilityRows) + average * pollPart('rows');
  const walPerSecond = peak * base.walBytes + average * pollPart('walBytes');
  const workerCores = cores('workerCpuMs');
  return {
    pollsPerOnboarding: polls,
    perOnboarding: all,
    startsPerSecond: { average, peak },
    parked: Math.round(load.perDay * load.kycDays),
    workerCores,
    workers: Math.max(2, Math.ceil(workerCores)),
    serverCores: cores('serverCpuMs'),
    databaseCores: cores('databaseCpuMs'),
    historyShards: nextPowerOfTwo(Math.max(16 * 8, eventsPerSecond / 50)),
    eventsPerSecond,
    rowWritesPerSecond,
    walMBPerSecond: walPerSecond / 1e6,
    writeIops: rowWritesPerSecond,
    walGBPerMonth: (average * all.walBytes * 30 * day) / 1e9,
    storedGB: (load.perDay * (load.kycDays + load.retentionDays) * all.historyBytes * storedPerHistoryByte) / 1e9,
  };
}

function nextPowerOfTwo(n: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, n)));
}
