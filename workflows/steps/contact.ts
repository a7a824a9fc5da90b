import { condition, setHandler } from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common/lib/time';
import type { Duration } from '@temporalio/common';
import type { OtpChallenge } from '../../domain/onboarding';
import type { OtpChannel } from '../../domain/providers';
import { messageProblem, messageSchemas } from '../../domain/message-schemas';
import { described, notAwaited, resendOtpUpdate, submitOtpUpdate, type OtpAnswer, type OtpSent } from '../definitions';
import { whileAwaiting } from '../awaited-updates';
import { asUser, renewCredential } from '../credential';
import { raise } from '../events';
import { resendsLeft } from '../status';
import type { OnboardingRun } from '../run';

/**
 * Proves each contact channel the provider requires with a code: the person submits it
 * (update `submitOtp`), may ask for a new one (`resendOtp`, limited and spaced out), and a timer
 * marks a code expired so the status and the validator say so.
 */
export async function verifyContact(run: OnboardingRun): Promise<void> {
  const { state } = run;
  for (const [i, channel] of run.caps.otpChannels.entries()) {
    if (state.contact.verified.includes(channel)) continue;
    if (run.step !== 'verifying-contact') run.enter('verifying-contact');
    const first =
      i === 0 && run.caps.otpSentOnCreate && !state.restart?.adoptedUser // an adopted user's first code went to the earlier run
        ? { channel, expiresAt: new Date(Date.now() + msToNumber(run.caps.otpTtl as Duration)).toISOString() }
        : await asUser(run, () => run.activities.interactive.sendOtp(run.withUser('sendOtp'), channel));
    issued(run, first);
    raise(run, { type: 'onboarding.otp_required', data: { userId: state.user!.id, channel, expiresAt: first.expiresAt } });
    await whileAwaiting(
      [submitOtpUpdate, resendOtpUpdate],
      () => acceptCodes(run),
      () => awaitCode(run, channel),
    );
    if (!state.contact.verified.includes(channel)) {
      run.fail('OtpAttemptsExhausted', `${state.contact.wrongCodes} wrong ${channel} codes: the onboarding stops here`);
    }
  }
}

function issued(run: OnboardingRun, challenge: OtpChallenge): void {
  run.challenge = challenge;
  run.challengeSentAt = Date.now();
  run.challengeExpired = false;
  run.touch();
}

/** Waits for the right code, the end of the attempts, or the deadline; marks the code expired on time. */
async function awaitCode(run: OnboardingRun, channel: OtpChannel): Promise<void> {
  const { state } = run;
  const done = () => !run.otpBusy && (state.contact.verified.includes(channel) || state.contact.wrongCodes >= run.wait.otpMaxAttempts);
  while (!done()) {
    const remaining = state.kycDeadlineAt - Date.now();
    if (remaining <= 0) run.fail('OtpExpired', `the ${channel} code was not confirmed before the onboarding deadline`);
    const current = run.challenge;
    const untilExpiry = run.challengeExpired || !current ? remaining : Date.parse(current.expiresAt) - Date.now();
    const summary = untilExpiry < remaining ? `${channel} OTP code expiry` : 'onboarding deadline';
    const woke = await condition(() => done() || run.challenge !== current || run.credentialExpired, Math.max(1, Math.min(remaining, untilExpiry)), {
      summary,
    });
    if (run.credentialExpired) await renewCredential(run); // an update met an expired JWT and could not wait for a new one
    if (!woke && run.challenge === current && current && Date.now() >= Date.parse(current.expiresAt)) {
      run.challengeExpired = true;
      run.touch();
    }
  }
}

/** The person's code and their requests for a new one, while a code is awaited; one at a time, so no answer is superseded. */
function acceptCodes(run: OnboardingRun): void {
  setHandler(submitOtpUpdate, (message) => submit(run, message.code, message.actor), {
    ...described(submitOtpUpdate),
    validator: (message) => {
      refuseWhenNotAwaited(run);
      const parsed = messageSchemas.submitOtp(run.caps.otpLength).safeParse(message);
      if (!parsed.success) throw new Error(messageProblem(parsed.error));
      if (run.challengeExpired) throw new Error('the code expired: request a new one (resend)');
    },
  });
  setHandler(resendOtpUpdate, (message) => resend(run, message?.actor), {
    ...described(resendOtpUpdate),
    validator: (message) => {
      refuseWhenNotAwaited(run);
      const parsed = messageSchemas.resendOtp().safeParse(message);
      if (!parsed.success) throw new Error(messageProblem(parsed.error));
      if (resendsLeft(run) === 0) throw new Error(`no more new codes: ${run.wait.otpMaxResends} were sent already`);
      // While the code is alive, a new one waits for the cooldown; once it expired, at once.
      const notBefore = (run.challengeSentAt ?? 0) + run.wait.otpResendCooldownMs;
      if (!run.challengeExpired && Date.now() < notBefore) throw new Error(`a new code can be sent from ${new Date(notBefore).toISOString()}`);
    },
  });
}

function refuseWhenNotAwaited(run: OnboardingRun): void {
  if (run.step !== 'verifying-contact' || !run.challenge) throw new Error(notAwaited.submitOtp);
  if (run.otpBusy) throw new Error('a code is being checked or sent; wait for its answer');
}

async function submit(run: OnboardingRun, code: string, actor: Parameters<OnboardingRun['audit']>[1]): Promise<OtpAnswer> {
  const { state } = run;
  const { interactive } = run.activities;
  const current = run.challenge!;
  const channel = current.channel;
  run.otpBusy = true;
  try {
    const answer = await asUser(run, () => interactive.verifyOtp({ ...run.withUser('verifyOtp'), challenge: current }, code), true);
    run.audit('otp-submitted', actor, answer.accepted ? `${channel} accepted` : `${channel} ${answer.reason}`);
    if (answer.accepted) {
      state.contact.verified.push(channel);
      if (answer.credential) state.credential = answer.credential;
      run.challenge = undefined;
      return { accepted: true, channel };
    }
    if (answer.reason === 'expired') run.challengeExpired = true;
    else state.contact.wrongCodes++;
    const attemptsLeft = Math.max(0, run.wait.otpMaxAttempts - state.contact.wrongCodes);
    // The provider gave up on this code while our own limit is not reached: issue a new one.
    const providerGaveUp = answer.reason === 'wrong-code' && answer.attemptsLeft === 0;
    if (providerGaveUp && attemptsLeft > 0 && run.patched('otp-reissue-at-provider-limit')) {
      issued(run, await asUser(run, () => interactive.sendOtp(run.withUser('sendOtp'), channel), true));
      return { accepted: false, channel, reason: answer.reason, attemptsLeft, reissued: true };
    }
    return { accepted: false, channel, reason: answer.reason, attemptsLeft };
  } finally {
    run.otpBusy = false;
  }
}

async function resend(run: OnboardingRun, actor: Parameters<OnboardingRun['audit']>[1]): Promise<OtpSent> {
  const channel = run.challenge!.channel;
  run.otpBusy = true;
  try {
    const challenge = await asUser(run, () => run.activities.interactive.sendOtp(run.withUser('sendOtp'), channel), true);
    issued(run, challenge);
    const resends = run.state.contact.resends;
    resends[channel] = (resends[channel] ?? 0) + 1;
    run.audit('otp-resent', actor, channel);
    return { channel, expiresAt: challenge.expiresAt, sentTo: challenge.sentTo, resendsLeft: resendsLeft(run) };
  } finally {
    run.otpBusy = false;
  }
}
