import { OnboardingClient, workflowIdFor } from '../../client/onboarding-client';
import type { BenchContext } from './context';
import { benchApi } from './api';
import { providerOf, requestFor, type FlowName } from './flows';
import { timelineOf } from './history';
import { summarise, type Summary } from './stats';

/**
 * P7: the latency a person waiting on a screen feels after typing their code. The backend POSTs it
 * to /v1/onboardings/:reference/otp; the API sends the update, the workflow schedules verifyOtp,
 * the activity asks the provider, and the answer travels back. Beside it, the provider's own verify
 * call: the verifyOtp activity's time from started to closed (the history's clock); the difference
 * is what the API, Temporal and the workflow add.
 */
export interface OtpOverHttpFigures {
  runs: number;
  failed: number;
  httpMs: Summary;
  verifyCallMs: Summary;
  /** Per submit: the HTTP round trip less its own verify call. */
  addedMs: Summary;
}

/** For a flow whose person receives a code. */
export async function otpOverHttp(ctx: BenchContext, flow: FlowName, taskQueue: string, runs: number): Promise<OtpOverHttpFigures> {
  const client = new OnboardingClient(ctx.client, taskQueue);
  const api = await benchApi(client);
  const http: number[] = [];
  const verify: number[] = [];
  const added: number[] = [];
  let failed = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const request = await requestFor(flow, 'at-once', ctx.admin);
      // Answers once the first code is sent and awaited (the first wait, Update-With-Start).
      const { next } = await client.startAndAwaitFirstWait(request, { waitMs: 60_000 });
      if (!next?.otp || !next.userId) throw new Error(`${request.reference} did not wait for a code first: ${JSON.stringify(next)}`);
      const [message] = (await ctx.admin.outbox({ provider: providerOf(flow), userId: next.userId, channel: next.otp.channel })).slice(-1);
      const answer = await api.post(`/v1/onboardings/${request.reference}/otp`, { code: message.code });
      const verified = verifySpan(timelineOf(await ctx.client.workflow.getHandle(workflowIdFor(request.reference)).fetchHistory()));
      if (answer.status !== 200 || !(answer.body as { accepted?: boolean }).accepted || verified === undefined) {
        failed++;
        ctx.log(`OTP over HTTP: ${request.reference} answered ${answer.status} ${JSON.stringify(answer.body)}`);
      } else {
        http.push(answer.ms);
        verify.push(verified);
        added.push(answer.ms - verified);
      }
      await client.cancel(request.reference).catch(() => undefined); // nobody plays the rest of the person here
    }
  } finally {
    await api.close();
  }
  return { runs, failed, httpMs: summarise(http), verifyCallMs: summarise(verify), addedMs: summarise(added) };
}

/** The submitOtp update's verifyOtp activity, started to closed. */
function verifySpan(tl: ReturnType<typeof timelineOf>): number | undefined {
  const call = tl.messages.find((m) => m.kind === 'update' && m.name === 'submitOtp')?.nextActivity;
  return call?.name === 'verifyOtp' && call.startedAt !== undefined && call.closedAt !== undefined ? call.closedAt - call.startedAt : undefined;
}
