import { patched, proxyLocalActivities, uuid4 } from '@temporalio/workflow';
import type { OnboardingActivities } from '../activities/onboarding-activities';
import type { OnboardingInput } from '../domain/input';
import { capabilitiesOf, providerNames } from '../domain/providers';
import { carriedState, initialState, type LegacyProgress, type OnboardingState } from './state';
import { waitSettings } from './wait';
import { adoptEarlierRun } from './restart';
import { takesPatchesUpFront } from './upfront-patches';
import { takenBaseline } from './patches';
import type { RunPatches } from './run';

const local = proxyLocalActivities<OnboardingActivities>({ startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 3 } });

export type Prepared = { input: OnboardingInput; state: OnboardingState; eventsEnabled?: boolean; adopted?: string; patches: RunPatches } | { invalid: string };

/**
 * Since 'slim-activity-inputs' each activity's input carries only the fields its call reads
 * (domain/call-inputs.ts), not the whole request with the person's data. Decided once per run,
 * before anything else: released runs kept sending the whole input.
 */
const slimInputs = () => patched('slim-activity-inputs');

/**
 * The input is validated once, at the first run, outside the workflow's code: a local activity
 * checks it with today's schemas and its answer is recorded in the history. Replays and later
 * runs (continue-as-new) keep that normalised input and the capabilities of that day, so a
 * tightened rule, a zod upgrade or a clock-based check (age) never changes a running onboarding.
 */
export async function prepare(request: unknown, carried?: OnboardingState | LegacyProgress): Promise<Prepared> {
  const baseline = takenBaseline();
  if (carried) {
    const input = request as OnboardingInput; // the first run's normalised input, carried as is
    const patches = { baseline, upFront: false, slimInputs: baseline !== undefined || slimInputs() };
    return { input, state: carriedState(carried, capabilitiesOf(input)), patches };
  }
  if (baseline) return validated(request, { baseline, upFront: true, slimInputs: true }, true);
  if (patched('validate-input-once')) {
    // Decided before the local activity: an activation that resolves one from the history counts
    // as a replay, where patched() is false for a patch not yet recorded (a run evicted while its
    // local activity ran is replayed so).
    const adopts = patched('restart-adopts');
    patched('outlast-provider-outages'); // taken by the creating calls (outages.ts)
    const slim = slimInputs();
    const upFront = takesPatchesUpFront();
    return validated(request, { baseline, upFront, slimInputs: slim }, adopts);
  }
  return legacyPrepare(request);
}

async function validated(request: unknown, patches: RunPatches, adopts: boolean): Promise<Prepared> {
  const prepared = await local.prepareOnboarding(request);
  if ('issues' in prepared) return { invalid: prepared.message };
  const state = fresh(prepared.input, prepared.capabilities);
  state.person = prepared.person;
  return { input: prepared.input, state, eventsEnabled: prepared.eventsEnabled, adopted: adopts ? adoptEarlierRun(state) : undefined, patches };
}

function fresh(input: OnboardingInput, caps: OnboardingState['caps']): OnboardingState {
  const state = initialState(caps, uuid4(), Date.now(), waitSettings(input).kycDeadlineMs);
  if ('userCredential' in input) state.credential = { token: input.userCredential };
  return state;
}

/**
 * Onboardings started by the released version parsed their input in the workflow on every run;
 * their histories replay through this path. Our client always sent the input normalised (and
 * only after checking it), so an input of that shape is taken as it is, whatever today's rules
 * say; anything else was started around the client and is refused, as the released version did.
 */
function legacyPrepare(request: unknown): Prepared {
  const input = acceptedByEarlierClient(request);
  if (!input) return { invalid: 'not the normalised request our client sends (start onboardings through the client, the CLI or the API)' };
  return { input, state: fresh(input, capabilitiesOf(input)), patches: { upFront: false, slimInputs: false } };
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
