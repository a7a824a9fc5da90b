import { temporal } from '@temporalio/proto';
import type { BenchContext } from './context';
import type { FlowName } from './flows';
import { timelineOf } from './history';
import { onboardingRun } from './runs';
import { mean } from './stats';
import { throughput, type ThroughputFigures } from './throughput';

/**
 * P8: onboardings whose KYC the sandbox decides `kycAfterMs` after it opens, polled every second
 * until then: what a long KYC wait costs per poll, and the run the capacity model is checked
 * against (dev/capacity/).
 */
export interface PolledFigures extends ThroughputFigures {
  kycAfterMs: number;
  /** Per completed onboarding, from its history: KYC polls (getKycStatus activities) and events. */
  polls: number;
  events: number;
  /** The history as the server stores it, mean bytes. */
  historyBytes: number;
}

export async function polledKyc(
  ctx: BenchContext,
  flow: FlowName,
  worker: { taskQueue: string; pid?: number },
  total: number,
  inFlight: number,
  kycAfterMs: number,
): Promise<PolledFigures> {
  const workflowIds: string[] = [];
  ctx.kyc({ afterMs: kycAfterMs });
  let figures: ThroughputFigures;
  try {
    figures = await throughput(
      total,
      inFlight,
      async () => {
        const run = await onboardingRun(ctx, flow, worker.taskQueue, 'polled');
        workflowIds.push(run.workflowId);
      },
      { worker: worker.pid, server: ctx.server.pid },
    );
  } finally {
    ctx.kyc('at-once');
  }
  const timelines = [];
  const bytes: number[] = [];
  for (const id of workflowIds) {
    const history = await ctx.client.workflow.getHandle(id).fetchHistory();
    timelines.push(timelineOf(history));
    bytes.push(temporal.api.history.v1.History.encode(history).finish().length);
  }
  const round = (v: number | undefined) => Math.round((v ?? 0) * 10) / 10;
  return {
    ...figures,
    kycAfterMs,
    polls: round(mean(timelines.map((tl) => tl.activities.filter((a) => a.name === 'getKycStatus').length))),
    events: round(mean(timelines.map((tl) => tl.events))),
    historyBytes: round(mean(bytes)),
  };
}
