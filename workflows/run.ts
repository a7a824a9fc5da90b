import { ApplicationFailure, patched, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { OnboardingActivities } from '../activities/onboarding-activities';
import type { OnboardingInput } from '../domain/input';
import { upFrontPatches } from './upfront-patches';
import { baselineIncludes, type Baseline, type PatchId } from './patches';
import type { OtpChallenge, ProviderUser } from '../domain/onboarding';
import { inputForCall } from '../domain/call-inputs';
import type { ProviderCall } from '../domain/provider-calls';
import type { CallSession } from '../domain/session';
import type { FailureType } from '../domain/failures';
import type { Actor, AuditEntry, NeedsAction, OnboardingStep } from './definitions';
import { interactiveCall, pollingCall } from './retry-policies';
import { creatingCalls } from './outages';
import { priorityOf } from './priorities';
import { kycStatusKey, needsActionKey, onboardingProviderKey, onboardingStepKey, providerUserIdKey } from './search-attributes';
import { SearchAttributePublisher } from './search-attribute-publisher';
import { recordAudit, recordStep, type OnboardingState } from './state';
import { waitSettings, type WaitSettings } from './wait';
import { countStepEntered } from './metrics';
import { recordMade } from './restart';
import { showCurrentDetails } from './current-details';

/**
 * Each run's activities carry its tenant as fairness key and their urgency (workflows/priorities.ts).
 * Creating calls are built per use: their schedule-to-close follows the onboarding's time left (workflows/outages.ts).
 */
function activitiesOf(run: OnboardingRun) {
  return {
    polling: proxyActivities<OnboardingActivities>({ ...pollingCall, priority: priorityOf('background') }),
    /** A poll a person's KYC decision asks for: answered before the scheduled ones. */
    reactingPoll: proxyActivities<OnboardingActivities>({ ...pollingCall, priority: priorityOf('interactive') }),
    interactive: proxyActivities<OnboardingActivities>({ ...interactiveCall, priority: priorityOf('interactive') }),
    get mutating() {
      return creatingCalls(run);
    },
  };
}

/** Which released behaviour this run keeps, decided at its start (workflows/prepare.ts). */
export interface RunPatches {
  /** The baseline marker that took every patch at once (workflows/patches.ts), if the run took one. */
  baseline?: Baseline;
  /** The first run took these before its local activity (workflows/upfront-patches.ts). */
  upFront: boolean;
  /** Activities get the input trimmed to their call ('slim-activity-inputs'). */
  slimInputs: boolean;
}

/**
 * One run of an onboarding: its input, its state, and the live facts of the current OTP wait
 * (never open at a continue-as-new; messages accepted and not yet acted on are in the state).
 * Steps are functions over this object; the helpers here are what every step shares: entering a
 * step, building the session an activity needs, failing with a type, recording who did what.
 */
export class OnboardingRun {
  /** The activities, by how they are retried (workflows/retry-policies.ts). */
  readonly activities = activitiesOf(this);

  step: OnboardingStep;
  updatedAt: number;
  failure?: { type: string; message: string };

  // The current OTP wait: not carried by a continue-as-new (it never happens during one).
  challenge?: OtpChallenge;
  challengeSentAt?: number;
  /** Set by the expiry timer (or the provider's word); a resend clears it. */
  challengeExpired = false;
  /** An OTP submit or resend is in flight: the next one waits for its answer. */
  otpBusy = false;
  /** An update could not renew the person's credential itself: the main flow waits for one. */
  credentialExpired = false;

  readonly wait: WaitSettings;
  /** Since the baseline patch: search attributes once per activation, only those that changed. */
  readonly publisher?: SearchAttributePublisher;

  constructor(
    readonly input: OnboardingInput,
    readonly state: OnboardingState,
    private readonly patches: RunPatches,
  ) {
    this.wait = waitSettings(input);
    this.step = state.timeline.at(-1)?.step ?? 'creating-user';
    this.updatedAt = Date.now();
    if (patches.baseline)
      this.publisher = new SearchAttributePublisher(() => [{ key: onboardingProviderKey, value: input.provider }, ...this.searchAttributes()]);
  }

  /** patched(), for every patch: taken at once by the baseline, or up front by the first run, or asked here. */
  patched(patchId: PatchId): boolean {
    if (this.patches.baseline) return true;
    if (this.patches.upFront && (upFrontPatches as readonly string[]).includes(patchId)) return true;
    return patched(patchId);
  }

  /** Whether this run took `baseline` or a later one: what came with it is on. */
  since(baseline: Baseline): boolean {
    return baselineIncludes(this.patches.baseline, baseline);
  }

  get caps() {
    return this.state.caps;
  }

  /** Something changed: the status's time, and the Web UI's current details. */
  touch(): void {
    this.updatedAt = Date.now();
    showCurrentDetails(this);
  }

  /** Closes the current step in the timeline, opens `next`, and tells the Web UI's filters. */
  enter(next: OnboardingStep): void {
    const at = new Date(Date.now()).toISOString();
    const current = this.state.timeline.at(-1);
    if (current && !current.finishedAt) current.finishedAt = at;
    recordStep(this.state, { step: next, startedAt: at });
    this.step = next;
    this.touch();
    this.publish();
    recordMade(this);
    countStepEntered(this.input.provider, next);
  }

  /**
   * Tells the Web UI's filters that what they show may have changed. Runs before the baseline
   * upsert every attribute at once, at each change, as they always did.
   */
  publish(): void {
    if (this.publisher) this.publisher.markChanged();
    else upsertSearchAttributes(this.searchAttributes());
  }

  /** The operator-facing search attributes as of now (ids and states only, never PII). */
  searchAttributes(): SearchAttributeUpdatePair[] {
    const pairs: SearchAttributeUpdatePair[] = [
      { key: onboardingStepKey, value: this.step },
      { key: needsActionKey, value: this.needsAction() },
      { key: kycStatusKey, value: this.state.kyc.observation?.providerStatus ?? 'none' },
    ];
    if (this.state.user) pairs.push({ key: providerUserIdKey, value: this.state.user.id });
    return pairs;
  }

  needsAction(): NeedsAction {
    if (this.state.alert || this.step === 'awaiting-support') return 'support';
    switch (this.step) {
      case 'verifying-contact':
        return 'otp';
      case 'awaiting-kyc':
        return 'kyc';
      case 'awaiting-credential':
        return 'credential';
      default:
        return 'none';
    }
  }

  /** What the activity of `call` is given: the onboarding so far, and the input it reads. */
  session<C extends ProviderCall>(call: C): CallSession<C> {
    const { userKey, user, credential, holder, restart } = this.state;
    const input = this.patches.slimInputs ? inputForCall(this.input, call) : this.input;
    return { input, userKey, user, credential, challenge: this.challenge, holder, ...(restart ? { restartOf: restart.runId } : {}) };
  }

  withUser<C extends ProviderCall>(call: C): CallSession<C> & { user: ProviderUser } {
    return { ...this.session(call), user: this.state.user! };
  }

  /** Ends the onboarding with a typed, non-retryable failure that the status shows. */
  fail(type: FailureType, message: string): never {
    this.failure = { type, message };
    throw ApplicationFailure.create({ type, message, nonRetryable: true });
  }

  audit(action: AuditEntry['action'], actor: Actor | undefined, detail?: string): void {
    recordAudit(this.state, { at: new Date(Date.now()).toISOString(), action, ...(actor ? { actor } : {}), ...(detail ? { detail } : {}) });
    this.touch();
  }

  /** Time left before the onboarding's deadline, in ms (never negative). */
  remaining(): number {
    return Math.max(0, this.state.kycDeadlineAt - Date.now());
  }
}
