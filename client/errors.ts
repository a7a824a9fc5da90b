import { describeIssues, type InputIssue } from '../domain/issues';

/**
 * What the client library answers when an onboarding cannot do what was asked. Kept apart from
 * the client itself (which loads the Temporal SDK) so the CLI can tell them apart without it.
 */

/** The input was refused before anything was started; `issues` name each bad field. */
export class InvalidOnboardingInput extends Error {
  constructor(
    readonly issues: InputIssue[],
    what = 'onboarding input',
  ) {
    super(`invalid ${what}: ${describeIssues(issues)}`);
  }
}

/** A signal or update payload refused by the client: it was never sent. */
export class InvalidOnboardingMessage extends InvalidOnboardingInput {
  constructor(
    readonly messageName: string,
    issues: InputIssue[],
  ) {
    super(issues, `${messageName} message`);
  }
}

/** The reference is held by a running or completed onboarding (a failed one may be started again). */
export class OnboardingAlreadyExists extends Error {
  constructor(readonly reference: string) {
    super(`an onboarding with reference "${reference}" already exists`);
  }
}

/** The Idempotency-Key was already used for this reference with a different request. */
export class IdempotencyKeyReused extends Error {
  constructor(readonly reference: string) {
    super(`the Idempotency-Key was already used to start "${reference}" with a different request`);
  }
}

/** Nobody serves the onboarding's task queue, so it cannot make progress nor answer a query. */
export class NoWorkerPolling extends Error {
  constructor(readonly taskQueue: string) {
    super(`no worker is polling task queue "${taskQueue}" (start one with ONBOARDING_TASK_QUEUE=${taskQueue}, or use the task queue your worker polls)`);
  }
}

export class OnboardingNotFound extends Error {
  constructor(readonly reference: string) {
    super(`no onboarding with reference "${reference}"`);
  }
}

/** A message for an onboarding that has already ended. */
export class OnboardingClosed extends Error {
  constructor(
    readonly reference: string,
    readonly status: string,
  ) {
    super(`the onboarding "${reference}" has already ended (${status.toLowerCase()})`);
  }
}

/** An onboarding under a hold (Workflow Pause, docs/runbooks.md) answers no query and takes no update until it is released. */
export class OnboardingOnHold extends Error {
  constructor(readonly reference: string) {
    super(`the onboarding "${reference}" is on hold: it answers again once an operator releases it`);
  }
}

/** The workflow refused a message (a malformed OTP, no code awaited now). */
export class OnboardingRefused extends Error {}

/** The onboarding would act on the message, but the provider did not answer in time: the same message may succeed shortly. */
export class ProviderUnavailableNow extends OnboardingRefused {}
