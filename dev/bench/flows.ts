import type { OnboardingRequest } from '../../domain/input';
import { capabilitiesOf, type Capabilities, type ProviderName } from '../../domain/providers';
import { sampleFlows, type SampleFlowName } from '../../providers/registry';
import type { SandboxAdmin } from '../sandbox/admin-client';

/** The provider flows the bench drives: every sample flow of every provider (sFOX: an individual and a corporation). */
export const flowNames = Object.keys(sampleFlows) as [SampleFlowName, ...SampleFlowName[]];
export type FlowName = SampleFlowName;

export function providerOf(flow: FlowName): ProviderName {
  return sampleFlows[flow].provider;
}

/** The capabilities of a flow: its provider's, for a sample of it (its phones spent on nobody). */
export function capabilitiesOfFlow(flow: FlowName): Capabilities {
  return capabilitiesOf(sampleFlows[flow].build({ ...samplePerson(waits['at-once'], 'capabilities', 'not-a-jwt'), phone: () => '2252540000' }));
}

/** How an onboarding of the bench waits for KYC: decided at once by the sandbox, or parked until released. */
export type KycWait = 'at-once' | 'parked' | 'polled';

const waits: Record<KycWait, { kycPollInterval: string; kycDeadline: string }> = {
  // The sandbox decides before the first poll: the interval is never waited.
  'at-once': { kycPollInterval: '1 minute', kycDeadline: '1 day' },
  // Parked onboardings poll only when a signal asks: nothing moves until the bench releases them.
  parked: { kycPollInterval: '1 day', kycDeadline: '30 days' },
  // Polled every second until the sandbox decides (P8: what each poll of a long KYC wait costs).
  polled: { kycPollInterval: '1 second', kycDeadline: '1 day' },
};

let people = 0;
/**
 * A distinct valid US number for each person of the run (the sandbox refuses a second user with
 * the same phone): 460,000 of them before one repeats.
 */
function nextPhone(): string {
  return `2252${String(540_000 + (people++ % 460_000)).padStart(6, '0')}`;
}

function samplePerson(wait: { kycPollInterval: string; kycDeadline: string }, reference: string, userJwt?: string) {
  return { reference, email: `bench+${reference}@example.com`, phone: nextPhone, wait, userJwt };
}

let references = 0;
/** A valid request for a new, distinct person of `flow`, with the bench's phones. */
export async function requestFor(flow: FlowName, kyc: KycWait, admin: SandboxAdmin): Promise<OnboardingRequest & { reference: string }> {
  const provider = providerOf(flow);
  const reference = `bench-${Date.now().toString(36)}-${(references++).toString(36)}`;
  // A provider that acts with the person's own JWT gets one from the sandbox, as the backend's identity provider would issue it.
  const userJwt = capabilitiesOf({ provider }).credential === 'user-jwt' ? await admin.userJwt(provider, reference, 24 * 3600) : undefined;
  return sampleFlows[flow].build(samplePerson(waits[kyc], reference, userJwt)) as OnboardingRequest & { reference: string };
}
