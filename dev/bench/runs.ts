import { OnboardingClient, workflowIdFor } from '../../client/onboarding-client';
import { kycDecisionSignal } from '../../workflows/definitions';
import type { BenchContext } from './context';
import { requestFor, type FlowName, type KycWait } from './flows';
import { playPerson, type PersonLog } from './person';

/** One workflow run as the bench saw it from the client. */
export interface RunSample {
  workflowId: string;
  /** From the start call to the end seen by the client. */
  clientMs: number;
  person?: PersonLog;
}

/** One onboarding of `flow`, started as the backend does (client/onboarding-client.ts), its person played until it completes or parks. */
export async function onboardingRun(ctx: BenchContext, flow: FlowName, taskQueue: string, kyc: KycWait): Promise<RunSample> {
  const request = await requestFor(flow, kyc, ctx.admin);
  const started = performance.now();
  await new OnboardingClient(ctx.client, taskQueue).start(request);
  const person = await playPerson(
    { client: ctx.client, namespace: ctx.server.namespace, outbox: ctx.sandbox.outbox },
    flow,
    taskQueue,
    request.reference,
    kyc === 'parked' ? 'parked' : 'completed',
  );
  if (person.outcome !== (kyc === 'parked' ? 'parked' : 'completed')) throw new Error(`onboarding ${request.reference} ended ${person.outcome}`);
  return { workflowId: workflowIdFor(request.reference), clientMs: performance.now() - started, person };
}

let floors = 0;
/** One run of the Temporal floor: `steps` no-op activities in a row. */
export async function floorRun(ctx: BenchContext, taskQueue: string, steps: number): Promise<RunSample> {
  const workflowId = `bench-floor-${Date.now().toString(36)}-${floors++}`;
  const started = performance.now();
  const handle = await ctx.client.workflow.start('floor', { taskQueue, workflowId, args: [steps] });
  await handle.result();
  return { workflowId, clientMs: performance.now() - started };
}

/** What support or a provider's webhook sends when KYC is decided. */
export async function releaseKyc(ctx: BenchContext, workflowId: string): Promise<number> {
  const sentAt = Date.now();
  await ctx.client.workflow.getHandle(workflowId).signal(kycDecisionSignal, { decision: 'VERIFIED', decidedBy: 'bench' });
  return sentAt;
}
