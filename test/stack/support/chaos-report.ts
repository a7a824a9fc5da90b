import type { ProviderName } from '../../../domain/providers';
import type { Holdings } from './provider-objects';

/** What a chaos run reports: outcomes, what each provider holds beyond one of each, and how soon work went on after each disruption. */
export interface ChaosReport {
  onboardings: number;
  completed: number;
  failed: number;
  /** Still running when the run gave up waiting. */
  stuck: number;
  /** Per provider: users made for the run (against the onboardings it had), and holders and deposit addresses beyond one per user. */
  providers: Record<string, { onboardings: number; users: number; extraHolders: number; extraAddresses: number }>;
  /** Per disruption: seconds into the run, and seconds until the next onboarding was seen completed (null: none after it). */
  disruptions: { what: string; atS: number; nextCompletionS: number | null }[];
  events: EventsTally;
  durationS: number;
}

/** One delivery the stack's backend accepted (dev/stack/events-receiver.ts). */
export interface EventDelivery {
  id: string;
  reference: string;
  type: string;
  sequence: number;
}

/**
 * The backend's view of the onboardings' events: each event (an onboarding's sequence number) must
 * arrive under one id only; the same id again is a redelivery the backend drops.
 */
export interface EventsTally {
  /** Distinct event ids accepted. */
  events: number;
  /** Deliveries of an id already accepted (a retry after a lost answer or a killed worker). */
  redeliveries: number;
  /** Sequence numbers that arrived under more than one id: the same event sent twice as two. */
  duplicated: number;
  /** Sequence numbers missing below an onboarding's highest. */
  missing: number;
  /** Onboardings whose onboarding.completed event has not arrived. */
  withoutCompletedEvent: number;
}

export function tallyEvents(deliveries: EventDelivery[], references: string[]): EventsTally {
  const ids = new Set(deliveries.map((d) => d.id));
  const tally: EventsTally = { events: ids.size, redeliveries: deliveries.length - ids.size, duplicated: 0, missing: 0, withoutCompletedEvent: 0 };
  for (const reference of references) {
    const bySequence = new Map<number, Set<string>>();
    for (const d of deliveries.filter((x) => x.reference === reference)) bySequence.set(d.sequence, (bySequence.get(d.sequence) ?? new Set()).add(d.id));
    const highest = Math.max(0, ...bySequence.keys());
    for (let n = 1; n <= highest; n++) {
      const idsOf = bySequence.get(n)?.size ?? 0;
      if (idsOf === 0) tally.missing++;
      if (idsOf > 1) tally.duplicated += idsOf - 1;
    }
    if (!deliveries.some((d) => d.reference === reference && d.type === 'onboarding.completed')) tally.withoutCompletedEvent++;
  }
  return tally;
}

export function chaosReport(input: {
  startedAt: number;
  steps: string[];
  perProvider: Map<ProviderName, { onboardings: number; created: Holdings[] }>;
  disruptions: { what: string; at: number }[];
  completedAt: Iterable<number>;
  events: EventsTally;
}): ChaosReport {
  const completions = [...input.completedAt].sort((a, b) => a - b);
  const seconds = (ms: number) => Math.round(ms / 100) / 10;
  return {
    onboardings: input.steps.length,
    completed: input.steps.filter((s) => s === 'completed').length,
    failed: input.steps.filter((s) => s === 'failed').length,
    stuck: input.steps.filter((s) => s !== 'completed' && s !== 'failed').length,
    providers: Object.fromEntries(
      [...input.perProvider].map(([provider, { onboardings, created }]) => [
        provider,
        {
          onboardings,
          users: created.length,
          extraHolders: created.reduce((n, h) => n + Math.max(0, h.holders - 1), 0),
          extraAddresses: created.reduce((n, h) => n + Math.max(0, h.depositAddresses - 1), 0),
        },
      ]),
    ),
    disruptions: input.disruptions.map((d) => {
      const next = completions.find((t) => t > d.at);
      return { what: d.what, atS: seconds(d.at - input.startedAt), nextCompletionS: next === undefined ? null : seconds(next - d.at) };
    }),
    events: input.events,
    durationS: seconds(Date.now() - input.startedAt),
  };
}

/** The report as lines to read. */
export function formatChaosReport(r: ChaosReport): string {
  return [
    `chaos report: ${r.onboardings} onboardings in ${r.durationS} s: ${r.completed} completed / ${r.failed} failed / ${r.stuck} stuck`,
    ...Object.entries(r.providers).map(
      ([p, c]) => `  ${p}: ${c.users} users for ${c.onboardings} onboardings, ${c.extraHolders} extra holders, ${c.extraAddresses} extra deposit addresses`,
    ),
    `  backend events: ${r.events.events} events, ${r.events.redeliveries} redeliveries of the same id, ${r.events.duplicated} sent again under another id, ${r.events.missing} missing, ${r.events.withoutCompletedEvent} onboardings without their completed event`,
    ...r.disruptions.map(
      (d) => `  ${d.what} at ${d.atS} s: next onboarding completed ${d.nextCompletionS === null ? 'never' : `${d.nextCompletionS} s later`}`,
    ),
  ].join('\n');
}
