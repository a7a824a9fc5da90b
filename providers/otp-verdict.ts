import type { OtpVerification } from '../domain/onboarding';
import type { ProviderName } from '../domain/providers';
import { bodyShape } from './body-shape';
import { callScope } from './call-scope';
import type { Refusal } from './http';

/**
 * Statuses that speak of our partner key, the person's credential, the route or the form of our
 * request, never of the code: they stay failures (ProviderAuth, CredentialExpired,
 * ProviderForbidden, ProviderNotFound, ProviderValidation) and do not count against the person.
 */
const notAboutTheCode = new Set([401, 403, 404, 405, 406, 410, 411, 413, 414, 415, 451]);

export interface OtpVerdictOptions {
  provider: ProviderName;
  /**
   * Our reading of the provider's richer answers (expired, attempts left, already verified), where
   * its documents are silent *(ours)*: the sandbox answers so, a real provider may not.
   */
  recognise?: (refusal: Refusal) => OtpVerification | undefined;
  /**
   * True when an earlier attempt of this same check may have been accepted with its answer lost,
   * and nothing documented could tell us (Stokn). The refusal may then be our own used code.
   */
  mayBeOurLostSuccess: boolean;
}

/**
 * What a refused code check means for the person. No provider documents how it words a wrong
 * code, so any refusal about the code counts as a wrong code (against `otpMaxAttempts`) unless it
 * is recognised more precisely; the unrecognised body's shape is logged (never a value, never the
 * code) so that the real wording can be learnt. On a retried check whose first answer may have
 * been a lost success, an unrecognised refusal asks for a new code instead: the person's correct
 * code must not be counted as wrong.
 */
export function otpVerdict(refusal: Refusal, options: OtpVerdictOptions): OtpVerification {
  if (notAboutTheCode.has(refusal.status)) throw refusal.failure;
  const recognised = options.recognise?.(refusal);
  if (recognised) return recognised;
  const attributes = { provider: options.provider, status: refusal.status, shape: bodyShape(refusal.body) };
  if (options.mayBeOurLostSuccess) {
    callScope().warn('OTP check refused in unrecognised words on a retried attempt: a new code is needed, not counted as wrong', attributes);
    return { accepted: false, reason: 'expired' };
  }
  callScope().warn('OTP check refused in unrecognised words: counted as a wrong code', attributes);
  return { accepted: false, reason: 'wrong-code' };
}
