import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { keccak_256 } from '@noble/hashes/sha3';
import type { EmulatorContext, ProviderEmulator } from '../../dev/sandbox/emulator';
import { HttpError, json, type SandboxRequest, type SandboxResponse } from '../../dev/sandbox/http';
import { Router } from '../../dev/sandbox/router';
import { toChecksumAddress } from '../../dev/sandbox/addresses';
import { checkCode, isUsable, sendChallenge, type OtpChallenge } from '../../dev/sandbox/otp-challenge';
import { KycReview, requestedDecision } from '../../dev/sandbox/kyc-review';
import { sumvin as runtime } from './index';

/**
 * Sumvin emulator (basePath /sumvin). Every call carries the person's JWT in `x-juno-jwt`; the
 * JWT's `sub` says who the person is (no user id in paths). The sandbox issues test JWTs itself
 * (HS256 with a sandbox secret) through the admin route `POST /_sandbox/sumvin/jwt`.
 *
 * Our choices where the public docs are silent (kept identical in the adapter):
 * - Errors are RFC 7807 (application/problem+json) with `error_code`s:
 *   AUTH-401-001 missing JWT, AUTH-401-002 expired JWT, AUTH-401-003 invalid JWT,
 *   AUTH-403-001 unknown x-juno-orgid (only when the sandbox is configured with an org id),
 *   USR-422-001 body validation (detail "<field>: <message>"), USR-404-001 no user for the JWT,
 *   USR-409-002 phone already verified (PUT phone),
 *   USR-409-003 phone already verified (PUT phone/code), USR-422-010 wrong code (extension
 *   `attempts_remaining`), USR-422-011 code expired, USR-422-012 too many wrong attempts (code
 *   invalidated), USR-422-013 no code pending, KYC-409-001 phone not verified yet,
 *   KYC-404-001 no applicant yet.
 * - OTP: 6 digits, valid `otpTtlMs` (10 minutes); a new PUT phone re-sends and invalidates the old
 *   code; at most `otpMaxAttempts` (5) wrong attempts per code, after which a new code is needed.
 * - KYC needs a verified phone. Status: `pending` on applicant creation, `in_progress` once an
 *   access token was issued or `kycInProgressAfterMs` passed; decided by the admin route or by
 *   `autoDecideKycAfterMs` (persona: a JWT subject containing "rejected" ends `rejected`).
 * - The Safe is created asynchronously: `processing` for `safeCreationMs` after user creation,
 *   then `completed` with `primary_smart_wallet_address` (EIP-55), or `failed` when
 *   `failSafeCreation` is set, the subject contains "safe-failed", or the admin route says so.
 */
export interface SumvinEmulatorOptions {
  /** HS256 secret for test JWTs; a random one per sandbox by default. */
  jwtSecret?: string;
  /** When set, requests must carry this x-juno-orgid. */
  orgId?: string;
  /** Delay before the Safe is deployed; 1500 ms by default. */
  safeCreationMs?: number;
  /** Every Safe creation fails. */
  failSafeCreation?: boolean;
  /** Lifetime of an SMS code; 10 minutes by default. */
  otpTtlMs?: number;
  /** Wrong attempts allowed per code; 5 by default. */
  otpMaxAttempts?: number;
  /** Applicant goes from pending to in_progress after this long (or when an access token is issued); 1000 ms by default. */
  kycInProgressAfterMs?: number;
  /** KYC is decided this long after the applicant is created (VERIFIED unless the persona says otherwise). */
  autoDecideKycAfterMs?: number;
}

type SafeStatus = 'processing' | 'completed' | 'failed';
type KycStatus = 'pending' | 'in_progress' | 'retry' | 'approved' | 'rejected';

interface Applicant {
  id: string;
  createdAt: number;
  /** A decision taken (admin or automatic); until then the status is pending/in_progress. */
  decision?: { status: 'approved' | 'rejected' | 'retry'; at: number };
  accessTokensIssued: number;
  updatedAt: number;
}

interface SumvinUser {
  id: string;
  subject: string;
  email: string | null;
  chainId: 1329 | 1328;
  eoa: string;
  createdAt: number;
  updatedAt: number;
  /** A forced outcome (admin route); otherwise derived from the clock and the options. */
  safeForced?: { status: 'completed' | 'failed'; at: number };
  walletId: string;
  phone?: { number: string; verified: boolean; verifiedAt?: number };
  otp?: OtpChallenge;
  otpSentCount: number;
  applicant?: Applicant;
}

const ISO_FIELDS = new Set(['timestamp', 'period_start', 'period_end']);
const problemHeaders = { 'content-type': 'application/problem+json' };

export function createEmulator(context: EmulatorContext, options: SumvinEmulatorOptions = {}): ProviderEmulator {
  const jwtSecret = options.jwtSecret ?? randomBytes(32).toString('hex');
  const safeCreationMs = options.safeCreationMs ?? 1500;
  const otpTtlMs = options.otpTtlMs ?? 10 * 60_000;
  const otpMaxAttempts = options.otpMaxAttempts ?? 5;
  const kycInProgressAfterMs = options.kycInProgressAfterMs ?? 1000;

  const users = new Map<string, SumvinUser>();
  const kyc = new KycReview(context, 'sumvin', options);
  const bySubject = new Map<string, string>();

  // ---- errors -------------------------------------------------------------------------------
  function problem(status: number, code: string, title: string, detail: string, instance: string | null, extra: Record<string, unknown> = {}) {
    return {
      type: `https://docs.sumvin.com/errors/${code}`,
      title,
      status,
      detail,
      instance,
      error_code: code,
      trace_id: randomUUID().replace(/-/g, ''),
      ...extra,
    };
  }
  function fail(req: SandboxRequest, status: number, code: string, title: string, detail: string, extra?: Record<string, unknown>): never {
    throw new HttpError(json(status, problem(status, code, title, detail, req.path, extra), problemHeaders));
  }
  const validation = (req: SandboxRequest, field: string, message: string): never => fail(req, 422, 'USR-422-001', 'Validation Error', `${field}: ${message}`);

  // ---- JWT ----------------------------------------------------------------------------------
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const sign = (data: string) => createHmac('sha256', jwtSecret).update(data).digest();

  function issueJwt(subject: string, ttlSeconds: number, email?: string): { jwt: string; expiresAt: string } {
    const iat = Math.floor(context.now() / 1000);
    const exp = iat + ttlSeconds;
    const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: subject, iat, exp, ...(email ? { email } : {}) })}`;
    return { jwt: `${head}.${sign(head).toString('base64url')}`, expiresAt: new Date(exp * 1000).toISOString() };
  }

  function authenticate(req: SandboxRequest): { sub: string; email?: string } {
    if (options.orgId !== undefined && req.headers['x-juno-orgid'] !== options.orgId) {
      fail(req, 403, 'AUTH-403-001', 'Forbidden', 'Unknown organisation');
    }
    const header = req.headers['x-juno-jwt'];
    const token = Array.isArray(header) ? header[0] : header;
    if (!token) fail(req, 401, 'AUTH-401-001', 'Unauthorized', 'Missing x-juno-jwt header');
    const parts = token.split('.');
    const invalid = (): never => fail(req, 401, 'AUTH-401-003', 'Unauthorized', 'Invalid token');
    if (parts.length !== 3) invalid();
    const expected = sign(`${parts[0]}.${parts[1]}`);
    const given = Buffer.from(parts[2], 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) invalid();
    let claims: { sub?: unknown; exp?: unknown; email?: unknown };
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return invalid();
    }
    if (typeof claims.sub !== 'string' || claims.sub === '' || typeof claims.exp !== 'number') return invalid();
    if (claims.exp * 1000 <= context.now()) fail(req, 401, 'AUTH-401-002', 'Unauthorized', 'Token expired');
    return { sub: claims.sub, email: typeof claims.email === 'string' ? claims.email : undefined };
  }

  function currentUser(req: SandboxRequest): SumvinUser {
    const { sub } = authenticate(req);
    const id = bySubject.get(sub);
    const user = id ? users.get(id) : undefined;
    if (!user) fail(req, 404, 'USR-404-001', 'Not Found', 'User not found');
    return user;
  }

  // ---- derived state (time-driven) ----------------------------------------------------------
  function safeState(u: SumvinUser): { status: SafeStatus; at?: number } {
    if (u.safeForced) return u.safeForced;
    const at = u.createdAt + safeCreationMs;
    if (context.now() < at) return { status: 'processing' };
    const fails = options.failSafeCreation || u.subject.toLowerCase().includes('safe-failed');
    return { status: fails ? 'failed' : 'completed', at };
  }
  const safeAddress = (u: SumvinUser) => (safeState(u).status === 'completed' ? toChecksumAddress(deriveAddress(u.id)) : null);

  function kycStatus(a: Applicant, subject: string): { status: KycStatus; updatedAt: number } {
    if (a.decision) return { status: a.decision.status, updatedAt: a.decision.at };
    const dueAt = kyc.dueAt(a.createdAt);
    if (dueAt !== undefined) {
      const status = subject.toLowerCase().includes('rejected') ? 'rejected' : 'approved';
      a.decision = { status, at: dueAt };
      const owner = [...users.values()].find((u) => u.applicant === a);
      if (owner) kyc.announce(owner.id, status === 'approved' ? 'VERIFIED' : 'REJECTED', status);
      return { status, updatedAt: a.decision.at };
    }
    if (a.accessTokensIssued > 0 || context.now() >= a.createdAt + kycInProgressAfterMs) {
      return { status: 'in_progress', updatedAt: a.updatedAt };
    }
    return { status: 'pending', updatedAt: a.createdAt };
  }

  // ---- views ----------------------------------------------------------------------------------
  const links = { self: { href: '/v0/user/me' }, 'kyc-status': { href: '/v0/kyc/status' }, wallets: { href: '/v0/wallets' } };

  function userView(u: SumvinUser) {
    return {
      id: u.id,
      email: u.email,
      chain_id: u.chainId,
      primary_eoa_address: u.eoa,
      primary_smart_wallet_address: safeAddress(u),
      safe_creation_status: safeState(u).status,
      phone_number: u.phone?.number ?? null,
      phone_verified: u.phone?.verified ?? false,
      phone_verified_at: u.phone?.verifiedAt ?? null,
      created_at: u.createdAt,
      updated_at: u.updatedAt,
    };
  }

  function walletViews(u: SumvinUser) {
    const address = safeAddress(u);
    if (!address) return [];
    return [
      {
        id: u.walletId,
        type: 'safe',
        chain_id: u.chainId,
        address,
        owner_address: u.eoa,
        is_primary: true,
        created_at: safeState(u).at ?? u.createdAt,
      },
    ];
  }

  function adminView(u: SumvinUser) {
    const kyc = u.applicant ? kycStatus(u.applicant, u.subject).status : null;
    const safe = safeState(u);
    return {
      userId: u.id,
      subject: u.subject,
      status: kyc ?? 'no_applicant',
      chainId: u.chainId,
      eoaAddress: u.eoa,
      safe: { status: safe.status, address: safeAddress(u) },
      wallets: walletViews(u).map((w) => ({ id: w.id, address: w.address, type: w.type })),
      phone: {
        number: u.phone?.number ?? null,
        verified: u.phone?.verified ?? false,
        codesSent: u.otpSentCount,
        otp: u.otp
          ? {
              expiresAt: new Date(u.otp.expiresAt).toISOString(),
              wrongAttempts: u.otp.wrongAttempts,
              attemptsLeft: Math.max(0, u.otp.maxAttempts - u.otp.wrongAttempts),
              usable: isUsable(u.otp, context.now()),
            }
          : null,
      },
      kyc: u.applicant ? { applicantId: u.applicant.id, status: kyc, accessTokensIssued: u.applicant.accessTokensIssued } : null,
      createdAt: new Date(u.createdAt).toISOString(),
    };
  }

  /** 2xx answers: timestamps as epoch ms, or ISO 8601 under `X-Timestamp-Format: iso8601`. */
  function ok(req: SandboxRequest, status: number, body: unknown): SandboxResponse {
    return json(status, req.headers['x-timestamp-format'] === 'iso8601' ? isoTimestamps(body) : body);
  }

  // ---- routes ---------------------------------------------------------------------------------
  const routes = new Router()
    .post('/v0/user/', (req) => {
      const { sub, email } = authenticate(req);
      const body = asObject(req);
      const chainId = body.chain_id;
      if (chainId === undefined) validation(req, 'chain_id', 'field required');
      if (chainId !== 1329 && chainId !== 1328) validation(req, 'chain_id', 'must be one of 1329, 1328');
      const eoa = body.primary_eoa_address;
      if (eoa === undefined) validation(req, 'primary_eoa_address', 'field required');
      if (typeof eoa !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(eoa)) {
        validation(req, 'primary_eoa_address', 'must match pattern ^0x[0-9a-fA-F]{40}$');
      }
      const existing = bySubject.get(sub);
      if (existing) return ok(req, 208, { _links: links, user: userView(users.get(existing)!) });
      const now = context.now();
      const user: SumvinUser = {
        id: `usr_${randomBytes(12).toString('hex')}`,
        subject: sub,
        email: email ?? null,
        chainId: chainId as 1329 | 1328,
        eoa: eoa as string,
        createdAt: now,
        updatedAt: now,
        walletId: `wal_${randomBytes(12).toString('hex')}`,
        otpSentCount: 0,
      };
      users.set(user.id, user);
      bySubject.set(sub, user.id);
      return ok(req, 201, { _links: links, user: userView(user) });
    })
    .get('/v0/user/me', (req) => ok(req, 200, { _links: links, user: userView(currentUser(req)) }))
    .get('/v0/wallets', (req) => {
      const user = currentUser(req);
      return ok(req, 200, { _links: { self: { href: '/v0/wallets' } }, wallets: walletViews(user) });
    })
    .put('/v0/user/me/phone', (req) => {
      const user = currentUser(req);
      const phone = asObject(req).phone_number;
      if (phone === undefined) validation(req, 'phone_number', 'field required');
      if (typeof phone !== 'string' || !/^\+[1-9]\d{7,14}$/.test(phone) || !isValidPhoneNumber(phone)) {
        validation(req, 'phone_number', 'must be a valid phone number in E.164 format');
      }
      if (user.phone?.verified) {
        fail(req, 409, 'USR-409-002', 'Conflict', 'Phone number already verified');
      }
      const now = context.now();
      user.phone = { number: phone as string, verified: false };
      user.otp = sendChallenge(
        context,
        { provider: 'sumvin', channel: 'sms', userId: user.id, to: phone as string },
        { digits: 6, ttlMs: otpTtlMs, maxAttempts: otpMaxAttempts },
      );
      user.otpSentCount++;
      user.updatedAt = now;
      return ok(req, 200, {
        phone_number: user.phone.number,
        phone_verified: false,
        verification_sent_at: now,
        verification_expires_at: user.otp.expiresAt,
      });
    })
    .put('/v0/user/me/phone/code', (req) => {
      const user = currentUser(req);
      const code = asObject(req).verification_code;
      if (code === undefined) validation(req, 'verification_code', 'field required');
      if (typeof code !== 'string' || !/^\d{6}$/.test(code)) validation(req, 'verification_code', 'must be 6 digits');
      if (user.phone?.verified) fail(req, 409, 'USR-409-003', 'Conflict', 'Phone number already verified');
      const otp = user.otp;
      if (!otp) fail(req, 422, 'USR-422-013', 'Unprocessable Entity', 'No verification code pending; request a new code');
      const verdict = checkCode(otp, code as string, context.now());
      if (!verdict.accepted) {
        if (verdict.reason === 'wrong') {
          fail(req, 422, 'USR-422-010', 'Unprocessable Entity', `verification_code: incorrect code, ${verdict.attemptsLeft} attempts remaining`, {
            attempts_remaining: verdict.attemptsLeft,
          });
        }
        if (verdict.reason === 'expired') fail(req, 422, 'USR-422-011', 'Unprocessable Entity', 'Verification code expired; request a new code');
        fail(req, 422, 'USR-422-012', 'Unprocessable Entity', 'Too many incorrect attempts; request a new code', { attempts_remaining: 0 });
      }
      const now = context.now();
      user.phone = { number: user.phone!.number, verified: true, verifiedAt: now };
      user.otp = undefined;
      user.updatedAt = now;
      return ok(req, 200, { _links: links, user: userView(user) });
    })
    .post('/v0/kyc/applicant', (req) => {
      const user = currentUser(req);
      if (user.applicant) return ok(req, 200, applicantView(user));
      if (!user.phone?.verified) {
        fail(req, 409, 'KYC-409-001', 'Conflict', 'Phone number must be verified before KYC');
      }
      const now = context.now();
      user.applicant = { id: `app_${randomBytes(12).toString('hex')}`, createdAt: now, updatedAt: now, accessTokensIssued: 0 };
      user.updatedAt = now;
      return ok(req, 201, applicantView(user));
    })
    .post('/v0/kyc/access-token', (req) => {
      const user = currentUser(req);
      const applicant = user.applicant;
      if (!applicant) fail(req, 404, 'KYC-404-001', 'Not Found', 'KYC applicant not found; create one first');
      applicant.accessTokensIssued++;
      if (!applicant.decision) applicant.updatedAt = context.now();
      return ok(req, 200, {
        token: `_act-sbx-${randomBytes(24).toString('hex')}`,
        expires_in: 600,
        applicant_id: applicant.id,
        user_id: user.id,
      });
    })
    .get('/v0/kyc/status', (req) => {
      const user = currentUser(req);
      if (!user.applicant) fail(req, 404, 'KYC-404-001', 'Not Found', 'KYC applicant not found');
      return ok(req, 200, applicantView(user));
    });

  function applicantView(u: SumvinUser) {
    const a = u.applicant!;
    const { status, updatedAt } = kycStatus(a, u.subject);
    return { applicant_id: a.id, user_id: u.id, status, created_at: a.createdAt, updated_at: updatedAt };
  }

  // ---- admin ----------------------------------------------------------------------------------
  const adminError = (status: number, error: string): never => {
    throw new HttpError(json(status, { error }));
  };
  const adminUser = (req: SandboxRequest): SumvinUser => users.get(req.params.userId) ?? adminError(404, 'unknown user');

  const admin = new Router()
    .post('/jwt', (req) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (typeof body.subject !== 'string' || body.subject === '') return adminError(422, 'subject: must be a non-empty string');
      const ttl = body.ttlSeconds ?? 3600;
      if (typeof ttl !== 'number' || !Number.isInteger(ttl)) return adminError(422, 'ttlSeconds: must be an integer');
      if (body.email !== undefined && typeof body.email !== 'string') return adminError(422, 'email: must be a string');
      return json(200, issueJwt(body.subject, ttl, body.email as string | undefined));
    })
    .get('/users', () => json(200, [...users.values()].map(adminView)))
    .get('/users/:userId', (req) => json(200, adminView(adminUser(req))))
    .post('/users/:userId/kyc', (req) => {
      const user = adminUser(req);
      const map = { VERIFIED: 'approved', REJECTED: 'rejected', RETRY: 'retry' } as const;
      const decision = requestedDecision(req.body, ['VERIFIED', 'REJECTED', 'RETRY'] as const);
      if (!decision) return adminError(422, 'decision: must be VERIFIED, REJECTED or RETRY');
      if (!user.applicant) return adminError(409, 'the user has no KYC applicant yet');
      user.applicant.decision = { status: map[decision], at: context.now() };
      user.applicant.updatedAt = context.now();
      if (decision !== 'RETRY') kyc.announce(user.id, decision, map[decision]);
      return json(200, adminView(user));
    })
    .post('/users/:userId/safe', (req) => {
      const user = adminUser(req);
      const outcome = (req.body as { outcome?: unknown } | undefined)?.outcome;
      if (outcome !== 'failed' && outcome !== 'completed') return adminError(422, 'outcome: must be failed or completed');
      user.safeForced = { status: outcome, at: context.now() };
      return json(200, adminView(user));
    });

  return {
    name: 'sumvin',
    basePath: runtime.sandboxPath,
    routes,
    admin,
    errorBody: (status, message) => problem(status, status === 429 ? 'SYS-429-001' : `SYS-${status}-000`, message, message, null),
  };

  function asObject(req: SandboxRequest): Record<string, unknown> {
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      return fail(req, 422, 'USR-422-001', 'Validation Error', 'body: must be a JSON object');
    }
    return req.body as Record<string, unknown>;
  }
}

/** Rewrites `*_at`, `timestamp`, `period_start`, `period_end` numbers as YYYY-MM-DDTHH:MM:SSZ, recursively. */
function isoTimestamps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(isoTimestamps);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const isTime = key.endsWith('_at') || ISO_FIELDS.has(key);
    out[key] = isTime && typeof v === 'number' ? new Date(v).toISOString().replace(/\.\d{3}Z$/, 'Z') : isoTimestamps(v);
  }
  return out;
}

/** A stable pseudo Safe address per user (the real one is a CREATE2 deployment). */
function deriveAddress(seed: string): string {
  return '0x' + Buffer.from(keccak_256(new TextEncoder().encode(`sumvin-safe:${seed}`)).slice(12)).toString('hex');
}
