import type { FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';

export type AuditedAction =
  | 'start'
  | 'submit-otp'
  | 'resend-otp'
  | 'kyc-decision'
  | 'credential'
  | 'cancel'
  | 'kyc-access'
  | 'support-resolution'
  | 'webhook-kyc-decision'
  | 'decode'
  | 'encode'
  | 'console-sign-in'
  | 'console-sign-out'
  | 'person-read';

declare module 'fastify' {
  interface FastifyRequest {
    /** Ids a handler adds to its audit line (a webhook's delivery id, the run it started). */
    auditDetails?: Record<string, string | boolean>;
  }
}

/**
 * One structured line per mutating call, written when its answer is known: who (principal and
 * role), what, when (pino's time), on which reference, and the outcome (HTTP status). Ids only:
 * never a body, a code, a token or a person's data.
 */
export function audit(action: AuditedAction): onResponseHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => writeAudit(request, action, reply.statusCode);
}

/** The audit line itself, for a handler that knows its outcome before Fastify does (the console's actions). */
export function writeAudit(request: FastifyRequest, action: AuditedAction, status: number): void {
  const params = request.params as { reference?: string; provider?: string } | undefined;
  request.log.info(
    {
      audit: {
        action,
        actor: request.principal ? { id: request.principal.id, role: request.principal.role } : undefined,
        reference: params?.reference,
        provider: params?.provider,
        status,
        ...request.auditDetails,
      },
    },
    'audit',
  );
}
