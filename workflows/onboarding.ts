import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  TimeoutFailure,
  condition,
  continueAsNew,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
  allHandlersFinished,
} from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common/lib/time';
import type { Duration } from '@temporalio/common';
import type { OnboardingActivities } from '../activities/onboarding-activities';
import { accountTypeOf, onboardingInput, inputIssues, describeIssues, type OnboardingInput } from '../domain/input';
import type { Credential, Holder, KycObservation, KycStart, OnboardingResult, OtpChallenge, ProviderUser } from '../domain/onboarding';
import { capabilitiesOf, type OtpChannel } from '../domain/providers';
import type { Session } from '../domain/session';
import type { FailureType } from '../domain/failures';
import {
  kycAccessQuery,
  kycDecisionSignal,
  resendOtpUpdate,
  statusQuery,
  submitOtpUpdate,
  supplyCredentialSignal,
  type KycDecision,
  type OnboardingStatus,
  type OnboardingStep,
  type OtpAnswer,
} from './definitions';
import { interactiveCall, mutatingCall, pollingCall } from './retry-policies';
import { onboardingStepKey, onboardingProviderKey } from './search-attributes';
import { countStepEntered } from './metrics';

/** A Safe appears within seconds; poll it at that pace. */
const holderPollInterval = '1 second';

const mutating = proxyActivities<OnboardingActivities>(mutatingCall);
const polling = proxyActivities<OnboardingActivities>(pollingCall);
const interactive = proxyActivities<OnboardingActivities>(interactiveCall);

/** What survives a continue-as-new: everything the onboarding has achieved so far. */
export interface OnboardingProgress {
  userKey: string;
  startedAt: number;
  kycDeadlineAt: number;
  user?: ProviderUser;
  credential?: Credential;
  verifiedChannels: OtpChannel[];
  wrongCodes: number;
  kycAccess?: KycStart;
  kycVerified: boolean;
  kycChecks: number;
  holder?: Holder;
  timeline: OnboardingStatus['timeline'];
}

/**
 * One onboarding, from a new person to a deposit address. The steps follow the provider's
 * capabilities; each completed step is kept in `progress`, so a step already done is skipped
 * (after a continue-as-new, or a retried workflow task) and the history stays small.
 */
export async function onboarding(request: unknown, carried?: OnboardingProgress): Promise<OnboardingResult> {
  const parsed = onboardingInput.safeParse(request);
  if (!parsed.success) {
    const message = `invalid onboarding input: ${describeIssues(inputIssues(parsed.error))}`;
    // Started around the client: still answer the status query, with the reason.
    const raw = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
    const at = new Date(Date.now()).toISOString();
    setHandler(statusQuery, () => ({
      provider: raw.provider as OnboardingStatus['provider'],
      reference: typeof raw.reference === 'string' ? raw.reference : '',
      step: 'failed',
      startedAt: at,
      updatedAt: at,
      timeline: [{ step: 'failed', startedAt: at }],
      failure: { type: 'InvalidInput', message },
    }));
    throw ApplicationFailure.create({ type: 'InvalidInput' satisfies FailureType, message, nonRetryable: true });
  }
  const input: OnboardingInput = parsed.data;
  const caps = capabilitiesOf(input.provider, accountTypeOf(input));
  const now = () => Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();

  const progress: OnboardingProgress = carried ?? {
    userKey: uuid4(),
    startedAt: now(),
    kycDeadlineAt: now() + toMs(input.wait.kycDeadline),
    verifiedChannels: [],
    wrongCodes: 0,
    kycVerified: false,
    kycChecks: 0,
    timeline: [],
  };
  if (!carried && 'userCredential' in input) progress.credential = { token: input.userCredential };

  // Live, non-persisted state of the waits.
  let step: OnboardingStep = progress.timeline.at(-1)?.step ?? 'creating-user';
  let updatedAt = now();
  let challenge: OtpChallenge | undefined;
  /** Set by the expiry timer (or the provider's word); a resend clears it. */
  let challengeExpired = false;
  let verifying = false;
  let pendingDecision: KycDecision | undefined;
  let unconfirmedClaim: string | undefined;
  let kycObservation: KycObservation | undefined;
  let lastCheckedAt: number | undefined;
  let freshCredential: Credential | undefined;
  let failure: OnboardingStatus['failure'];
  let depositAddress: string | undefined;
  let lastPollFailure: OnboardingStatus['lastPollFailure'];

  function enter(next: OnboardingStep): void {
    const at = iso(now());
    const current = progress.timeline.at(-1);
    if (current && !current.finishedAt) current.finishedAt = at;
    progress.timeline.push({ step: next, startedAt: at });
    step = next;
    updatedAt = now();
    upsertSearchAttributes([{ key: onboardingStepKey, value: next }]);
    countStepEntered(input.provider, next);
  }

  function session(): Session {
    return { input, userKey: progress.userKey, user: progress.user, credential: progress.credential, challenge, holder: progress.holder };
  }
  const withUser = () => ({ ...session(), user: progress.user! });

  function nextAction(): string | undefined {
    if (step === 'verifying-contact' && challenge) {
      const where = challenge.sentTo ? ` sent to ${challenge.sentTo}` : '';
      return challengeExpired
        ? `the ${challenge.channel} code expired: request a new one (resend)`
        : `enter the ${challenge.channel} code${where}`;
    }
    if (step === 'awaiting-kyc') {
      if (progress.kycAccess?.identificationUrl) return `complete KYC at ${progress.kycAccess.identificationUrl}`;
      if (progress.kycAccess?.accessToken) return "complete KYC in the person's app (its access token: the kycAccess query)";
      return 'wait for the provider to verify the identity, or record the KYC decision';
    }
    if (step === 'awaiting-credential') return 'supply a fresh credential for the person (their JWT expired)';
    return undefined;
  }

  setHandler(statusQuery, (): OnboardingStatus => ({
    provider: input.provider,
    reference: input.reference,
    step,
    startedAt: iso(progress.startedAt),
    updatedAt: iso(updatedAt),
    timeline: progress.timeline,
    userId: progress.user?.id,
    holderId: progress.holder?.id,
    depositAddress,
    otp: challenge && {
      channel: challenge.channel,
      expiresAt: challenge.expiresAt,
      expired: challengeExpired,
      sentTo: challenge.sentTo,
      wrongCodes: progress.wrongCodes,
      attemptsLeft: input.wait.otpMaxAttempts - progress.wrongCodes,
      verified: progress.verifiedChannels,
    },
    kyc:
      step === 'awaiting-kyc' || progress.kycChecks > 0
        ? {
            providerStatus: kycObservation?.providerStatus,
            checks: progress.kycChecks,
            lastCheckedAt: lastCheckedAt === undefined ? undefined : iso(lastCheckedAt),
            deadline: iso(progress.kycDeadlineAt),
            identificationUrl: progress.kycAccess?.identificationUrl,
            unconfirmedClaim,
          }
        : undefined,
    nextAction: nextAction(),
    lastPollFailure,
    failure,
  }));
  setHandler(kycAccessQuery, () => progress.kycAccess);
  setHandler(kycDecisionSignal, (decision) => {
    pendingDecision = decision;
  });
  setHandler(supplyCredentialSignal, ({ credential }) => {
    freshCredential = { token: credential };
  });

  /** Runs a call as the user; an expired credential is renewed and the call made again. */
  async function asUser<T>(call: () => Promise<T>): Promise<T> {
    for (let renewals = 0; ; renewals++) {
      try {
        return await call();
      } catch (err) {
        if (!hasType(err, 'CredentialExpired') || renewals >= 3) throw err;
        await renewCredential();
      }
    }
  }

  async function renewCredential(): Promise<void> {
    const resumeStep = step;
    if (caps.credential === 'minted-token') {
      progress.credential = await mutating.mintCredential(withUser());
    } else if (caps.credential === 'otp-session' && progress.credential) {
      progress.credential = await mutating.refreshCredential({ ...withUser(), credential: progress.credential });
    } else if (caps.credential === 'user-jwt') {
      enter('awaiting-credential');
      freshCredential = undefined;
      if (!(await condition(() => freshCredential !== undefined, Math.max(0, progress.kycDeadlineAt - now())))) {
        fail('KycDeadlineExceeded', 'no fresh credential was supplied before the onboarding deadline');
      }
      progress.credential = freshCredential;
      enter(resumeStep);
    } else {
      throw ApplicationFailure.nonRetryable('the credential expired and cannot be renewed', 'CredentialExpired');
    }
  }

  /**
   * A poll that fails for a passing reason (an outage outlasting its retries, a timeout) is
   * skipped and shown in the status: the next poll comes anyway. Anything else ends the onboarding.
   */
  async function poll<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await asUser(call);
      lastPollFailure = undefined;
      return value;
    } catch (err) {
      if (!isTransient(err) || !patched('tolerate-poll-outages')) throw err;
      lastPollFailure = { ...describeFailure(err), at: iso(now()) };
      updatedAt = now();
      log.warn('poll skipped after a passing failure', { type: lastPollFailure.type });
      return undefined;
    }
  }

  function fail(type: FailureType, message: string): never {
    failure = { type, message };
    throw ApplicationFailure.create({ type, message, nonRetryable: true });
  }

  setHandler(
    submitOtpUpdate,
    async ({ code }): Promise<OtpAnswer> => {
      const current = challenge!;
      verifying = true;
      try {
        const answer = await asUser(() => interactive.verifyOtp({ ...withUser(), challenge: current }, code));
        if (answer.accepted) {
          progress.verifiedChannels.push(current.channel);
          if (answer.credential) progress.credential = answer.credential;
          challenge = undefined;
          return { accepted: true, channel: current.channel };
        }
        if (answer.reason === 'expired') challengeExpired = true;
        else progress.wrongCodes++;
        updatedAt = now();
        const attemptsLeft = Math.max(0, input.wait.otpMaxAttempts - progress.wrongCodes);
        // The provider gave up on this code while our own limit is not reached: issue a new one.
        const providerGaveUp = answer.reason === 'wrong-code' && answer.attemptsLeft === 0;
        if (providerGaveUp && attemptsLeft > 0 && patched('otp-reissue-at-provider-limit')) {
          challenge = await asUser(() => interactive.sendOtp(withUser(), current.channel));
          challengeExpired = false;
          return { accepted: false, channel: current.channel, reason: answer.reason, attemptsLeft, reissued: true };
        }
        return { accepted: false, channel: current.channel, reason: answer.reason, attemptsLeft };
      } finally {
        verifying = false;
      }
    },
    {
      validator: ({ code }) => {
        if (step !== 'verifying-contact' || !challenge) throw new Error('no code is awaited now');
        if (verifying) throw new Error('a code is being checked; wait for its answer');
        if (typeof code !== 'string' || !new RegExp(`^\\d{${caps.otpLength}}$`).test(code)) {
          throw new Error(`the code must be ${caps.otpLength} digits`);
        }
        if (challengeExpired) throw new Error('the code expired: request a new one (resend)');
      },
    },
  );

  setHandler(
    resendOtpUpdate,
    async () => {
      const channel = challenge!.channel;
      challenge = await asUser(() => interactive.sendOtp(withUser(), channel));
      challengeExpired = false;
      updatedAt = now();
      return { channel, expiresAt: challenge.expiresAt, sentTo: challenge.sentTo };
    },
    {
      validator: () => {
        if (step !== 'verifying-contact' || !challenge) throw new Error('no code is awaited now');
        if (verifying) throw new Error('a code is being checked; wait for its answer');
      },
    },
  );

  upsertSearchAttributes([{ key: onboardingProviderKey, value: input.provider }]);

  try {
    if (!progress.user) {
      enter('creating-user');
      progress.user = await mutating.createUser(session());
    }

    if (caps.credential === 'minted-token' && !progress.credential) {
      enter('obtaining-credential');
      progress.credential = await mutating.mintCredential(withUser());
    }

    for (const [i, channel] of caps.otpChannels.entries()) {
      if (progress.verifiedChannels.includes(channel)) continue;
      if (step !== 'verifying-contact') enter('verifying-contact');
      challenge =
        i === 0 && caps.otpSentOnCreate
          ? { channel, expiresAt: iso(now() + toMs(caps.otpTtl)) }
          : await asUser(() => interactive.sendOtp(withUser(), channel));
      challengeExpired = false;
      const done = () =>
        !verifying && (progress.verifiedChannels.includes(channel) || progress.wrongCodes >= input.wait.otpMaxAttempts);
      // Wait for the right code; a timer marks the code expired so the status and the validator say so.
      while (!done()) {
        const remaining = progress.kycDeadlineAt - now();
        if (remaining <= 0) fail('OtpExpired', `the ${channel} code was not confirmed before the onboarding deadline`);
        const issued: OtpChallenge | undefined = challenge;
        const untilExpiry = challengeExpired || !issued ? remaining : Date.parse(issued.expiresAt) - now();
        const woke = await condition(() => done() || challenge !== issued, Math.max(1, Math.min(remaining, untilExpiry)));
        if (!woke && challenge === issued && issued && now() >= Date.parse(issued.expiresAt)) {
          challengeExpired = true;
          updatedAt = now();
        }
      }
      if (!progress.verifiedChannels.includes(channel)) {
        fail('OtpAttemptsExhausted', `${progress.wrongCodes} wrong ${channel} codes: the onboarding stops here`);
      }
    }

    if (!progress.kycVerified) {
      if (caps.kycStart && !progress.kycAccess) {
        enter('starting-kyc');
        progress.kycAccess = await asUser(() => mutating.startKyc(withUser()));
      }
      if (step !== 'awaiting-kyc') enter('awaiting-kyc'); // not again after a continue-as-new
      await awaitKyc();
    }

    if (!progress.holder?.ready) {
      enter('creating-holder');
      progress.holder = progress.holder ?? (await asUser(() => mutating.createHolder(withUser())));
      while (!progress.holder.ready) {
        if (progress.holder.failed) fail('HolderCreationFailed', `the provider could not create the ${progress.holder.kind}`);
        if (now() > progress.kycDeadlineAt) fail('HolderCreationFailed', `the ${progress.holder.kind} was not ready by the onboarding deadline`);
        await sleep(holderPollInterval);
        progress.holder = (await poll(() => polling.getHolder({ ...withUser(), holder: progress.holder! }))) ?? progress.holder;
      }
    }

    enter('creating-deposit-address');
    const deposit = await asUser(() => mutating.depositAddress({ ...withUser(), holder: progress.holder! }));
    depositAddress = deposit.address;
    enter('completed');
    await condition(allHandlersFinished);
    return {
      provider: input.provider,
      reference: input.reference,
      userId: progress.user.id,
      holder: { kind: progress.holder.kind, id: progress.holder.id },
      deposit,
      credential: caps.credential === 'minted-token' ? progress.credential : undefined,
      completedAt: iso(now()),
    };
  } catch (err) {
    if (isCancellation(err)) {
      await compensate();
      throw err;
    }
    if (step !== 'failed') {
      failure ??= describeFailure(err);
      enter('failed');
    }
    throw err;
  }

  /** Waits for KYC: a decision signal, the provider's status seen by polling, or the deadline. */
  async function awaitKyc(): Promise<void> {
    const pollMs = toMs(input.wait.kycPollInterval);
    let claim: KycDecision | undefined; // a VERIFIED claim, checked at the next successful poll
    for (;;) {
      const decision = pendingDecision;
      pendingDecision = undefined;
      if (decision?.decision === 'REJECTED') {
        fail('KycRejected', `KYC rejected${decision.decidedBy ? ` by ${decision.decidedBy}` : ''}: ${decision.reason ?? 'no reason given'}`);
      }
      claim = decision ?? claim;
      const observed = await poll(() => polling.getKycStatus(withUser()));
      if (observed) {
        kycObservation = observed;
        progress.kycChecks++;
        lastCheckedAt = now();
        updatedAt = now();
        if (observed.state === 'verified') {
          progress.kycVerified = true;
          return;
        }
        if (observed.state === 'rejected') {
          fail('KycRejected', `KYC rejected by the provider (${observed.providerStatus})${observed.reason ? `: ${observed.reason}` : ''}`);
        }
        if (claim) {
          unconfirmedClaim = `a VERIFIED claim by ${claim.decidedBy ?? 'support'} is not confirmed by the provider (${observed.providerStatus})`;
          claim = undefined;
        }
      }
      const remaining = progress.kycDeadlineAt - now();
      if (remaining <= 0) {
        fail('KycDeadlineExceeded', `KYC was not verified by the deadline ${iso(progress.kycDeadlineAt)}`);
      }
      await condition(() => pendingDecision !== undefined, Math.min(pollMs, remaining));
      // Weeks of polling would outgrow one history: carry the progress into a fresh run.
      if (workflowInfo().continueAsNewSuggested && pendingDecision === undefined) {
        await condition(allHandlersFinished);
        await continueAsNew<typeof onboarding>(input, progress);
      }
    }
  }

  /** On cancellation, undo what the provider allows to undo; errors are logged, not raised. */
  async function compensate(): Promise<void> {
    await CancellationScope.nonCancellable(async () => {
      if (progress.user && caps.canDeactivate) {
        enter('compensating');
        try {
          await mutating.deactivate(withUser());
        } catch (err) {
          log.error('compensation failed', { step: 'deactivate', error: describeFailure(err).message });
        }
      }
      failure = { type: 'OnboardingCancelled', message: 'the onboarding was cancelled' };
      enter('failed');
    });
  }
}

/** Durations are validated by the input schema (domain/inputs/common.ts). */
function toMs(duration: string): number {
  return msToNumber(duration as Duration);
}

function hasType(err: unknown, type: FailureType): boolean {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure && cause.type === type;
}

/** Failures a later attempt may not meet: retries ran out on a retryable error, or a timeout. */
function isTransient(err: unknown): boolean {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof TimeoutFailure || (cause instanceof ApplicationFailure && !cause.nonRetryable);
}

function describeFailure(err: unknown): { type: string; message: string } {
  const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
  if (cause instanceof ApplicationFailure) return { type: cause.type ?? 'ApplicationFailure', message: cause.message };
  return { type: 'Error', message: cause instanceof Error ? cause.message : String(cause) };
}
