import type { z } from 'zod';
import type { DepositAddress, Holder, KycObservation, OtpVerification, ProviderUser } from '../../domain/onboarding';
import { reveal, secret, type Secret } from '../../domain/secret';
import type { SumvinInput } from './input';
import { inputFor, type AnySession, type ProviderAdapter } from '../adapter';
import { callScope } from '../call-scope';
import { providerFailure } from '../failures';
import { ProviderHttp, type ProviderErrorInfo, type Refusal } from '../http';
import { maskPhone } from '../masking';
import { otpVerdict } from '../otp-verdict';
import { onUserCall } from '../user-call';
import {
  createUserRequest,
  kycAccessToken,
  kycApplicant,
  phoneSent,
  problem,
  setPhoneRequest,
  userEnvelope,
  verifyPhoneRequest,
  type Problem,
  type SumvinUser,
} from './schemas';

const OTP_TTL_MS = 10 * 60_000;

/** *(ours)* error_code values of the sandbox that the adapter acts on (the format is Sumvin's). */
const codes = {
  wrongCode: 'USR-422-010',
  codeExpired: 'USR-422-011',
  attemptsExhausted: 'USR-422-012',
  noCodePending: 'USR-422-013',
  phoneAlreadyVerified: 'USR-409-003',
  phoneNotVerified: 'KYC-409-001',
  unknownOrg: 'AUTH-403-001',
};

/**
 * Reads an RFC 7807 body (Sumvin's): "field: message" details give the field. Every Sumvin call
 * acts with the person's JWT, so a 401 is always an expired or refused credential (onUserCall).
 */
export const describeSumvinError = onUserCall((status, body) => {
  const parsed = problem.safeParse(body);
  const p: Problem = parsed.success ? parsed.data : {};
  const detail = p.detail ?? p.title ?? `HTTP ${status}`;
  const field = /^([a-z_][a-z0-9_.]*): /.exec(detail)?.[1];
  const info: ProviderErrorInfo = { message: p.error_code ? `${detail} [${p.error_code}]` : detail, code: p.error_code, field };
  if (p.error_code === codes.unknownOrg) info.type = 'ProviderAuth';
  else if (p.error_code === codes.phoneNotVerified) info.type = 'ProviderForbidden';
  return info;
});

/** *(ours)* The sandbox's OTP answers, by error_code (attempts left in `attempts_remaining` or the detail). */
function recogniseSumvinOtp(refusal: Refusal): OtpVerification | undefined {
  const parsed = problem.safeParse(refusal.body);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  switch (p.error_code) {
    case codes.wrongCode:
      return { accepted: false, reason: 'wrong-code', attemptsLeft: p.attempts_remaining ?? attemptsFrom(p.detail) };
    case codes.attemptsExhausted:
      return { accepted: false, reason: 'wrong-code', attemptsLeft: 0 };
    case codes.codeExpired:
    case codes.noCodePending:
      return { accepted: false, reason: 'expired' };
    case codes.phoneAlreadyVerified:
      return { accepted: true };
    default:
      return undefined;
  }
}

/** Where sumvin's API is and the partner credential we use there (providers/sumvin/index.ts reads them from the environment). */
export interface SumvinConnection {
  baseURL: string;
  orgId?: string;
}

export function createSumvinAdapter(config: SumvinConnection, timeoutMs: number): ProviderAdapter {
  const http = new ProviderHttp({
    provider: 'sumvin',
    baseURL: config.baseURL,
    timeoutMs,
    headers: { 'X-Timestamp-Format': 'iso8601', ...(config.orgId ? { 'x-juno-orgid': config.orgId } : {}) },
    describeError: describeSumvinError,
  });

  /**
   * The person's JWT: the session's credential (held from the first run on, workflows/prepare.ts),
   * else the one in a whole input (a session built without one; trimmed inputs never carry it).
   */
  function jwtOf(session: AnySession): Secret {
    if (session.credential) return session.credential.token;
    const { userCredential } = inputFor(session, 'sumvin') as Partial<SumvinInput>;
    if (!userCredential) throw providerFailure('CredentialExpired', 'sumvin: no JWT is held for this call', { provider: 'sumvin' });
    return userCredential;
  }

  function request(session: AnySession, method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown) {
    return { method, url, data, headers: { 'x-juno-jwt': reveal(jwtOf(session)) } };
  }

  async function call<S extends z.ZodType>(session: AnySession, method: 'GET' | 'POST' | 'PUT', url: string, schema: S, data?: unknown) {
    return http.request(request(session, method, url, data), schema);
  }

  async function me(session: AnySession): Promise<SumvinUser> {
    return (await call(session, 'GET', '/v0/user/me', userEnvelope)).data.user;
  }

  function holderOf(user: SumvinUser): Holder {
    const status = user.safe_creation_status ?? null;
    const address = user.primary_smart_wallet_address ?? undefined;
    return {
      kind: 'safe',
      id: user.id,
      ready: status === 'completed' && address !== undefined,
      failed: status === 'failed',
      ...(address ? { address } : {}),
    };
  }

  return {
    name: 'sumvin',

    /** 201 creates; 208 answers the same body when the JWT's person already has a user (idempotent). */
    async createUser(session): Promise<ProviderUser> {
      const input = inputFor(session, 'sumvin');
      const body = createUserRequest.parse({ chain_id: input.chainId, primary_eoa_address: input.eoaAddress });
      const { data } = await call(session, 'POST', '/v0/user/', userEnvelope, body);
      return { id: data.user.id };
    },

    /** PUT phone sends a code by SMS; a second call is a resend that invalidates the first code. */
    async sendOtp(session, channel) {
      if (channel !== 'sms') {
        throw providerFailure('InvalidInput', `sumvin verifies the phone only (asked for ${channel})`, { provider: 'sumvin' });
      }
      const phone = inputFor(session, 'sumvin').phone;
      const started = Date.now();
      const { data } = await call(session, 'PUT', '/v0/user/me/phone', phoneSent, setPhoneRequest.parse({ phone_number: phone }));
      // verification_expires_at *(ours)*; the documented lifetime (10 minutes) when absent.
      const expiresAt = data.verification_expires_at ?? new Date(started + OTP_TTL_MS).toISOString();
      return { channel: 'sms', expiresAt: new Date(expiresAt).toISOString(), sentTo: maskPhone(phone) };
    },

    /**
     * PUT the code. A retried check first reads the user: `phone_verified` *(ours: not in the
     * documented user)* true means the lost first answer was a success. Where the field is absent
     * nothing tells us, and an unrecognised refusal then asks for a new code instead of counting
     * the person's code as wrong.
     */
    async verifyOtp(session, code): Promise<OtpVerification> {
      let unknowable = false;
      if (callScope().attempt > 1) {
        const verified = (await me(session)).phone_verified;
        if (verified === true) return { accepted: true };
        unknowable = verified === undefined;
      }
      const body = verifyPhoneRequest.parse({ verification_code: code });
      const sent = await http.send(request(session, 'PUT', '/v0/user/me/phone/code', body), userEnvelope);
      if (sent.ok) return { accepted: true };
      return otpVerdict(sent, { provider: 'sumvin', recognise: recogniseSumvinOtp, mayBeOurLostSuccess: unknowable });
    },

    /** The applicant (idempotent at Sumvin); the person's app gets its token from issueKycAccess. */
    async startKyc(session) {
      await call(session, 'POST', '/v0/kyc/applicant', kycApplicant);
      return {};
    },

    /** An access token for the person's app (600 s): minted when asked, so it is fresh when used. */
    async issueKycAccess(session) {
      const { data } = await call(session, 'POST', '/v0/kyc/access-token', kycAccessToken);
      return { accessToken: secret(data.token) };
    },

    async getKycStatus(session): Promise<KycObservation> {
      const { data } = await call(session, 'GET', '/v0/kyc/status', kycApplicant);
      const state = data.status === 'approved' ? 'verified' : data.status === 'rejected' ? 'rejected' : 'pending';
      return { state, providerStatus: data.status, ...(data.review_reject_reason ? { reason: data.review_reject_reason } : {}) };
    },

    /** Sumvin deploys the Safe by itself after user creation: reading it is all there is to do. */
    async createHolder(session) {
      return holderOf(await me(session));
    },

    async getHolder(session) {
      return holderOf(await me(session));
    },

    /** The Safe's address: USDC on Sei (testnet for chain 1328). */
    async depositAddress(session): Promise<DepositAddress> {
      const input = inputFor(session, 'sumvin');
      let address = session.holder.address;
      if (!address) {
        const holder = holderOf(await me(session));
        if (holder.failed) {
          throw providerFailure('HolderCreationFailed', 'sumvin Safe creation failed', { provider: 'sumvin' });
        }
        if (!holder.address) throw providerFailure('ProviderNotReady', 'sumvin Safe is not deployed yet', { provider: 'sumvin' });
        address = holder.address;
      }
      // The Safe's address is documented; naming its asset and network so is *(ours)*.
      return { address, currency: 'usdc', network: input.chainId === 1329 ? 'sei' : 'sei-testnet' };
    },
  };
}

function attemptsFrom(detail: string | null | undefined): number | undefined {
  const m = /(\d+) attempts? (remaining|left)/.exec(detail ?? '');
  return m ? Number(m[1]) : undefined;
}
