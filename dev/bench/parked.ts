import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext } from './context';
import type { FlowName } from './flows';
import { bounded } from './pool';
import { onboardingRun, releaseKyc } from './runs';
import type { BenchWorker } from './workers';

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** P5: memory per cached onboarding, from a fresh worker's heap (all threads, after GC) before and after parking them. */
export interface CacheFigures {
  parked: number;
  maxCachedWorkflows?: number;
  heapPerWorkflowKB: number;
  rssPerWorkflowKB: number;
  /** 1 GiB of heap divided by the heap one cached onboarding holds. */
  perGB: number;
}

/** P3: many onboardings parked on KYC, the worker's memory while they wait, and the drain once KYC is released. */
export interface ParkedFigures {
  parked: number;
  failedToPark: number;
  parkS: number;
  rssWaitingMB: number;
  heapWaitingMB?: number;
  /** From the first release signal to the last onboarding completed. */
  drainS: number;
  drained: number;
  rssPeakDrainMB: number;
}

/** Parks `cached` onboardings (P5), then up to `parked` (P3), on one fresh worker; releases them all and times the drain. */
export async function parkAndRelease(
  ctx: BenchContext,
  flow: FlowName,
  sizes: { parked: number; cached: number; inFlight: number },
  measure: { p3: boolean; p5: boolean },
): Promise<{ p3?: ParkedFigures; p5?: CacheFigures }> {
  const worker = await ctx.worker('onboarding', `${flow}-parked`);
  const since = new Date().toISOString();
  try {
    ctx.kyc('held');
    const park = (n: number) => bounded(n, sizes.inFlight, () => onboardingRun(ctx, flow, worker.taskQueue, 'parked'));
    const parkStarted = performance.now();
    const before = await worker.memory(true);
    const first = measure.p5 ? await park(sizes.cached) : [];
    const afterFirst = await worker.memory(true);
    let p5: CacheFigures | undefined;
    if (measure.p5 && before && afterFirst) {
      const n = first.filter((r) => r.ok).length;
      const heapPer = (afterFirst.heapBytes - before.heapBytes) / n;
      p5 = {
        parked: n,
        maxCachedWorkflows: worker.maxCachedWorkflows,
        heapPerWorkflowKB: Math.round(heapPer / 102.4) / 10,
        rssPerWorkflowKB: Math.round((afterFirst.rssBytes - before.rssBytes) / n / 102.4) / 10,
        perGB: Math.round(GB / heapPer),
      };
      ctx.log(`${flow} P5: ${JSON.stringify(p5)}`);
    }
    if (!measure.p3) return { p5 };
    const rest = await park(Math.max(0, sizes.parked - first.length));
    const all = [...first, ...rest];
    const workflowIds = all.flatMap((r) => (r.ok ? [r.value.workflowId] : []));
    const parkS = (performance.now() - parkStarted) / 1000;
    ctx.log(`${flow} P3: ${workflowIds.length} parked in ${parkS.toFixed(1)} s; watching the worker while they wait ...`);
    const waiting = await watch(worker, 1_000, () => sleep(10_000));
    ctx.kyc('at-once');
    const releaseStarted = performance.now();
    const done = `TaskQueue="${worker.taskQueue}" AND ExecutionStatus="Completed" AND StartTime >= "${since}"`;
    let drained = 0;
    const draining = await watch(worker, 1_000, async () => {
      await bounded(workflowIds.length, sizes.inFlight, (i) => releaseKyc(ctx, workflowIds[i]));
      for (;;) {
        drained = (await ctx.client.workflow.count(done)).count;
        if (drained >= workflowIds.length) return;
        if (performance.now() - releaseStarted > 30 * 60_000)
          throw new Error(`${flow} P3: only ${drained} of ${workflowIds.length} finished 30 minutes after the release`);
        await sleep(250);
      }
    });
    const drainS = (performance.now() - releaseStarted) / 1000;
    const heapWaiting = waiting.lastHeap;
    return {
      p5,
      p3: {
        parked: workflowIds.length,
        failedToPark: all.length - workflowIds.length,
        parkS: Math.round(parkS * 10) / 10,
        rssWaitingMB: Math.round(waiting.peakRss / MB),
        heapWaitingMB: heapWaiting === undefined ? undefined : Math.round(heapWaiting / MB),
        drainS: Math.round(drainS * 10) / 10,
        drained,
        rssPeakDrainMB: Math.round(draining.peakRss / MB),
      },
    };
  } finally {
    ctx.kyc('at-once');
    await worker.stop();
  }
}

/** Runs `during` while sampling the worker's memory every `everyMs` (no forced GC: memory as it is). */
async function watch(worker: BenchWorker, everyMs: number, during: () => Promise<unknown>): Promise<{ peakRss: number; lastHeap?: number }> {
  let peakRss = 0;
  let lastHeap: number | undefined;
  let running = true;
  const sampler = (async () => {
    while (running) {
      const m = await worker.memory(false);
      if (m) {
        peakRss = Math.max(peakRss, m.rssBytes);
        if (Number.isFinite(m.heapBytes)) lastHeap = m.heapBytes;
      }
      await sleep(everyMs);
    }
  })();
  try {
    await during();
  } finally {
    running = false;
    await sampler;
  }
  return { peakRss, lastHeap };
}
