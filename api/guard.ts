import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { authenticate, type ApiKeyTable, type Principal } from './auth';
import { allows, type Permission } from './permissions';
import { ProblemError } from './problems';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, set by the guard of every route that needs one. */
    principal?: Principal;
  }
}

/**
 * The route's guard, run before the body is even read: 401 without a known credential, 403 when
 * the caller's role may not do this.
 */
export function guard(keys: ApiKeyTable, permission: Permission): onRequestHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = authenticate(keys, request.headers.authorization);
    if (!principal) {
      void reply.header('www-authenticate', 'Bearer realm="onboarding"');
      throw new ProblemError(401, 'unauthenticated', 'send "Authorization: Bearer <API key>"');
    }
    request.principal = principal;
    if (!allows(principal.role, permission)) {
      throw new ProblemError(403, 'forbidden', `the role "${principal.role}" may not ${permission.replace('-', ' ')}`);
    }
  };
}

/** The principal of a guarded route (the guard has run). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route without a guard');
  return request.principal;
}
