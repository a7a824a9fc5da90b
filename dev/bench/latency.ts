import { temporal } from '@temporalio/proto';
import type { BenchContext } from './context';
import { activityTime, dispatchDelays, timelineOf, type Timeline } from './history';
import type { RunSample } from './runs';
import { percentile, summarise, type Summary } from './stats';

/** P1: one at a time, end to end, and where the time went according to the histories. */
export interface LatencyFigures {
  runs: number;
  failed: number;
  /** Start call to end seen by the client. */
  clientMs: Summary;
  /** WorkflowExecutionStarted to its close, on the server's clock. */
  serverMs: Summary;
  /** Server time not spent inside activities (nor waiting for the person's code), per activity. */
  overheadPerStepMs: Summary;
  activities: number;
  workflowTasks: number;
  events: number;
  /** The history as the server stores it (payloads encrypted), its median size. */
  historyBytes: number;
  localActivities: number;
  patchMarkers: number;
  searchAttributeUpserts: number;
  dispatchMs: { activity: Summary; workflowTask: Summary };
  /** Workflow task started to completed: the worker's time on the workflow code (the first one creates the workflow). */
  workflowTaskMs: { first: Summary; others: Summary };
  /** OTP update sent by the client to the start of the activity it schedules (P4's OTP half). */
  otpReactionMs: Summary;
}

export async function latency(ctx: BenchContext, runs: number, run: () => Promise<RunSample>): Promise<LatencyFigures> {
  const samples: RunSample[] = [];
  let failed = 0;
  for (let i = 0; i < runs; i++) {
    try {
      samples.push(await run());
    } catch (err) {
      failed++;
      ctx.log(`a run failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const analysed = await Promise.all(
    samples.map(async (s) => {
      const history = await ctx.client.workflow.getHandle(s.workflowId).fetchHistory();
      return { s, tl: timelineOf(history), bytes: temporal.api.history.v1.History.encode(history).finish().length };
    }),
  );
  const overhead: number[] = [];
  const reactions: number[] = [];
  const activityDispatch: number[] = [];
  const wftDispatch: number[] = [];
  const firstWft: number[] = [];
  const otherWfts: number[] = [];
  for (const { s, tl } of analysed) {
    const waitedForPerson = (s.person?.codes ?? []).reduce((sum, c) => sum + (c.sentAt - c.readyAt), 0);
    overhead.push((tl.closedAt! - tl.startedAt - activityTime(tl) - waitedForPerson) / Math.max(1, tl.activities.length));
    reactions.push(...otpReactions(s, tl));
    const d = dispatchDelays(tl);
    activityDispatch.push(...d.activity);
    wftDispatch.push(...d.workflowTask);
    tl.workflowTasks.forEach((w, i) => {
      if (w.startedAt !== undefined && w.completedAt !== undefined) (i === 0 ? firstWft : otherWfts).push(w.completedAt - w.startedAt);
    });
  }
  const typical = (f: (tl: Timeline) => number) =>
    percentile(
      analysed.map((a) => f(a.tl)),
      50,
    ) ?? 0;
  return {
    runs,
    failed,
    clientMs: summarise(samples.map((s) => s.clientMs)),
    serverMs: summarise(analysed.map((a) => a.tl.closedAt! - a.tl.startedAt)),
    overheadPerStepMs: summarise(overhead),
    activities: typical((tl) => tl.activities.length),
    workflowTasks: typical((tl) => tl.workflowTasks.length),
    events: typical((tl) => tl.events),
    historyBytes:
      percentile(
        analysed.map((a) => a.bytes),
        50,
      ) ?? 0,
    localActivities: typical((tl) => tl.localActivities),
    patchMarkers: typical((tl) => tl.patchMarkers),
    searchAttributeUpserts: typical((tl) => tl.searchAttributeUpserts),
    dispatchMs: { activity: summarise(activityDispatch), workflowTask: summarise(wftDispatch) },
    workflowTaskMs: { first: summarise(firstWft), others: summarise(otherWfts) },
    otpReactionMs: summarise(reactions),
  };
}

/** Each code the person sent, to the start of the activity its update scheduled (the check at the provider). */
function otpReactions(s: RunSample, tl: Timeline): number[] {
  const updates = tl.messages.filter((m) => m.kind === 'update' && m.name === 'submitOtp');
  return (s.person?.codes ?? []).flatMap((code, i) => {
    const started = updates[i]?.nextActivity?.startedAt;
    return started === undefined ? [] : [started - code.sentAt];
  });
}
