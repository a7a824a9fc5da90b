import type { OnboardingRequest } from '../../domain/input';
import type { SampleFlowName } from '../../providers/registry';
import { sampleRequest } from '../../dev/demo-requests';
import type { SandboxAdmin } from '../../dev/sandbox/admin-client';
import { sfoxSamples } from '../../providers/sfox/samples';
import { soveraSamples } from '../../providers/sovera/samples';
import { stoknSamples } from '../../providers/stokn/samples';
import { sumvinSamples } from '../../providers/sumvin/samples';
import { cybridSamples } from '../../providers/cybrid/samples';
import type { SamplePerson } from '../../providers/samples';
import { uniqueReference } from './harness';

let n = 0;
/** A distinct, valid US mobile number each call (the sandbox refuses duplicates). */
function usMobile(): string {
  n++;
  return `2252${String(540000 + ((Date.now() + n * 7919) % 459999)).padStart(6, '0')}`;
}

/** A distinct E.164 mobile number each call. */
export function e164Mobile(): string {
  return `+1${usMobile()}`;
}

/** A new person for one test onboarding: a unique reference, its own email and phones. */
function testPerson(prefix: string, name: string, userJwt?: string): SamplePerson {
  const reference = uniqueReference(prefix);
  return { reference, email: `${name}+${reference}@example.com`, phone: usMobile, wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes' }, userJwt };
}

// Each provider's sample (providers/<name>/samples.ts) for a unique person; `overrides` replace top-level fields.

export function soveraRequest(overrides: Partial<Extract<OnboardingRequest, { provider: 'sovera' }>> = {}) {
  return { ...soveraSamples.sovera(testPerson('sov', 'john.doe')), ...overrides };
}

export function stoknRequest(overrides: Record<string, unknown> = {}) {
  return { ...stoknSamples.stokn(testPerson('stk', 'jane')), ...overrides };
}

export function sfoxIndividualRequest(overrides: Record<string, unknown> = {}) {
  return { ...sfoxSamples['sfox-individual'](testPerson('sfi', 'sean')), ...overrides };
}

export function sfoxCorporationRequest(overrides: Record<string, unknown> = {}) {
  return { ...sfoxSamples['sfox-corporation'](testPerson('sfc', 'ops')), ...overrides };
}

/** A Sumvin onboarding with a test JWT the sandbox issued for `subject`. */
export function sumvinRequest(jwt: string, overrides: Record<string, unknown> = {}) {
  return { ...sumvinSamples.sumvin(testPerson('sum', 'sam', jwt)), ...overrides };
}

export function cybridRequest(overrides: Record<string, unknown> = {}) {
  return { ...cybridSamples.cybrid(testPerson('cyb', 'cy')), ...overrides };
}

/** A unique test onboarding of any sample flow, for tests that cover every flow the registry lists. */
export async function flowRequest(flow: SampleFlowName, admin: SandboxAdmin, overrides: Record<string, unknown> = {}) {
  return { ...(await sampleRequest(flow, admin, testPerson(flow, 'flow'))), ...overrides };
}
