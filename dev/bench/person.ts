import type { Client } from '@temporalio/client';
import { OnboardingClient, workflowIdFor } from '../../client/onboarding-client';
import type { Outbox } from '../sandbox/outbox';
import { statusQuery } from '../../workflows/definitions';
import { capabilitiesOfFlow, providerOf, type FlowName } from './flows';
import { followHistory, Progress } from './follow';
import { eventTime } from './history';

export interface Driver {
  client: Client;
  namespace: string;
  outbox: Outbox;
}

/** What the person did: when the workflow was ready for each code (server clock) and when it was sent. */
export interface PersonLog {
  codes: { readyAt: number; sentAt: number }[];
  /** When the onboarding parked on KYC (its first poll answered, nothing left to do). */
  parkedAt?: number;
  outcome: 'completed' | 'parked' | 'failed';
}

/**
 * Plays the person of one onboarding until it completes (or parks on KYC): follows its history,
 * and when it waits with nothing running, asks its status once; if a code is awaited, types the
 * one the provider sent (the sandbox's outbox), as test/support/person.ts does, but without
 * polling the worker meanwhile.
 */
export async function playPerson(d: Driver, flow: FlowName, taskQueue: string, reference: string, until: 'completed' | 'parked'): Promise<PersonLog> {
  const channels = capabilitiesOfFlow(flow).otpChannels.length;
  const onboarding = new OnboardingClient(d.client, taskQueue);
  const handle = d.client.workflow.getHandle(workflowIdFor(reference));
  const progress = new Progress();
  const log: PersonLog = { codes: [], outcome: 'failed' };
  if (channels === 0 && until === 'completed') {
    // Nothing to type: wait for the result as any caller would (following the history would cost the server reads).
    await handle.result();
    return { ...log, outcome: 'completed' };
  }
  for await (const batch of followHistory(d.client.workflowService, d.namespace, handle.workflowId)) {
    progress.apply(batch);
    const last = batch.at(-1)!;
    if (last.workflowExecutionCompletedEventAttributes) return { ...log, outcome: 'completed' };
    if (!progress.idle) continue;
    if (until === 'parked' && progress.lastClosedActivity === 'getKycStatus') return { ...log, parkedAt: eventTime(last), outcome: 'parked' };
    if (log.codes.length >= channels) continue;
    const status = await handle.query(statusQuery);
    if (status.step !== 'verifying-contact' || !status.otp || !status.userId) continue;
    const code = d.outbox.latest({ provider: providerOf(flow), userId: status.userId, channel: status.otp.channel })?.code;
    if (!code) throw new Error(`${reference}: no ${status.otp.channel} code in the outbox`);
    const sentAt = Date.now();
    const answer = await onboarding.submitOtp(reference, code);
    if (!answer.accepted) throw new Error(`${reference}: the ${answer.channel} code was refused (${answer.reason})`);
    log.codes.push({ readyAt: eventTime(last), sentAt });
  }
  return log;
}
