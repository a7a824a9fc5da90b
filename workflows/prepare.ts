import { patched, proxyLocalActivities, uuid4 } from '@temporalio/workflow';
import type { OnboardingActivities } from '../activities/onboarding-activities';
import type { OnboardingInput } from '../domain/input';
import { accountTypeOf, describeIssues, inputIssues } from '../domain/input-helpers';
import { capabilitiesOf, providerNames } from '../domain/providers';
import { carriedState, initialState, type LegacyProgress, type OnboardingState } from './state';
import { waitSettings } from './wait';

const local = proxyLocalActivities<OnboardingActivities>({ startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 3 } });

export type Prepared = { input: OnboardingInput; state: OnboardingState } | { invalid: string };

/**
 * The input is validated once, at the first run, outside the workflow's code: a local activity
 * checks it with today's schemas and its answer is recorded in the history. Replays and later
 * runs (continue-as-new) keep that normalised input and the capabilities of that day, so a
 * tightened rule, a zod upgrade or a clock-based check (age) never changes a running onboarding.
 */
export async function prepare(request: unknown, carried?: OnboardingState | LegacyProgress): Promise<Prepared> {
  if (carried) {
    const input = request as OnboardingInput; // the first run's normalised input, carried as is
    return { input, state: carriedState(carried, capabilitiesOf(input.provider, accountTypeOf(input))) };
  }
  if (patched('validate-input-once')) {
    const prepared = await local.prepareOnboarding(request);
    if ('issues' in prepared) return { invalid: describeIssues(prepared.issues) };
    return { input: prepared.input, state: fresh(prepared.input, prepared.capabilities) };
  }
  return legacyPrepare(request);
}

function fresh(input: OnboardingInput, caps: OnboardingState['caps']): OnboardingState {
  const state = initialState(caps, uuid4(), Date.now(), waitSettings(input).kycDeadlineMs);
  if ('userCredential' in input) state.credential = { token: input.userCredential };
  return state;
}

/**
 * Onboardings started by the released version parsed their input in the workflow on every run.
 * Their histories replay through this path. An input our client accepted then, and today's
 * schema refuses, is still taken as it was (our client always sent it normalised).
 */
function legacyPrepare(request: unknown): Prepared {
  // Loaded here, on this path only: every provider's schema built into each cached workflow
  // costs about 0.9 MB apiece (see domain/input-helpers.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { onboardingInput } = require('../domain/input') as typeof import('../domain/input');
  const parsed = onboardingInput.safeParse(request);
  const input = parsed.success ? parsed.data : acceptedByEarlierClient(request);
  if (!input) return { invalid: describeIssues(inputIssues(parsed.error!)) };
  return { input, state: fresh(input, capabilitiesOf(input.provider, accountTypeOf(input))) };
}

function acceptedByEarlierClient(request: unknown): OnboardingInput | undefined {
  const r = request as { provider?: unknown; reference?: unknown; wait?: Record<string, unknown> } | null;
  const normalised =
    typeof r === 'object' &&
    r !== null &&
    providerNames.includes(r.provider as never) &&
    typeof r.reference === 'string' &&
    typeof r.wait?.kycPollInterval === 'string' &&
    typeof r.wait?.kycDeadline === 'string' &&
    typeof r.wait?.otpMaxAttempts === 'number';
  return normalised ? (request as OnboardingInput) : undefined;
}
