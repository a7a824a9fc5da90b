import {
  Client,
  Connection,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { dataConverter } from '../codec/data-converter';
import { assertProductionReady } from '../config/production';
import { temporalConfigFrom, temporalConnectionOptions, type TemporalConfig } from '../config/temporal';
import { describeIssues, inputIssues, parseOnboardingRequest, type InputIssue, type OnboardingRequest } from '../domain/input';
import { kycDecisionPayload, submitOtpPayload, supplyCredentialPayload } from '../domain/messages';
import type { OnboardingResult } from '../domain/onboarding';
import { secret } from '../domain/secret';
import {
  issueKycAccessUpdate,
  kycAccessQuery,
  kycDecisionSignal,
  resolveSupportUpdate,
  resendOtpUpdate,
  statusQuery,
  submitOtpUpdate,
  supplyCredentialSignal,
  type KycDecision,
  type OnboardingStatus,
  type OtpAnswer,
  type OtpSent,
  type SupportResolution,
} from '../workflows/definitions';
import { onboardingProviderKey, onboardingStepKey } from '../workflows/search-attributes';
import type { onboarding } from '../workflows/onboarding';

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

/** Parses an outgoing message with its schema, or throws the field-level issues. */
function checked<T>(messageName: string, schema: z.ZodType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new InvalidOnboardingMessage(messageName, inputIssues(parsed.error));
  return parsed.data;
}

export class OnboardingAlreadyExists extends Error {
  constructor(readonly reference: string) {
    super(`an onboarding with reference "${reference}" already exists`);
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

/** The workflow refused a message (a malformed OTP, no code awaited now). */
export class OnboardingRefused extends Error {}

export type OnboardingOutcome =
  | { status: 'completed'; result: OnboardingResult }
  | { status: 'failed'; type: string; message: string };

/** The status query plus what only the server knows: is it still running, which call is being retried. */
export interface OnboardingView extends OnboardingStatus {
  workflowId: string;
  running: boolean;
  pendingCall?: { activity: string; attempt: number; lastFailureType?: string };
}

/** The id of the onboarding's workflow: from the caller's reference only, never from PII. */
export function workflowIdFor(reference: string): string {
  return `onboarding-${reference}`;
}

/** The backend's typed entry point: start, observe, and drive onboardings. */
export class OnboardingClient {
  constructor(
    readonly client: Client,
    readonly taskQueue: string,
  ) {}

  /** Connects as configured (TLS, API key); in production mode, refuses development defaults first. */
  static async connect(config: TemporalConfig = temporalConfigFrom()): Promise<OnboardingClient> {
    assertProductionReady();
    const connection = await Connection.connect(temporalConnectionOptions(config));
    const client = new Client({ connection, namespace: config.namespace, dataConverter: dataConverter() });
    return new OnboardingClient(client, config.taskQueue);
  }

  async close(): Promise<void> {
    await this.client.connection.close();
  }

  /** Validates the request (field-level errors, nothing started when invalid) and starts the onboarding. */
  async start(request: OnboardingRequest): Promise<{ workflowId: string; runId: string }> {
    const parsed = parseOnboardingRequest(request);
    if (!parsed.success) throw new InvalidOnboardingInput(parsed.issues);
    const workflowId = workflowIdFor(parsed.data.reference);
    try {
      const handle = await this.client.workflow.start<typeof onboarding>('onboarding', {
        taskQueue: this.taskQueue,
        workflowId,
        args: [parsed.data],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: onboardingProviderKey, value: parsed.data.provider },
          { key: onboardingStepKey, value: 'creating-user' },
        ],
      });
      return { workflowId, runId: handle.firstExecutionRunId };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw new OnboardingAlreadyExists(parsed.data.reference);
      throw err;
    }
  }

  async status(reference: string): Promise<OnboardingView> {
    const handle = this.handle(reference);
    return this.translate(reference, async () => {
      const [status, description] = await Promise.all([handle.query(statusQuery), handle.describe()]);
      const pending = description.raw.pendingActivities?.[0];
      return {
        ...status,
        workflowId: handle.workflowId,
        running: description.status.name === 'RUNNING',
        pendingCall: pending
          ? {
              activity: pending.activityType?.name ?? 'unknown',
              attempt: pending.attempt ?? 1,
              lastFailureType: pending.lastFailure?.applicationFailureInfo?.type ?? undefined,
            }
          : undefined,
      };
    });
  }

  async decideKyc(reference: string, decision: KycDecision): Promise<void> {
    const payload = checked('kycDecision', kycDecisionPayload, decision);
    await this.translate(reference, () => this.handle(reference).signal(kycDecisionSignal, payload));
  }

  async submitOtp(reference: string, code: string): Promise<OtpAnswer> {
    const payload = checked('submitOtp', submitOtpPayload, { code });
    return this.translate(reference, () => this.handle(reference).executeUpdate(submitOtpUpdate, { args: [payload] }));
  }

  async resendOtp(reference: string): Promise<OtpSent> {
    return this.translate(reference, () => this.handle(reference).executeUpdate(resendOtpUpdate, { args: [{}] }));
  }

  /** Hands the onboarding a fresh credential for the person (Sumvin: their new JWT). */
  async supplyCredential(reference: string, credential: string): Promise<void> {
    const payload = checked('supplyCredential', supplyCredentialPayload, { credential: secret(credential) });
    await this.translate(reference, () => this.handle(reference).signal(supplyCredentialSignal, payload));
  }

  /** The identification URL the person completes KYC at, once KYC has started. */
  async kycAccess(reference: string) {
    return this.translate(reference, () => this.handle(reference).query(kycAccessQuery));
  }

  /** What the person's KYC app needs now: the URL, or a freshly minted app token (Sumvin). */
  async issueKycAccess(reference: string) {
    return this.translate(reference, () => this.handle(reference).executeUpdate(issueKycAccessUpdate, { args: [{}] }));
  }

  /** Support's answer for an onboarding waiting in `awaiting-support`: nothing was created, or here are the ids. */
  async resolveSupport(reference: string, resolution: SupportResolution) {
    return this.translate(reference, () => this.handle(reference).executeUpdate(resolveSupportUpdate, { args: [resolution] }));
  }

  async cancel(reference: string): Promise<void> {
    await this.translate(reference, () => this.handle(reference).cancel());
  }

  /** Waits for the end of the onboarding; a business failure (KYC rejected, deadline) is an outcome, not an exception. */
  async result(reference: string): Promise<OnboardingOutcome> {
    try {
      return { status: 'completed', result: await this.translate(reference, () => this.handle(reference).result()) };
    } catch (err) {
      if (!(err instanceof WorkflowFailedError)) throw err;
      const cause = err.cause instanceof ApplicationFailure ? err.cause : undefined;
      const inner = cause ?? (err.cause?.cause instanceof ApplicationFailure ? err.cause.cause : undefined);
      return {
        status: 'failed',
        type: inner?.type ?? err.cause?.name ?? 'Failed',
        message: inner?.message ?? err.cause?.message ?? err.message,
      };
    }
  }

  handle(reference: string): WorkflowHandle<typeof onboarding> {
    return this.client.workflow.getHandle<typeof onboarding>(workflowIdFor(reference));
  }

  private async translate<T>(reference: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        // The server says "not found" for a message to a closed workflow too: tell the two apart.
        const status = await this.handle(reference)
          .describe()
          .then((d) => d.status.name)
          .catch(() => undefined);
        throw status ? new OnboardingClosed(reference, status) : new OnboardingNotFound(reference);
      }
      if (err instanceof WorkflowUpdateFailedError) throw new OnboardingRefused(err.cause?.message ?? err.message);
      throw err;
    }
  }
}
