import { setTimeout as delay } from 'node:timers/promises';
import { OnboardingClient } from '../../client/onboarding-client';
import type { BenchContext } from './context';
import { capabilitiesOfFlow, providerOf, requestFor, type FlowName } from './flows';
import { bounded } from './pool';
import { summarise, type Summary } from './stats';

/** The two tenants of the measure: A bursts, B's people wait on their OTP screen. */
const bursting = 'bench-tenant-a';
const waiting = 'bench-tenant-b';

/** Fairness: tenant B's OTP submits (HTTP-free: the client's update round trip) while tenant A's burst is queued. */
export interface FairnessFigures {
  /** Whether the server ran with priority and fairness (`--fairness on|off`). */
  fairness: boolean;
  burst: { onboardings: number; startedInMs: number; failed: number };
  /** Each of B's submits: from the call to the answer the person's screen shows. */
  otpSubmitMs: Summary;
  failed: number;
}

/**
 * Tenant B's people reach their OTP screen on a quiet server; then tenant A starts `burst`
 * onboardings at once (they all create a user, mint and send a code: thousands of tasks queued
 * on the same task queue), and as soon as A's starts are accepted B's people submit their codes,
 * a few at a time, while A's backlog drains.
 */
export async function fairnessUnderBurst(ctx: BenchContext, flow: FlowName, taskQueue: string, burst: number, people: number): Promise<FairnessFigures> {
  if (capabilitiesOfFlow(flow).otpChannels.length === 0) throw new Error(`the fairness measure needs a flow with an OTP; ${flow} has none`);
  const client = new OnboardingClient(ctx.client, taskQueue);
  ctx.kyc('held');
  const ready = await bounded(people, Math.min(people, 20), async () => {
    const request = await requestFor(flow, 'parked', ctx.admin);
    await client.start(request, { tenant: waiting });
    return { reference: request.reference, ...(await awaitedCode(client, request.reference)) };
  });
  const screens = ready.flatMap((r) => (r.ok ? [r.value] : []));
  ctx.log(`fairness: ${screens.length} of tenant B's people on their OTP screen; tenant A starts ${burst} at once ...`);

  const burstStart = performance.now();
  const started = await bounded(burst, Math.min(burst, 500), async () => client.start(await requestFor(flow, 'parked', ctx.admin), { tenant: bursting }));
  const startedInMs = performance.now() - burstStart;

  const submits: number[] = [];
  let failed = people - screens.length;
  await bounded(screens.length, 5, async (i) => {
    const { reference, userId, channel } = screens[i];
    const code = ctx.sandbox.outbox.latest({ provider: providerOf(flow), userId, channel })?.code;
    const sentAt = performance.now();
    const answer = code ? await client.submitOtp(reference, code).catch(() => undefined) : undefined;
    if (answer?.accepted) submits.push(performance.now() - sentAt);
    else failed++;
  });
  ctx.kyc('at-once');
  return {
    fairness: !ctx.options.withoutFairness,
    burst: { onboardings: burst, startedInMs: Math.round(startedInMs), failed: started.filter((s) => !s.ok).length },
    otpSubmitMs: summarise(submits),
    failed,
  };
}

/** Waits (polling its status, as a backend would) until the onboarding awaits a code, and names it. */
async function awaitedCode(client: OnboardingClient, reference: string): Promise<{ userId: string; channel: string }> {
  for (let tries = 0; tries < 600; tries++) {
    const status = await client.status(reference);
    if (status.step === 'verifying-contact' && status.otp && status.userId) return { userId: status.userId, channel: status.otp.channel };
    if (status.step === 'failed') throw new Error(`${reference} failed before its OTP`);
    await delay(100);
  }
  throw new Error(`${reference} did not await a code within a minute`);
}
