import { randomUUID } from 'node:crypto';
import { msToNumber } from '@temporalio/common/lib/time';
import type { Duration } from '@temporalio/common';
import { onboardingInput, type OnboardingRequest } from '../../domain/input';
import type { Session } from '../../domain/session';
import type { Adapters } from '../../providers/registry';
import type { Outbox } from '../sandbox/outbox';
import type { BenchContext } from './context';
import { capabilitiesOfFlow, requestFor, type FlowName } from './flows';
import { summarise, type Summary } from './stats';
import { throughput, type ThroughputFigures } from './throughput';

/**
 * The direct floor: the provider calls of one onboarding made straight through the adapters, in
 * the order the workflow makes them, with the person's codes read from the sandbox's outbox. No
 * engine, no retries, no state kept anywhere: what the calls themselves cost.
 */
export async function directOnboarding(flow: FlowName, request: OnboardingRequest, adapters: Adapters, outbox: Outbox): Promise<number> {
  const input = onboardingInput.parse(request);
  const caps = capabilitiesOfFlow(flow);
  const adapter = adapters[input.provider];
  const started = performance.now();
  let session: Session = { input, userKey: randomUUID(), ...('userCredential' in input ? { credential: { token: input.userCredential } } : {}) };
  const user = await adapter.createUser(session);
  session = { ...session, user };
  if (caps.credential === 'minted-token') session.credential = await adapter.mintCredential!({ ...session, user });
  for (const [i, channel] of caps.otpChannels.entries()) {
    const challenge =
      i === 0 && caps.otpSentOnCreate
        ? { channel, expiresAt: new Date(Date.now() + msToNumber(caps.otpTtl as Duration)).toISOString() }
        : await adapter.sendOtp!({ ...session, user }, channel);
    const code = outbox.latest({ provider: input.provider, userId: user.id, channel })?.code;
    if (!code) throw new Error(`direct ${flow}: no ${channel} code in the outbox`);
    const verified = await adapter.verifyOtp!({ ...session, user, challenge }, code);
    if (!verified.accepted) throw new Error(`direct ${flow}: the ${channel} code was refused (${verified.reason})`);
    if (verified.credential) session.credential = verified.credential;
  }
  if (caps.kycStart) await adapter.startKyc!({ ...session, user });
  const kyc = await adapter.getKycStatus({ ...session, user });
  if (kyc.state !== 'verified') throw new Error(`direct ${flow}: KYC is ${kyc.providerStatus}; the sandbox must decide at once`);
  let holder = await adapter.createHolder({ ...session, user });
  while (!holder.ready) holder = await adapter.getHolder!({ ...session, user, holder });
  await adapter.depositAddress({ ...session, user, holder });
  return performance.now() - started;
}

/** The direct floor of a flow: one onboarding at a time (P1's shape) and `total` with `inFlight` at a time (P2's). */
export interface DirectFigures {
  ms: Summary;
  throughput: ThroughputFigures;
}

export async function directFigures(ctx: BenchContext, flow: FlowName, runs: number, total: number, inFlight: number): Promise<DirectFigures> {
  const one = async () => directOnboarding(flow, await requestFor(flow, 'at-once', ctx.admin), ctx.adapters, ctx.sandbox.outbox);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push(await one());
  return { ms: summarise(ms), throughput: await throughput(total, inFlight, one, { server: undefined }) };
}
