import type { BenchContext } from './context';
import { followHistory } from './follow';
import type { FlowName } from './flows';
import { timelineOf } from './history';
import { bounded } from './pool';
import { onboardingRun, releaseKyc } from './runs';
import { summarise, type Summary } from './stats';

/** P4 (KYC half): from the KYC decision signal sent to the start of the poll it triggers, one onboarding at a time. */
export interface KycReactionFigures {
  samples: number;
  failed: number;
  ms: Summary;
}

export async function kycReaction(ctx: BenchContext, flow: FlowName, taskQueue: string, count: number): Promise<KycReactionFigures> {
  ctx.kyc('held');
  const parked = await bounded(count, Math.min(count, 50), () => onboardingRun(ctx, flow, taskQueue, 'parked'));
  ctx.kyc('at-once');
  const reactions: number[] = [];
  let failed = parked.filter((p) => !p.ok).length;
  for (const p of parked) {
    if (!p.ok) continue;
    const { workflowId } = p.value;
    try {
      const sentAt = await releaseKyc(ctx, workflowId);
      for await (const _batch of followHistory(ctx.client.workflowService, ctx.server.namespace, workflowId)) {
        // Until it closes: the next release starts on a quiet worker.
      }
      const tl = timelineOf(await ctx.client.workflow.getHandle(workflowId).fetchHistory());
      const started = tl.messages.find((m) => m.kind === 'signal' && m.name === 'kycDecision')?.nextActivity?.startedAt;
      if (started === undefined) throw new Error(`${workflowId}: no activity followed the KYC decision`);
      reactions.push(started - sentAt);
    } catch (err) {
      failed++;
      ctx.log(`KYC reaction of ${workflowId} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { samples: reactions.length, failed, ms: summarise(reactions) };
}
