import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { parseApiKeys, sha256Hex } from '../../api/auth';
import { buildApi } from '../../api/server';
import { OnboardingClient } from '../../client/onboarding-client';
import { onboardingInput, type OnboardingRequest } from '../../domain/input';
import type { Session } from '../../domain/session';
import type { BenchContext } from './context';
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
  const key = randomBytes(24).toString('base64url');
  const client = new OnboardingClient(ctx.client, taskQueue);
  const api = await buildApi({
    client,
    keys: parseApiKeys(`bench:backend:${sha256Hex(key)}`),
    webhookSecrets: new Map(),
    webhookToleranceSeconds: 300,
    bodyLimitBytes: 64 * 1024,
    otpLimits: { perReference: 100, perKey: 100_000, windowSeconds: 60 },
    startAnswerWaitMs: 60_000,
    logger: pino({ level: 'silent' }),
  });
  await api.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}/v1/onboardings`;
  const http: number[] = [];
  const provider: number[] = [];
  let failed = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const request = await requestFor(flow, 'at-once', ctx.admin);
      const started = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': request.reference },
        body: JSON.stringify(request),
      });
      const took = performance.now() - started;
      await res.arrayBuffer();
      if (res.status === 201) http.push(took);
      else {
        failed++;
        ctx.log(`first wait: ${request.reference} answered ${res.status}`);
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
