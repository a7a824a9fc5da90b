import type { OnboardingRequest } from '../domain/input';
import { capabilitiesOf } from '../domain/providers';
import { sampleFlows, type SampleFlowName } from '../providers/registry';
import type { SamplePerson } from '../providers/samples';
import type { SandboxAdmin } from './sandbox/admin-client';

/**
 * A flow's sample onboarding (providers/<name>/samples.ts) for `person`. A provider that acts with
 * the person's own JWT gets one from the sandbox, as Dynamic Labs or Privy would issue it.
 */
export async function sampleRequest(flow: SampleFlowName, admin: SandboxAdmin, person: Omit<SamplePerson, 'userJwt'>) {
  const { provider, build } = sampleFlows[flow];
  const userJwt = capabilitiesOf({ provider }).credential === 'user-jwt' ? await admin.userJwt(provider, `did:sample:${person.reference}`) : undefined;
  return build({ ...person, userJwt }) as OnboardingRequest & { reference: string };
}

/** The demo's person for a flow; a fresh reference each run (the dev server keeps its history between runs). */
export function demoRequest(flow: SampleFlowName, admin: SandboxAdmin): Promise<OnboardingRequest & { reference: string }> {
  const reference = `demo-${flow}-${Date.now().toString(36)}`;
  return sampleRequest(flow, admin, {
    reference,
    email: `ada+${reference}@example.com`,
    phone: () => '2252542523',
    wait: { kycPollInterval: '2 seconds', kycDeadline: '1 hour' },
  });
}
