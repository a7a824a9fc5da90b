import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * RFC 7807 problem details, the one error shape of the API. `type` is a relative URI naming the
 * kind of problem (listed in docs/api.md); `errors` names each bad field. Messages never repeat a
 * value that was sent (it may be a person's data or a code).
 */
export const fieldError = z.object({ field: z.string(), message: z.string() });
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(fieldError).optional(),
    errorId: z.string().optional().describe('on a 500 only: the id of the log line that says what went wrong'),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;
export type FieldError = z.infer<typeof fieldError>;

const titles: Record<string, string> = {
  'invalid-request': 'The request is not valid',
  'malformed-json': 'The body is not valid JSON',
  'body-too-large': 'The body is too large',
  'uri-too-long': 'The URL is too long',
  'headers-too-large': 'The request headers are too large',
  'request-timeout': 'The request did not arrive in time',
  'unsupported-media-type': 'The body must be application/json',
  unauthenticated: 'Missing or invalid credential',
  forbidden: 'Your role may not do this',
  'not-found': 'No such onboarding',
  'no-route': 'No such route',
  'reference-taken': 'An onboarding with this reference already exists',
  'idempotency-key-reused': 'The Idempotency-Key was used with a different request',
  'onboarding-closed': 'The onboarding has already ended',
  'on-hold': 'The onboarding is on hold until an operator releases it',
  'message-refused': 'The onboarding refused the message now',
  'provider-refused': "The provider refused the person's data",
  'provider-unavailable': 'The provider did not answer; send the same message again shortly',
  'replayed-delivery': 'This delivery was already received',
  'unknown-user': 'No running onboarding for this provider user',
  'rate-limited': 'Too many requests',
  'no-worker': 'No worker serves the onboarding',
  unavailable: 'Temporal is not reachable',
  undecodable: 'The payloads could not be converted',
  conflict: 'The request conflicts with the onboarding as it is now',
  'temporal-failed': 'Temporal failed',
  misconfigured: 'The API is not set up to use Temporal',
  internal: 'Internal error',
};
export type ProblemType = keyof typeof titles;

/** Thrown anywhere in a handler or hook; the error handler writes it as problem+json. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problemType: ProblemType,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? titles[problemType]);
  }
}

export function problemBody(status: number, type: ProblemType, detail?: string, errors?: FieldError[], instance?: string): Problem {
  return {
    type: `/problems/${type}`,
    title: titles[type],
    status,
    ...(detail ? { detail } : {}),
    ...(instance ? { instance } : {}),
    ...(errors ? { errors: bounded(errors) } : {}),
  };
}

/** A hostile body may hold thousands of bad fields, or field names of any length: the answer stays small. */
const maxFieldErrors = 50;
const maxFieldName = 100;

function bounded(errors: FieldError[]): FieldError[] {
  const shown = errors.slice(0, maxFieldErrors).map((e) => (e.field.length > maxFieldName ? { ...e, field: `${e.field.slice(0, maxFieldName)}…` } : e));
  return errors.length > maxFieldErrors ? [...shown, { field: '(more)', message: `and ${errors.length - maxFieldErrors} more problems, not listed` }] : shown;
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply.status(problem.status).headers(headers).type('application/problem+json').send(JSON.stringify(problem));
}

const locationPrefix: Record<string, string> = { body: '', querystring: 'query.', params: 'path.', headers: 'header.' };

/** Field-level errors from the zod validation of one part of the request. */
function validationErrors(
  error: FastifyError & { validation: { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }[] },
): FieldError[] {
  const prefix = locationPrefix[error.validationContext ?? 'body'] ?? '';
  return error.validation.flatMap((v) => {
    const path = v.instancePath.split('/').filter(Boolean).join('.');
    const name = (key: string) => `${prefix}${[path, key].filter(Boolean).join('.')}` || 'body';
    if (v.keyword === 'unrecognized_keys' && Array.isArray(v.params.keys)) {
      return (v.params.keys as string[]).map((key) => ({ field: name(key), message: 'is not a known field' }));
    }
    const message = !v.message ? 'is not valid' : /received undefined$/.test(v.message) ? 'is required' : v.message;
    return [{ field: name(''), message }];
  });
}

/** Maps every error (ours, validation, Fastify's body parsing) to problem+json. */
export function problemFromError(error: FastifyError | ProblemError, request: FastifyRequest): { problem: Problem; headers: Record<string, string> } {
  const instance = request.url.split('?')[0];
  if (error instanceof ProblemError) {
    return { problem: problemBody(error.status, error.problemType, error.detail, error.errors, instance), headers: error.headers };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    return { problem: problemBody(400, 'invalid-request', undefined, validationErrors(error), instance), headers: {} };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        problem: problemBody(413, 'body-too-large', error.message, [{ field: 'body', message: 'is larger than the API accepts' }], instance),
        headers: {},
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        problem: problemBody(415, 'unsupported-media-type', undefined, [{ field: 'header.content-type', message: 'must be application/json' }], instance),
        headers: {},
      };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        problem: problemBody(400, 'invalid-request', undefined, [{ field: 'header.content-length', message: 'does not match the body' }], instance),
        headers: {},
      };
  }
  return { problem: internalProblem(instance), headers: {} };
}

/** Our own bug: an id to find its log line by, and nothing of the error itself (no message, no stack). */
function internalProblem(instance: string): Problem {
  return { ...problemBody(500, 'internal', undefined, undefined, instance), errorId: randomUUID() };
}
