import { METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { z } from 'zod';
import type { Principal } from '../api/auth';
import { messageSchemas } from '../domain/message-schemas';
import { ProblemError } from '../api/problems';

/**
 * What `/encode` accepts: only the messages support may send from the Web UI (kycDecision and
 * cancelRequested signals, resendOtp, issueKycAccess and resolveSupport updates), as JSON. Never a
 * code or a credential (those are the person's, through the backend), never a workflow input: the
 * UI is no back door around the API. An `actor` other than the caller is refused; a message
 * without one is sent as the caller's, so the onboarding's audit trail names who acted.
 */
const supportMessages = [messageSchemas.kycDecision(), messageSchemas.cancelRequest(), messageSchemas.resendOtp(), messageSchemas.supportResolution()];
const supportMessageNames = 'kycDecision, cancelRequested, resendOtp, issueKycAccess or resolveSupport';

function refuse(index: number, why: string): never {
  throw new ProblemError(422, 'undecodable', `payload ${index} cannot be encoded: ${why}`);
}

/** The payload to encrypt for `principal`, or a 422 saying why it may not be. */
export function encodablePayload(payload: Payload, index: number, principal: Principal): Payload {
  const encoding = Buffer.from(payload.metadata?.[METADATA_ENCODING_KEY] ?? []).toString();
  if (encoding !== 'json/plain') refuse(index, `the Web UI writes JSON (json/plain), not "${encoding}"`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload.data ?? []).toString('utf8'));
  } catch {
    refuse(index, 'its data is not JSON');
  }
  if (!supportMessages.some((schema) => schema.safeParse(value).success)) {
    refuse(index, `the Web UI may only send ${supportMessageNames} as support would over the API`);
  }
  const message = value as { actor?: z.infer<ReturnType<typeof messageSchemas.actor>> };
  if (message.actor && (message.actor.id !== principal.id || message.actor.role !== principal.role)) {
    refuse(index, `its actor must be the signed-in principal "${principal.id}" (${principal.role})`);
  }
  const signed = { ...message, actor: { id: principal.id, role: principal.role } };
  return { metadata: payload.metadata, data: Buffer.from(JSON.stringify(signed)) };
}
