import { OnboardingClient } from '../../client/onboarding-client';
import { onboardingInput, type OnboardingRequest } from '../../domain/input';
import type { Session } from '../../domain/session';
import type { BenchContext } from './context';
import { benchApi } from './api';
import { capabilitiesOfFlow, requestFor, type FlowName } from './flows';
import { summarise, type Summary } from './stats';

/** P6: POST /v1/onboardings until its answer (the first wait, Update-With-Start), beside the provider's own calls up to that wait. */
export interface FirstWaitFigures {
  runs: number;
  failed: number;
  /** HTTP request in, answer (201 with `next`) out, measured by the caller. */
  httpMs: Summary;
  /** The same provider calls made straight through the adapters (create the user, mint a credential, send the first code). */
  providerMs: Summary;
}

export async function firstWaitLatency(ctx: BenchContext, flow: FlowName, taskQueue: string, runs: number): Promise<FirstWaitFigures> {
  const client = new OnboardingClient(ctx.client, taskQueue);
  const api = await benchApi(client);
  const http: number[] = [];
  const provider: number[] = [];
  let failed = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const request = await requestFor(flow, 'at-once', ctx.admin);
      const answer = await api.post('/v1/onboardings', request, { 'idempotency-key': request.reference });
      if (answer.status === 201) http.push(answer.ms);
      else {
        failed++;
        ctx.log(`first wait: ${request.reference} answered ${answer.status}`);
      }
      await client.cancel(request.reference).catch(() => undefined); // nobody plays the person here
      provider.push(await providerCallsToFirstWait(ctx, flow, await requestFor(flow, 'at-once', ctx.admin)));
    }
  } finally {
    await api.close();
  }
  return { runs, failed, httpMs: summarise(http), providerMs: summarise(provider) };
}

/** The provider calls an onboarding makes before its first wait, in the workflow's order, timed. */
async function providerCallsToFirstWait(ctx: BenchContext, flow: FlowName, request: OnboardingRequest): Promise<number> {
  const input = onboardingInput.parse(request);
  const caps = capabilitiesOfFlow(flow);
  const adapter = ctx.adapters[input.provider];
  const started = performance.now();
  let session: Session = { input, userKey: request.reference, ...('userCredential' in input ? { credential: { token: input.userCredential } } : {}) };
  const user = await adapter.createUser(session);
  session = { ...session, user };
  if (caps.credential === 'minted-token') session.credential = await adapter.mintCredential!({ ...session, user });
  const [first] = caps.otpChannels;
  if (first && !caps.otpSentOnCreate) await adapter.sendOtp!({ ...session, user }, first);
  if (!first && caps.kycStart) await adapter.startKyc!({ ...session, user });
  const took = performance.now() - started;
  return took;
}
