import type { z } from 'zod';
import type { DepositAddress, Holder, KycObservation, OtpVerification, ProviderUser } from '../../domain/onboarding';
import { reveal, secret, type Secret } from '../../domain/secret';
import { inputFor, type ProviderAdapter, type Session } from '../adapter';
import type { ProvidersConfig } from '../config';
import { providerFailure } from '../failures';
import { ProviderHttp, type ProviderErrorInfo } from '../http';
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

/** Error codes we act on (the rest fall back to the status). See sandbox/providers/sumvin.ts. */
const codes = {
  wrongCode: 'USR-422-010',
  codeExpired: 'USR-422-011',
  attemptsExhausted: 'USR-422-012',
  noCodePending: 'USR-422-013',
  phoneAlreadyVerified: 'USR-409-003',
  phoneNotVerified: 'KYC-409-001',
  unknownOrg: 'AUTH-403-001',
};

/** Reads an RFC 7807 body: "field: message" details give the field. */
export function describeSumvinError(status: number, body: unknown): ProviderErrorInfo {
  const parsed = problem.safeParse(body);
  const p: Problem = parsed.success ? parsed.data : {};
  const detail = p.detail ?? p.title ?? `HTTP ${status}`;
  const field = /^([a-z_][a-z0-9_.]*): /.exec(detail)?.[1];
  const info: ProviderErrorInfo = { message: p.error_code ? `${detail} [${p.error_code}]` : detail, code: p.error_code, field };
  // Every Sumvin call acts with the person's JWT: a 401 means it expired or is not valid any more.
  if (status === 401) info.type = 'CredentialExpired';
  else if (p.error_code === codes.unknownOrg) info.type = 'ProviderAuth';
  else if (p.error_code === codes.phoneNotVerified) info.type = 'ProviderForbidden';
  return info;
}

export function createSumvinAdapter(config: ProvidersConfig['sumvin'], timeoutMs: number): ProviderAdapter {
  const http = new ProviderHttp({
    provider: 'sumvin',
    baseURL: config.baseURL,
    timeoutMs,
    headers: { 'X-Timestamp-Format': 'iso8601', ...(config.orgId ? { 'x-juno-orgid': config.orgId } : {}) },
    describeError: describeSumvinError,
  });

  /** The person's JWT: the session's credential, else the one in the input. */
  function jwtOf(session: Session): Secret {
    return session.credential?.token ?? inputFor(session, 'sumvin').userCredential;
  }

  async function call<S extends z.ZodType>(
    session: Session,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    schema: S,
    data?: unknown,
    onProblem?: (status: number, p: Problem) => void,
  ) {
    return http.request(
      {
        method,
        url,
        data,
        headers: { 'x-juno-jwt': reveal(jwtOf(session)) },
        ...(onProblem
          ? {
              describeError: (status: number, body: unknown) => {
                const parsed = problem.safeParse(body);
                if (parsed.success) onProblem(status, parsed.data);
                return describeSumvinError(status, body);
              },
            }
          : {}),
      },
      schema,
    );
  }

  async function me(session: Session): Promise<SumvinUser> {
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
      const expiresAt = data.verification_expires_at ?? new Date(started + OTP_TTL_MS).toISOString();
      return { channel: 'sms', expiresAt: new Date(expiresAt).toISOString(), sentTo: maskPhone(phone) };
    },

    /** A wrong or expired code is an answer, not an exception. */
    async verifyOtp(session, code): Promise<OtpVerification> {
      let seen: Problem | undefined;
      try {
        await call(session, 'PUT', '/v0/user/me/phone/code', userEnvelope, verifyPhoneRequest.parse({ verification_code: code }), (_s, p) => {
          seen = p;
        });
        return { accepted: true };
      } catch (err) {
        switch (seen?.error_code) {
          case codes.wrongCode:
            return { accepted: false, reason: 'wrong-code', attemptsLeft: seen.attempts_remaining ?? attemptsFrom(seen.detail) };
          case codes.attemptsExhausted:
            return { accepted: false, reason: 'wrong-code', attemptsLeft: 0 };
          case codes.codeExpired:
          case codes.noCodePending:
            return { accepted: false, reason: 'expired' };
          // Our own earlier attempt verified it and its answer was lost.
          case codes.phoneAlreadyVerified:
            return { accepted: true };
          default:
            throw err;
        }
      }
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
      return { address, currency: 'usdc', network: input.chainId === 1329 ? 'sei' : 'sei-testnet' };
    },
  };
}

function attemptsFrom(detail: string | null | undefined): number | undefined {
  const m = /(\d+) attempts? (remaining|left)/.exec(detail ?? '');
  return m ? Number(m[1]) : undefined;
}

/** "+1 *** *** 2671": only the country prefix and the last four digits. */
function maskPhone(phone: string): string {
  return `${phone.slice(0, 2)} *** *** ${phone.slice(-4)}`;
}
