import { QueryNotRegisteredError, isGrpcServiceError } from '@temporalio/client';
import { getGrpcStatusDetails, trimGrpcTypeUrl } from '@temporalio/client/lib/helpers';
import { NamespaceNotFoundError } from '@temporalio/common';
import {
  IdempotencyKeyReused,
  InvalidOnboardingInput,
  NoWorkerPolling,
  OnboardingAlreadyExists,
  OnboardingClosed,
  OnboardingOnHold,
  OnboardingNotFound,
  OnboardingRefused,
  ProviderUnavailableNow,
} from '../client/onboarding-client';
import { ProblemError, type ProblemType } from './problems';

/** The problem a gRPC status from Temporal becomes, by who owns it: the caller, Temporal, or our set-up. */
interface Owner {
  status: number;
  type: ProblemType;
  detail: string;
  retryAfterSeconds?: number;
}

const unavailable: Owner = { status: 503, type: 'unavailable', detail: 'Temporal did not answer; retry later', retryAfterSeconds: 5 };
const temporalFailed: Owner = { status: 502, type: 'temporal-failed', detail: 'Temporal failed to answer the request' };
// PERMISSION_DENIED, UNAUTHENTICATED, UNIMPLEMENTED and a missing namespace are how Temporal
// refuses *our* credentials, namespace or version: nothing the caller can change, and no bug in
// the code either. 503 says "this service cannot serve now" and keeps 500 for bugs; no
// Retry-After, since only an operator's fix ends it.
const misconfigured: Owner = { status: 503, type: 'misconfigured', detail: 'The API is not set up to use Temporal; operators have been told' };

/**
 * Every gRPC status code (grpc.status) the Temporal client can raise, to its problem. Where each
 * comes from on server 1.29.1, and the test that makes the server raise it: docs/api-hardening.md.
 */
const byGrpcCode: Record<number, Owner> = {
  1 /* CANCELLED: only when our side aborts a call */: unavailable,
  2 /* UNKNOWN: a server error that is no service error */: temporalFailed,
  3 /* INVALID_ARGUMENT */: { status: 400, type: 'invalid-request', detail: 'Temporal refused the request as not valid' },
  4 /* DEADLINE_EXCEEDED */: unavailable,
  5 /* NOT_FOUND */: { status: 404, type: 'not-found', detail: 'Temporal has no such onboarding' },
  6 /* ALREADY_EXISTS */: { status: 409, type: 'conflict', detail: 'Temporal already holds what the request would create' },
  7 /* PERMISSION_DENIED */: misconfigured,
  8 /* RESOURCE_EXHAUSTED */: {
    status: 429,
    type: 'rate-limited',
    detail: 'Temporal is limiting the requests of this service; retry after the Retry-After seconds',
    retryAfterSeconds: 1,
  },
  9 /* FAILED_PRECONDITION */: { status: 409, type: 'conflict', detail: 'The onboarding is not in a state that allows this now' },
  10 /* ABORTED: only multi-operations (Update-With-Start) */: {
    status: 409,
    type: 'conflict',
    detail: 'Another change to the onboarding came first; read it and try again',
  },
  11 /* OUT_OF_RANGE: no server code raises it */: { status: 400, type: 'invalid-request', detail: 'Temporal refused a value as out of range' },
  12 /* UNIMPLEMENTED */: misconfigured,
  13 /* INTERNAL */: temporalFailed,
  14 /* UNAVAILABLE */: unavailable,
  15 /* DATA_LOSS: the frontend sends it as UNAVAILABLE */: temporalFailed,
  16 /* UNAUTHENTICATED */: misconfigured,
};

/** What the client library says, as problems; anything else is passed on as our own bug (500). */
export function asProblem(err: unknown): unknown {
  if (err instanceof InvalidOnboardingInput) return new ProblemError(400, 'invalid-request', undefined, err.issues);
  if (err instanceof OnboardingNotFound) return new ProblemError(404, 'not-found', err.message);
  if (err instanceof OnboardingClosed) return new ProblemError(409, 'onboarding-closed', err.message);
  if (err instanceof OnboardingOnHold) return new ProblemError(409, 'on-hold', err.message);
  // Before OnboardingRefused (its subclass): "try again" is not "wrong".
  if (err instanceof ProviderUnavailableNow) return new ProblemError(503, 'provider-unavailable', err.message, undefined, { 'retry-after': '30' });
  if (err instanceof OnboardingRefused) return new ProblemError(409, 'message-refused', err.message);
  if (err instanceof OnboardingAlreadyExists) {
    return new ProblemError(
      409,
      'reference-taken',
      `${err.message}: it is running or completed (a failed one may be started again, with a new Idempotency-Key)`,
    );
  }
  if (err instanceof IdempotencyKeyReused) return new ProblemError(409, 'idempotency-key-reused', err.message);
  if (err instanceof NoWorkerPolling) return new ProblemError(503, 'no-worker', err.message);
  // Our workflow not answering our own query is a bug of ours, whatever code it carries.
  if (err instanceof QueryNotRegisteredError) return err;
  const owner = namespaceMissing(err) ? misconfigured : byGrpcCode[grpcCodeOf(err) ?? -1];
  if (!owner) return err;
  const headers: Record<string, string> = owner.retryAfterSeconds ? { 'retry-after': String(owner.retryAfterSeconds) } : {};
  return new ProblemError(owner.status, owner.type, owner.detail, undefined, headers);
}

/** The gRPC code of an error or of the error it wraps (the client wraps them in ServiceError and others as `cause`). */
function grpcCodeOf(err: unknown): number | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (isGrpcServiceError(e)) return e.code;
  }
  return undefined;
}

/** The configured namespace does not exist: the client's typed error, or a raw call's NOT_FOUND that says so in its details. */
function namespaceMissing(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof NamespaceNotFoundError) return true;
    if (
      isGrpcServiceError(e) &&
      (getGrpcStatusDetails(e) ?? []).some((d) => d.type_url && trimGrpcTypeUrl(d.type_url) === 'temporal.api.errordetails.v1.NamespaceNotFoundFailure')
    ) {
      return true;
    }
  }
  return false;
}

/** Runs a client call, turning its errors into problems. */
export async function viaClient<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw asProblem(err);
  }
}
