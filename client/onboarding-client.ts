import { randomUUID } from 'node:crypto';
import {
  Client,
  Connection,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  defaultGrpcRetryOptions,
  isGrpcServiceError,
  isRetryableError,
  makeGrpcRetryInterceptor,
  type ClientInterceptors,
  type GrpcRetryOptions,
  type WorkflowExecutionDescription,
  type WorkflowHandle,
} from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { getGrpcStatusDetails, trimGrpcTypeUrl } from '@temporalio/client/lib/helpers';
import type { ServiceError } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import type { z } from 'zod';
import { dataConverter } from '../codec/data-converter';
import { assertProductionReady } from '../config/production';
import { temporalConfigFrom, temporalConnectionOptions, type TemporalConfig } from '../config/temporal';
import { inputIssues, parseOnboardingRequest, type OnboardingRequest } from '../domain/input';
import type { Actor } from '../domain/actor';
import {
  cancelRequestPayload,
  kycAccessPayload,
  kycDecisionPayload,
  resendOtpPayload,
  submitOtpPayload,
  supplyCredentialPayload,
  supportResolutionPayload,
} from '../domain/messages';
import type { OnboardingResult } from '../domain/onboarding';
import type { ProviderName } from '../domain/providers';
import { madeAtProviderSchema, madeMemoKey, restartMemoKey, type RestartOf } from '../domain/restart';
import { secret } from '../domain/secret';
import {
  cancelRequestedSignal,
  firstWaitUpdate,
  isFinalStep,
  issueKycAccessUpdate,
  kycDecisionSignal,
  resendOtpUpdate,
  notAwaited,
  resolveSupportUpdate,
  startedByMemoKey,
  statusQuery,
  submitOtpUpdate,
  supplyCredentialSignal,
  type FirstWait,
  type KycDecision,
  type OnboardingStatus,
  type OtpAnswer,
  type OtpSent,
  type SupportResolution,
} from '../workflows/definitions';
import {
  kycStatusKey,
  needsActionKey,
  onboardingProviderKey,
  onboardingStepKey,
  onboardingTenantKey,
  unscopedFairnessKey,
} from '../workflows/search-attributes';
import type { onboarding } from '../workflows/onboarding';
import { IdempotencyFingerprints } from './idempotency';
import { pollerCount, requireWorker } from './task-queue-probe';
import { isVisibilityValue, onboardingQuery, providerUserQuery, summaryOf, type OnboardingFilter, type OnboardingSummary } from './visibility-query';
import { isOnboardingId, referenceOf, workflowIdFor } from './workflow-ids';
import {
  IdempotencyKeyReused,
  InvalidOnboardingInput,
  InvalidOnboardingMessage,
  OnboardingAlreadyExists,
  OnboardingClosed,
  OnboardingOnHold,
  OnboardingNotFound,
  OnboardingRefused,
  ProviderUnavailableNow,
} from './errors';

/** Callers catch these by class, and name these types, from the client's module. */
export * from './errors';
export { workflowIdFor } from './workflow-ids';
export type { OnboardingFilter, OnboardingSummary } from './visibility-query';

/** Parses an outgoing message with its schema, or throws the field-level issues. */
function checked<T>(messageName: string, schema: z.ZodType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new InvalidOnboardingMessage(messageName, inputIssues(parsed.error));
  return parsed.data;
}

export type OnboardingOutcome = { status: 'completed'; result: OnboardingResult } | { status: 'failed'; type: string; message: string };

/** What support may answer an onboarding in `awaiting-support`, in words (resolveSupport). */
export interface SupportAnswer {
  decision: 'retry' | 'found';
  meaning: string;
  fields?: string[];
}

/** The status query plus what only the server knows: is it still running, which call is being retried. */
export interface OnboardingView extends Omit<OnboardingStatus, 'support'> {
  support?: NonNullable<OnboardingStatus['support']> & { answers: SupportAnswer[] };
  workflowId: string;
  running: boolean;
  pendingCall?: { activity: string; attempt: number; lastFailureType?: string };
}

/** An onboarding no worker can move: its workflow task failed `attempts` times, last for `cause` (NON_DETERMINISTIC_ERROR...). */
export interface StuckOnboarding {
  reference: string;
  workflowId: string;
  runId: string;
  attempts: number;
  cause: string;
}

export interface StartOptions {
  /** The tenant of the key that starts it (search attribute OnboardingTenant); a reference another tenant holds is refused. */
  tenant?: string;
  /** Who starts it; kept in the memo (encrypted) for the workflow's audit trail. */
  actor?: Actor;
  /** A retried start with the same key and request returns the same onboarding (see IdempotencyFingerprints). */
  idempotencyKey?: string;
}

export interface Started {
  workflowId: string;
  runId: string;
  /** False when an earlier start with the same Idempotency-Key and request already created it. */
  created: boolean;
}

/** A start that also waited for the first wait: `next` when reached in time, absent when the wait ran out. */
export interface StartAnswer extends Started {
  next?: FirstWait;
}

/** The onboarding failed before its first wait, mostly on the provider's refusal (a phone someone else holds): its failure type and the field it names, never the value. */
export class OnboardingFailedAtStart extends Error {
  constructor(
    readonly reference: string,
    readonly type: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'OnboardingFailedAtStart';
  }
}

/** The memo field a start writes with a fresh id, so that it knows afterwards whether it created the run or found it running. */
const startAttemptMemoKey = 'startAttempt';
/** A failed run's record of what it made at the provider, as a restart reads it. */
const madeAtProvider = madeAtProviderSchema();

/** How long a status query may take before the caller hears why (a worker that stopped answering). */
const queryDeadlineMs = 15_000;

/**
 * Someone waits for each call of this client (an HTTP caller, a CLI user): a passing outage is
 * retried for about half a second, not the SDK's 20 s, and a rate limit is not retried at all;
 * the caller is told to come back (the API's 503 and 429 with Retry-After).
 */
const grpcResourceExhausted = 8;
const grpcInvalidArgument = 3;
const grpcCancelled = 1;
const answerSoonRetries: GrpcRetryOptions = {
  delayFunction: defaultGrpcRetryOptions().delayFunction,
  retryableDecider: (attempt, status) => attempt < 3 && status.code !== grpcResourceExhausted && isRetryableError(status),
};
/** Codes a list answers when the page token is what it cannot read (the dev server's SQL visibility says UNKNOWN). */
const pageTokenRefusals = new Set([2 /* UNKNOWN */, 3 /* INVALID_ARGUMENT */, 11 /* OUT_OF_RANGE */, 13 /* INTERNAL */]);

/** The backend's typed entry point: start, observe, and drive onboardings. */
export class OnboardingClient {
  constructor(
    readonly client: Client,
    readonly taskQueue: string,
    private readonly fingerprints = new IdempotencyFingerprints(),
  ) {}

  /** Connects as configured (TLS, API key); in production mode, refuses development defaults first. */
  static async connect(
    config: TemporalConfig = temporalConfigFrom(),
    options: { connectTimeoutMs?: number; interceptors?: ClientInterceptors } = {},
  ): Promise<OnboardingClient> {
    assertProductionReady(process.env, 'payloads');
    const connection = await Connection.connect({
      ...temporalConnectionOptions(config),
      connectTimeout: options.connectTimeoutMs,
      interceptors: [makeGrpcRetryInterceptor(answerSoonRetries)],
    });
    const client = new Client({ connection, namespace: config.namespace, dataConverter: dataConverter(), interceptors: options.interceptors });
    return new OnboardingClient(client, config.taskQueue);
  }

  async close(): Promise<void> {
    await this.client.connection.close();
  }

  /**
   * Validates the request (field-level errors, nothing started when invalid) and starts the
   * onboarding. Id reuse policy ALLOW_DUPLICATE_FAILED_ONLY: a reference whose onboarding failed
   * (or was cancelled, terminated, timed out) may be started again, a completed one never (it
   * holds an account at the provider), a running one is never started twice.
   */
  async start(request: OnboardingRequest, options: StartOptions = {}): Promise<Started> {
    const plan = await this.planStart(request, options);
    if (plan.kind === 'repeat') return plan.earlier;
    try {
      const handle = await this.client.workflow.start<typeof onboarding>('onboarding', plan.workflowOptions());
      return { workflowId: plan.workflowId, runId: handle.firstExecutionRunId, created: true };
    } catch (err) {
      return plan.settle(err);
    }
  }

  /**
   * Starts as `start` does and, in the same call (Update-With-Start), waits up to `waitMs` for the
   * onboarding's first wait (update `firstWait`): a code sent, KYC, support. Answers `next` when
   * it came in time, no `next` past the wait (the onboarding goes on), and throws
   * OnboardingFailedAtStart when it failed first (the provider refused the person). A repeat of the same request
   * (same Idempotency-Key and body) gets the same answer from the same run.
   */
  async startAndAwaitFirstWait(request: OnboardingRequest, options: StartOptions & { waitMs: number }): Promise<StartAnswer> {
    const plan = await this.planStart(request, options);
    const reference = plan.reference;
    if (plan.kind === 'repeat') return { ...plan.earlier, ...(await this.firstWaitOf(reference, plan.earlier.runId, options.waitMs)) };
    const attempt = randomUUID();
    const operation = new WithStartWorkflowOperation<typeof onboarding>('onboarding', {
      ...plan.workflowOptions({ [startAttemptMemoKey]: attempt }),
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    const answer = await this.within(options.waitMs, () =>
      this.client.workflow.executeUpdateWithStart(firstWaitUpdate, { startWorkflowOperation: operation, args: [] }),
    ).catch((err: unknown) => ({ err }));
    const handle = await operation.workflowHandle().catch((err: unknown) => ({ err }));
    if ('err' in handle && !timedOut(handle.err)) return plan.settle(handle.err);
    // Cut by the wait before the server's answer: the start may have landed (then the run carries
    // this attempt), or not (then it is started plainly); either way answered without `next`.
    const run = 'err' in handle ? await this.describeLatest(plan.workflowId) : await handle.describe();
    if ('err' in handle && run?.memo?.[startAttemptMemoKey] !== attempt) return this.start(request, options);
    if (!run) throw new OnboardingNotFound(reference);
    const created = run.memo?.[startAttemptMemoKey] === attempt;
    // USE_EXISTING joined a run already running: ours only when it was started with the same key and request.
    const started = created
      ? { workflowId: plan.workflowId, runId: run.runId, created }
      : await plan.settle(new WorkflowExecutionAlreadyStartedError('joined a running onboarding', plan.workflowId, 'onboarding'));
    if ('err' in answer) return this.firstWaitFailure(reference, answer.err);
    return { ...started, ...(answer.value === undefined ? {} : { next: answer.value }) };
  }

  /**
   * What every start shares: the request judged (field-level errors, nothing started when invalid),
   * the reference's newest run read once, a repeat recognised by its idempotency fingerprint, and
   * the options of a new run. Id reuse policy ALLOW_DUPLICATE_FAILED_ONLY: a reference whose
   * onboarding failed (or was cancelled, terminated, timed out) may be started again, a completed
   * one never (it holds an account at the provider), a running one is never started twice.
   */
  private async planStart(request: OnboardingRequest, options: StartOptions) {
    const parsed = parseOnboardingRequest(request);
    if (!parsed.success) throw new InvalidOnboardingInput(parsed.issues);
    const reference = parsed.data.reference;
    const workflowId = workflowIdFor(reference);
    const { idempotencyKey, actor } = options;
    const replayed = async (latest?: WorkflowExecutionDescription): Promise<Started | undefined> => {
      if (idempotencyKey === undefined || !latest) return undefined;
      const match = this.fingerprints.compare(latest.memo?.idempotency, idempotencyKey, request);
      if (match === 'same-request') return { workflowId, runId: latest.runId, created: false };
      if (match === 'same-key-other-request') throw new IdempotencyKeyReused(reference);
      return undefined;
    };
    const latest = await this.describeLatest(workflowId);
    // A reference is one tenant's: another tenant's (or an unscoped) run is never replayed, restarted or adopted.
    if (latest && tenantOfRun(latest) !== options.tenant) throw new OnboardingAlreadyExists(reference);
    const earlier = await replayed(latest);
    if (earlier) return { kind: 'repeat' as const, reference, earlier };
    const restart = restartOfRun(latest);
    const workflowOptions = (memo: Record<string, unknown> = {}) => ({
      taskQueue: this.taskQueue,
      workflowId,
      args: [parsed.data] as [OnboardingRequest],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY' as const,
      // Its workflow tasks (an OTP's update, each activity's result) queue fairly between tenants, as its activities do.
      priority: { fairnessKey: options.tenant ?? unscopedFairnessKey },
      // The Web UI's title and details for it: ids and the flow, never the person (through the payload codec like any payload).
      ...webUiSummary(parsed.data),
      memo: {
        ...memo,
        ...(actor ? { [startedByMemoKey]: actor } : {}),
        ...(idempotencyKey !== undefined ? { idempotency: this.fingerprints.record(idempotencyKey, request) } : {}),
        ...(restart ? { [restartMemoKey]: restart } : {}),
      },
      // What the run shows at its first step: its first workflow task then has nothing to upsert.
      typedSearchAttributes: [
        { key: onboardingProviderKey, value: parsed.data.provider },
        { key: onboardingStepKey, value: 'creating-user' as const },
        { key: needsActionKey, value: 'none' as const },
        { key: kycStatusKey, value: 'none' },
        ...(options.tenant !== undefined ? [{ key: onboardingTenantKey, value: options.tenant }] : []),
      ],
    });
    /** A start the server refused: a too long reference, or a run that holds it (the same onboarding if the same key and request). */
    const settle = async (err: unknown): Promise<Started> => {
      if (workflowIdTooLong(err))
        throw new InvalidOnboardingInput([{ field: 'reference', message: 'is longer than the Temporal server accepts in a workflow id' }]);
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      // Another instance started it a moment ago with the same key and request: the same onboarding.
      const concurrent = await replayed(await this.describeLatest(workflowId));
      if (concurrent) return concurrent;
      throw new OnboardingAlreadyExists(reference);
    };
    return { kind: 'new' as const, reference, workflowId, workflowOptions, settle };
  }

  /** The first wait of a run already started (a repeated start): asked of a running one, read from the outcome of a closed one. */
  private async firstWaitOf(reference: string, runId: string, waitMs: number): Promise<{ next?: FirstWait }> {
    const handle = this.client.workflow.getHandle<typeof onboarding>(workflowIdFor(reference), runId);
    const { status } = await handle.describe();
    if (status.name === 'COMPLETED') return { next: { step: 'completed', needsAction: 'none', who: 'nobody' } };
    const answer = await this.within(waitMs, () =>
      status.name === 'RUNNING' ? handle.executeUpdate(firstWaitUpdate) : handle.result().then(() => undefined),
    ).catch((err: unknown) => ({ err }));
    if ('err' in answer) return this.firstWaitFailure(reference, answer.err);
    return answer.value === undefined ? {} : { next: answer.value };
  }

  /** A failed first wait: the provider's refusal, the run's own failure, or (anything else) the error as it is. */
  private firstWaitFailure(reference: string, err: unknown): never {
    const failure = err instanceof WorkflowUpdateFailedError || err instanceof WorkflowFailedError ? innermostApplicationFailure(err.cause) : undefined;
    if (!failure) throw err;
    const field = (failure.details?.[0] as { field?: string } | undefined)?.field;
    throw new OnboardingFailedAtStart(reference, failure.type ?? 'Failed', failure.message, field);
  }

  /** The call's value, or `{ value: undefined }` when `waitMs` ran out first (the call is abandoned: its answer is not needed). */
  private async within<T>(waitMs: number, call: () => Promise<T>): Promise<{ value: T | undefined }> {
    const signal = AbortSignal.timeout(Math.max(0, waitMs));
    try {
      return { value: await this.client.connection.withAbortSignal(signal, call) };
    } catch (err) {
      if (signal.aborted && timedOut(err)) return { value: undefined };
      throw err;
    }
  }

  /** The tenant an onboarding belongs to (undefined: unscoped); OnboardingNotFound when there is none. */
  async tenantOf(reference: string): Promise<string | undefined> {
    const latest = await this.describeLatest(workflowIdFor(reference));
    if (!latest) throw new OnboardingNotFound(reference);
    return tenantOfRun(latest);
  }

  /**
   * The request the newest run was started with (its first event's first argument), decoded: what
   * the person gave, for the console to show by role. A continued run starts with the normalised
   * input, which the request schema reads alike.
   */
  async startRequest(reference: string): Promise<unknown> {
    const execution = { workflowId: workflowIdFor(reference) };
    return this.translate(reference, async () => {
      const { history } = await this.client.workflowService.getWorkflowExecutionHistory({
        namespace: this.client.options.namespace,
        execution,
        maximumPageSize: 1,
      });
      const payloads = history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
      return decodeFromPayloadsAtIndex(this.client.options.loadedDataConverter, 0, payloads);
    });
  }

  /** The task queue an onboarding's newest run is on (the API's own, unless it was started elsewhere). */
  async taskQueueOf(reference: string): Promise<string> {
    const latest = await this.describeLatest(workflowIdFor(reference));
    if (!latest) throw new OnboardingNotFound(reference);
    return latest.taskQueue;
  }

  /** The newest run under a workflow id, or undefined when there is none (read from the run itself, not from visibility). */
  private async describeLatest(workflowId: string) {
    try {
      return await this.client.workflow.getHandle(workflowId).describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }

  /**
   * The status query plus the pending call. An onboarding that no worker has picked up yet, on a
   * task queue that no worker polls (a start on the wrong queue), could never answer: that is said
   * within seconds instead of after the server's query timeout.
   */
  async status(reference: string): Promise<OnboardingView> {
    const handle = this.handle(reference);
    return this.translate(reference, async () => {
      let description = await handle.describe();
      if (isHeld(description.raw)) throw new OnboardingOnHold(reference);
      const neverPickedUp = description.status.name === 'RUNNING' && description.historyLength <= 2;
      if (neverPickedUp) await requireWorker(this.client, description.taskQueue);
      const status = await this.client.connection.withDeadline(Date.now() + queryDeadlineMs, () => handle.query(statusQuery));
      // The run may have closed between the two reads. A query sees a final step only once the
      // server has the run's completion, so reading the run again then says it is not running.
      if (description.status.name === 'RUNNING' && isFinalStep(status.step)) description = await handle.describe();
      const pending = description.raw.pendingActivities?.[0];
      const { support, ...rest } = status;
      return {
        ...rest,
        ...(support ? { support: { ...support, answers: supportAnswers(support.needs) } } : {}),
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

  /** Workers polling a task queue for workflow tasks, as the server last saw them. */
  async pollerCount(taskQueue: string): Promise<number> {
    return pollerCount(this.client, taskQueue);
  }

  /**
   * Running onboardings whose workflow task keeps failing (a nondeterminism error, a bug in the
   * workflow): they do not move until a worker can run them. Temporal 1.32 marks such a workflow
   * with `TemporalReportedProblems` (after `system.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute`
   * failures in a row: 2 in our dynamic config, 5 by default), so only those are described; a
   * server without that search attribute (1.29) refuses the query, and every running onboarding is
   * described instead. The cause comes from the last failed task.
   */
  async stuck(): Promise<StuckOnboarding[]> {
    const namespace = this.client.options.namespace;
    const stuck: StuckOnboarding[] = [];
    for (const e of await this.maybeStuck()) {
      const execution = { workflowId: e.workflowId, runId: e.runId };
      const { pendingWorkflowTask } = await this.client.workflowService.describeWorkflowExecution({ namespace, execution });
      const attempts = pendingWorkflowTask?.attempt ?? 0;
      if (attempts < 2) continue;
      const { history } = await this.client.workflowService.getWorkflowExecutionHistoryReverse({ namespace, execution, maximumPageSize: 100 });
      const failed = history?.events?.find((event) => event.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes;
      const cause = failed?.cause ? temporal.api.enums.v1.WorkflowTaskFailedCause[failed.cause].replace('WORKFLOW_TASK_FAILED_CAUSE_', '') : 'UNKNOWN';
      stuck.push({ reference: referenceOf(e.workflowId), workflowId: e.workflowId, runId: e.runId, attempts, cause });
    }
    return stuck;
  }

  /** The running onboardings the server reports problems for, or every running one where it cannot say. */
  private async maybeStuck(): Promise<{ workflowId: string; runId: string }[]> {
    const running = `WorkflowType = 'onboarding' AND ExecutionStatus = 'Running'`;
    const list = async (query: string) => {
      const found: { workflowId: string; runId: string }[] = [];
      for await (const e of this.client.workflow.list({ query })) found.push({ workflowId: e.workflowId, runId: e.runId });
      return found;
    };
    try {
      return await list(`${running} AND TemporalReportedProblems IN ('category=WorkflowTaskFailed', 'category=WorkflowTaskTimedOut')`);
    } catch (err) {
      if (!unknownSearchAttribute(err, 'TemporalReportedProblems')) throw err;
      return list(running);
    }
  }

  /** Onboardings filtered by their search attributes, newest first, one page at a time (Temporal visibility). */
  async list(
    filter: OnboardingFilter = {},
    page: { pageSize?: number; pageToken?: string } = {},
  ): Promise<{ onboardings: OnboardingSummary[]; nextPageToken?: string }> {
    const request = { namespace: this.client.options.namespace, query: onboardingQuery(filter), pageSize: page.pageSize ?? 20 };
    const response = await this.client.workflowService
      .listWorkflowExecutions({ ...request, nextPageToken: page.pageToken ? Buffer.from(page.pageToken, 'base64url') : undefined })
      .catch((err: unknown) => this.blamePageToken(err, request, page.pageToken));
    const onboardings = (response.executions ?? []).map(summaryOf);
    const token = response.nextPageToken && response.nextPageToken.length > 0 ? Buffer.from(response.nextPageToken).toString('base64url') : undefined;
    return { onboardings, nextPageToken: token };
  }

  /**
   * A list refused with a page token: the server does not say whether the token or the query was
   * at fault, so the same query is asked again without the token. If that is answered, the token
   * was (one this server never issued); otherwise the first error stands.
   */
  private async blamePageToken(err: unknown, request: { namespace: string; query: string }, pageToken: string | undefined): Promise<never> {
    if (pageToken === undefined || !isGrpcServiceError(err) || !pageTokenRefusals.has(err.code)) throw err;
    const withoutToken = await this.client.workflowService.listWorkflowExecutions({ ...request, pageSize: 1 }).then(
      () => true,
      () => false,
    );
    if (withoutToken) throw new InvalidOnboardingInput([{ field: 'pageToken', message: 'is not a page token this server issued' }], 'page request');
    throw err;
  }

  /** The running onboarding of a provider's user (search attribute ProviderUserId, set by the workflow once the user exists). */
  async findByProviderUserId(provider: ProviderName, userId: string): Promise<string | undefined> {
    if (!isVisibilityValue(userId)) return undefined;
    const response = await this.client.workflowService.listWorkflowExecutions({
      namespace: this.client.options.namespace,
      query: providerUserQuery(provider, userId),
      pageSize: 2,
    });
    const workflowId = response.executions?.[0]?.execution?.workflowId;
    return workflowId && isOnboardingId(workflowId) ? referenceOf(workflowId) : undefined;
  }

  /**
   * Records a KYC decision. With an actor (the API's principal, a webhook), `decidedBy` is the
   * actor's id whatever the caller wrote: nobody can sign a decision in someone else's name.
   */
  async decideKyc(reference: string, decision: KycDecision, actor?: Actor, deliveryId?: string): Promise<void> {
    const payload = checked('kycDecision', kycDecisionPayload, {
      ...decision,
      ...(actor ? { decidedBy: actor.id, actor } : {}),
      ...(deliveryId ? { deliveryId } : {}),
    });
    await this.translate(reference, () => this.handle(reference).signal(kycDecisionSignal, payload));
  }

  async submitOtp(reference: string, code: string, actor?: Actor): Promise<OtpAnswer> {
    const payload = checked('submitOtp', submitOtpPayload, { code, ...(actor ? { actor } : {}) });
    return this.translate(reference, () => this.handle(reference).executeUpdate(submitOtpUpdate, { args: [payload] }));
  }

  async resendOtp(reference: string, actor?: Actor): Promise<OtpSent> {
    const payload = checked('resendOtp', resendOtpPayload, actor ? { actor } : {});
    return this.translate(reference, () => this.handle(reference).executeUpdate(resendOtpUpdate, { args: [payload] }));
  }

  /** Hands the onboarding a fresh credential for the person (Sumvin: their new JWT). */
  async supplyCredential(reference: string, credential: string, actor?: Actor): Promise<void> {
    const payload = checked('supplyCredential', supplyCredentialPayload, { credential: secret(credential), ...(actor ? { actor } : {}) });
    await this.translate(reference, () => this.handle(reference).signal(supplyCredentialSignal, payload));
  }

  /** What the person's KYC app needs now: the URL, or a freshly minted app token (Sumvin); never stored by the workflow. */
  async issueKycAccess(reference: string, actor?: Actor) {
    const payload = checked('issueKycAccess', kycAccessPayload, actor ? { actor } : {});
    return this.translate(reference, () => this.handle(reference).executeUpdate(issueKycAccessUpdate, { args: [payload] }));
  }

  /** Support's answer for an onboarding waiting in `awaiting-support`: nothing was created, or here are the ids. */
  async resolveSupport(reference: string, resolution: SupportResolution, actor?: Actor) {
    const payload = checked('resolveSupport', supportResolutionPayload, { ...resolution, ...(actor ? { actor } : {}) });
    return this.translate(reference, () => this.handle(reference).executeUpdate(resolveSupportUpdate, { args: [payload] }));
  }

  /** Cancels a running onboarding (who asked is recorded first); one that has already ended is refused with OnboardingClosed. */
  async cancel(reference: string, actor?: Actor, reason?: string): Promise<void> {
    const handle = this.handle(reference);
    const request = checked('cancelRequested', cancelRequestPayload, { ...(actor ? { actor } : {}), ...(reason ? { reason } : {}) });
    await this.translate(reference, async () => {
      const { status } = await handle.describe();
      if (status.name !== 'RUNNING') throw new OnboardingClosed(reference, status.name);
      if (actor) await handle.signal(cancelRequestedSignal, request);
      await handle.cancel();
    });
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
      if (err instanceof WorkflowUpdateFailedError) {
        const message = refusal(err.cause?.message ?? err.message);
        throw passing(err.cause) ? new ProviderUnavailableNow(message) : new OnboardingRefused(message);
      }
      // A held onboarding refuses updates and queries in the server's words: say it plainly.
      const held = await this.handle(reference)
        .describe()
        .then((d) => isHeld(d.raw))
        .catch(() => false);
      if (held) throw new OnboardingOnHold(reference);
      throw err;
    }
  }
}

/** Paused by an operator (Workflow Pause, server 1.32 with frontend.WorkflowPauseEnabled): a compliance hold. */
function isHeld(description: temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse): boolean {
  return description.workflowExecutionInfo?.status === temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_PAUSED;
}

/**
 * The server's id length limit (`limit.maxIDLength`) refused the workflow id: the only part of it
 * the caller chose is the reference. Temporal says so only in words ("WorkflowId length exceeds limit.").
 */
/** Temporal's refusal of a long workflow id, as 1.29 and as 1.32 word it. */
function workflowIdTooLong(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    if (isGrpcServiceError(e) && e.code === grpcInvalidArgument)
      return grpcMessages(e).some((m) => /^WorkflowId (length exceeds limit|exceeds maximum allowed length)/.test(m));
  }
  return false;
}

/** A list refused because the server has no such search attribute (an older server: 1.29 has no `TemporalReportedProblems`). */
function unknownSearchAttribute(err: unknown, name: string): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    if (isGrpcServiceError(e) && e.code === grpcInvalidArgument) return (e.details ?? '').includes(name);
  }
  return false;
}

/** A gRPC error's message and, for a multi-operation (Update-With-Start), each operation's own. */
function grpcMessages(err: ServiceError): string[] {
  const operations = (getGrpcStatusDetails(err) ?? [])
    .filter((d) => d.type_url && d.value && trimGrpcTypeUrl(d.type_url) === 'temporal.api.errordetails.v1.MultiOperationExecutionFailure')
    .flatMap((d) => temporal.api.errordetails.v1.MultiOperationExecutionFailure.decode(d.value!).statuses.map((st) => st.message ?? ''));
  return [err.details, ...operations];
}

/** A call our own abort signal cut (gRPC CANCELLED, or the abort itself before the call went out). */
function timedOut(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ((isGrpcServiceError(e) && e.code === grpcCancelled) || e.name === 'AbortError' || e.name === 'TimeoutError') return true;
  }
  return false;
}

/** The ApplicationFailure a failed update or run carries, under an activity failure where there is one. */
function innermostApplicationFailure(cause: Error | undefined): ApplicationFailure | undefined {
  if (cause instanceof ApplicationFailure) return cause;
  return cause?.cause instanceof ApplicationFailure ? cause.cause : undefined;
}

function supportAnswers(needs: string[]): SupportAnswer[] {
  return [
    { decision: 'retry', meaning: 'you checked at the provider and nothing was created: the onboarding makes the call again' },
    {
      decision: 'found',
      meaning: `it was created: give ${needs.join(', ') || 'its ids'} as the provider shows them, and the onboarding goes on with it`,
      fields: needs,
    },
  ];
}

/** A provider call in the handler that failed its retries on an outage (retryable, or timed out): not the message's fault. */
function passing(cause: Error | undefined): boolean {
  if (!(cause instanceof ActivityFailure)) return false;
  return cause.cause instanceof TimeoutFailure || (cause.cause instanceof ApplicationFailure && !cause.cause.nonRetryable);
}

/** An update the onboarding is not waiting for has no handler: say why in our words, not the SDK's. */
function refusal(message: string): string {
  const unhandled = /^No registered handler for update: (\w+)$/.exec(message);
  return (unhandled && notAwaited[unhandled[1]]) || message;
}

/** The onboarding's static summary and details in the Web UI. */
function webUiSummary(input: OnboardingRequest): { staticSummary: string; staticDetails: string } {
  const accountType = 'accountType' in input ? ` (${String(input.accountType)})` : '';
  return {
    staticSummary: `${input.provider}${accountType} onboarding ${input.reference}`,
    staticDetails: `provider: ${input.provider}${accountType}\n\nreference: ${input.reference}`,
  };
}

function tenantOfRun(run: WorkflowExecutionDescription): string | undefined {
  const value = run.typedSearchAttributes.get(onboardingTenantKey);
  return typeof value === 'string' ? value : undefined;
}

/**
 * A failed run (failed, cancelled, terminated, timed out) hands what it made at the provider to
 * the run that starts its reference again (workflows/restart.ts decides what is adopted).
 */
function restartOfRun(latest: WorkflowExecutionDescription | undefined): RestartOf | undefined {
  if (!latest || latest.status.name === 'RUNNING' || latest.status.name === 'COMPLETED') return undefined;
  const made = madeAtProvider.safeParse(latest.memo?.[madeMemoKey]);
  return made.success ? { runId: latest.runId, made: made.data } : undefined;
}
