import type { OnboardingRequest } from '../domain/input';
import { capabilitiesOf } from '../domain/providers';
import { sampleFlows, type SampleFlowName } from '../providers/registry';
import type { SandboxAdmin } from './sandbox/admin-client';

/**
 * The demo's person for a flow (providers/<name>/samples.ts); a fresh reference each run (the
 * dev server keeps its history between runs). A provider that acts with the person's own JWT gets
 * one from the sandbox, as Dynamic Labs or Privy would issue it.
 */
export async function demoRequest(flow: SampleFlowName, admin: SandboxAdmin): Promise<OnboardingRequest & { reference: string }> {
  const { provider, build } = sampleFlows[flow];
  const reference = `demo-${flow}-${Date.now().toString(36)}`;
  const userJwt = capabilitiesOf({ provider }).credential === 'user-jwt' ? await admin.userJwt(provider, `did:demo:${reference}`) : undefined;
  const request = build({
    reference,
    email: `ada+${reference}@example.com`,
    phone: () => '2252542523',
    wait: { kycPollInterval: '2 seconds', kycDeadline: '1 hour' },
    userJwt,
  });
  return request as OnboardingRequest & { reference: string };
}
