import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  isCancellation,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { DepositAddress, OnboardingResult } from '../domain/onboarding';
import type { ProviderName } from '../domain/providers';
import { messageSchemas } from '../domain/message-schemas';
import type { FailureType } from '../domain/failures';
import { cancelRequestedSignal, described, statusQuery, type OnboardingStatus } from './definitions';
import { acceptSuppliedCredentials } from './credential';
import { deliverEvents, eventsDelivered, raise } from './events';
import { describeFailure } from './failures';
import { answerFirstWait, type FirstWaitWatch } from './first-wait';
import { prepare } from './prepare';
import { recordMade } from './restart';
import { OnboardingRun } from './run';
import { onboardingProviderKey } from './search-attributes';
import type { LegacyProgress, OnboardingState } from './state';
import { statusOf } from './status';
import { createDepositAddress } from './steps/address';
import { compensate } from './steps/compensation';
import { verifyContact } from './steps/contact';
import { acceptKycMessages, verifyIdentity } from './steps/kyc';
import { createHolder } from './steps/holder';
import { createUser } from './steps/user';

/**
 * One onboarding, from a new person to a deposit address. The steps follow the provider's
 * capabilities; each step records what it achieved in the run's state, so a step already done
 * is skipped after a continue-as-new and the history stays small.
 *
 * `request` is the caller's raw request at the first run, the normalised input after that;
 * `carried` is the state a continue-as-new hands over.
 */
export async function onboarding(request: unknown, carried?: OnboardingState | LegacyProgress): Promise<OnboardingResult> {
  setHandler(statusQuery, () => provisionalStatus(request, 'creating-user'), described(statusQuery));
  const watch: FirstWaitWatch = {};
  answerFirstWait(watch); // before the first await: Update-With-Start delivers it in the first task
  const prepared = await prepare(request, carried);
  if ('invalid' in prepared) refuse(request, `invalid onboarding input: ${prepared.invalid}`);
  const run = new OnboardingRun(prepared.input, prepared.state, prepared.patches);
  watch.run = run;
  if (prepared.eventsEnabled && run.patched('backend-events')) run.state.events = { sequence: 0, pending: [] };
  listen(run);
  deliverEvents(run);
  if (!carried) run.audit('started', startedBy());
  if (prepared.adopted) run.audit('restarted', undefined, prepared.adopted);
  recordMade(run);
  if (!run.publisher) upsertSearchAttributes([{ key: onboardingProviderKey, value: run.input.provider }]);
  try {
    await createUser(run);
    await verifyContact(run);
    await verifyIdentity(run);
    await createHolder(run);
    const deposit = await createDepositAddress(run);
    run.enter('completed');
    const { user, holder } = run.state;
    raise(run, { type: 'onboarding.completed', data: { userId: user!.id, holderKind: holder!.kind, holderId: holder!.id } });
    await condition(allHandlersFinished);
    await eventsDelivered(run);
    run.publisher?.flush();
    return resultOf(run, deposit);
  } catch (err) {
    watch.failedWith = err;
    return end(run, err);
  }
}

/**
 * The queries and signals the onboarding answers, registered before its first step. Updates are
 * registered by the step that waits for them, only while it waits (workflows/awaited-updates.ts).
 */
function listen(run: OnboardingRun): void {
  setHandler(statusQuery, () => statusOf(run), described(statusQuery));
  acceptKycMessages(run);
  acceptSuppliedCredentials(run);
  setHandler(
    cancelRequestedSignal,
    (message) => {
      const parsed = messageSchemas.cancelRequest().safeParse(message);
      if (parsed.success) run.audit('cancel-requested', parsed.data.actor, parsed.data.reason);
    },
    described(cancelRequestedSignal),
  );
}

function resultOf(run: OnboardingRun, deposit: DepositAddress): OnboardingResult {
  const { user, holder } = run.state;
  return {
    provider: run.input.provider,
    reference: run.input.reference,
    userId: user!.id,
    holder: { kind: holder!.kind, id: holder!.id },
    deposit,
    completedAt: new Date(Date.now()).toISOString(),
  };
}

/** A failure ends in a clear `failed` step; a cancellation undoes what the provider allows first. */
async function end(run: OnboardingRun, err: unknown): Promise<never> {
  if (isCancellation(err)) {
    await compensate(run);
  } else if (run.step !== 'failed') {
    run.failure ??= describeFailure(err);
    run.enter('failed');
  }
  raise(run, { type: 'onboarding.failed', data: { failureType: run.failure?.type ?? describeFailure(err).type } });
  // Not cancellable: a cancelled onboarding still lets its handlers answer and its events go out.
  if (run.patched('finish-handlers-on-failure')) await CancellationScope.nonCancellable(() => condition(allHandlersFinished));
  await eventsDelivered(run);
  run.publisher?.flush();
  throw err;
}

/** Who started the onboarding, as the API wrote it in the memo (absent for older clients). */
function startedBy() {
  const parsed = messageSchemas.actor().safeParse(workflowInfo().memo?.startedBy);
  return parsed.success ? parsed.data : undefined;
}

/** Refused at the first run (started around the client): the status still answers, with the reason. */
function refuse(request: unknown, message: string): never {
  setHandler(statusQuery, () => ({ ...provisionalStatus(request, 'failed'), failure: { type: 'InvalidInput', message } }), described(statusQuery));
  throw ApplicationFailure.create({ type: 'InvalidInput' satisfies FailureType, message, nonRetryable: true });
}

/** The status before the input is known to be valid: only what the raw request says of itself. */
function provisionalStatus(request: unknown, step: 'creating-user' | 'failed'): OnboardingStatus {
  const raw = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
  const at = new Date(workflowInfo().startTime).toISOString();
  return {
    provider: raw.provider as ProviderName, // as the request says, even when it names no provider we know
    reference: typeof raw.reference === 'string' ? raw.reference : '',
    step,
    needsAction: 'none',
    startedAt: at,
    updatedAt: at,
    timeline: [{ step, startedAt: at }],
    audit: [],
  };
}
