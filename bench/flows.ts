import type { OnboardingRequest } from '../domain/input';
import { capabilitiesOf, type Capabilities } from '../domain/providers';
import type { SandboxAdmin } from '../sandbox/admin-client';
import { sfoxCorporationRequest, sfoxIndividualRequest, soveraRequest, stoknRequest, sumvinRequest } from '../test/support/requests';

/** The provider flows the bench drives: one per provider and, for sFOX, per account type. */
export const flowNames = ['sovera', 'stokn', 'sfox-individual', 'sfox-corporation', 'sumvin'] as const;
export type FlowName = (typeof flowNames)[number];

export function providerOf(flow: FlowName) {
  return flow.startsWith('sfox') ? 'sfox' : (flow as Exclude<FlowName, `sfox-${string}`>);
}

export function capabilitiesOfFlow(flow: FlowName): Capabilities {
  return capabilitiesOf({ provider: providerOf(flow), accountType: flow === 'sfox-corporation' ? 'corporation' : 'individual' });
}

/** How an onboarding of the bench waits for KYC: decided at once by the sandbox, or parked until released. */
export type KycWait = 'at-once' | 'parked';

const waits: Record<KycWait, { kycPollInterval: string; kycDeadline: string }> = {
  // The sandbox decides before the first poll: the interval is never waited.
  'at-once': { kycPollInterval: '1 minute', kycDeadline: '1 day' },
  // Parked onboardings poll only when a signal asks: nothing moves until the bench releases them.
  parked: { kycPollInterval: '1 day', kycDeadline: '30 days' },
};

let people = 0;
/**
 * A distinct valid US number for each person of the run (the sandbox refuses a second user with
 * the same phone): 460,000 of them before one repeats.
 */
function nextPhone(): string {
  return `2252${String(540_000 + (people++ % 460_000)).padStart(6, '0')}`;
}

/** A valid request for a new, distinct person of `flow` (the tests' requests, with the bench's phones). */
export async function requestFor(flow: FlowName, kyc: KycWait, admin: SandboxAdmin): Promise<OnboardingRequest & { reference: string }> {
  const wait = waits[kyc];
  const phone = nextPhone();
  switch (flow) {
    case 'sovera': {
      const r = soveraRequest({ wait });
      return { ...r, person: { ...r.person, phone: { country: 'US', number: phone } } };
    }
    case 'stokn': {
      const r = stoknRequest({ wait });
      return { ...r, person: { ...r.person, phone: `+1${phone}` } };
    }
    case 'sfox-individual': {
      const r = sfoxIndividualRequest({ wait });
      return { ...r, person: { ...r.person, phone: { country: 'US', number: `+1${phone}` } } };
    }
    case 'sfox-corporation': {
      const r = sfoxCorporationRequest({ wait });
      const owner = nextPhone();
      return {
        ...r,
        person: { ...r.person, phone: { country: 'US', number: `+1${phone}` } },
        beneficialOwners: r.beneficialOwners.map((o) => ({ ...o, phone: `+1${owner}` })),
      };
    }
    case 'sumvin': {
      const jwt = await admin.sumvinJwt(`bench-${phone}`, 24 * 3600);
      return { ...sumvinRequest(jwt, { wait }), phone: `+1${phone}` };
    }
  }
}
