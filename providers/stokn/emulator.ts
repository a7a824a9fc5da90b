import { randomBytes, randomUUID } from 'node:crypto';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import type { EmulatorContext, ProviderEmulator } from '../../dev/sandbox/emulator';
import { HttpError, json, type SandboxRequest } from '../../dev/sandbox/http';
import { Router } from '../../dev/sandbox/router';
import { randomBitcoinTestnetAddress, randomEthereumAddress } from '../../dev/sandbox/addresses';
import { checkCode, isUsable, sendChallenge, supersede, type OtpChallenge } from '../../dev/sandbox/otp-challenge';
import { TokenStore } from '../../dev/sandbox/token-store';
import { KycReview, requestedDecision } from '../../dev/sandbox/kyc-review';
import { stokn as runtime } from './index';

/**
 * Stokn emulator (basePath /stokn). Every answer is Stokn's envelope
 * `{success, data, errorCode, errorMessage}`; errors have `success: false`, `data: null`, one of
 * the numeric codes below and a message that never repeats what was sent (no email, phone, code).
 *
 * Error codes *(ours; Stokn documents the field as a number but not its values)*:
 */
export const stoknErrorCodes = {
  /** 400: a field is missing or malformed; errorMessage is "field: problem; field: problem". */
  VALIDATION: 1000,
  /** 401: partner client token or user access token missing or unknown. */
  UNAUTHORIZED: 1001,
  /** 401: the user's access token has expired (refresh it with POST /v1/user/refresh). */
  TOKEN_EXPIRED: 1002,
  /** 401: login refused (unknown username or wrong password; not told apart). */
  INVALID_CREDENTIALS: 1003,
  /** 401: refresh token unknown or not for this username. */
  INVALID_REFRESH_TOKEN: 1004,
  /** 403: the account is not active yet (KYC not VERIFIED). */
  ACCOUNT_NOT_ACTIVE: 1010,
  /** 403: a deposit address needs a TRADING portfolio on the account first. */
  NO_TRADING_PORTFOLIO: 1011,
  /** 403: the account does not belong to the user of the access token. */
  ACCOUNT_NOT_OWNED: 1012,
  /** 404: no such user, account or resource. */
  NOT_FOUND: 1040,
  /** 405 */
  METHOD_NOT_ALLOWED: 1045,
  /** 409: the email is already registered. */
  DUPLICATE_EMAIL: 1090,
  /** 409: the phone number is already registered. */
  DUPLICATE_PHONE: 1091,
  /** 409: a portfolio with that name already exists on the account. */
  DUPLICATE_PORTFOLIO: 1092,
  /** 400: wrong OTP code; errorMessage says how many attempts are left. */
  OTP_WRONG_CODE: 1200,
  /** 400: the OTP session is unknown, already used, superseded by a newer login, or expired. */
  OTP_EXPIRED: 1201,
  /** 400: the OTP session is dead after too many wrong codes; log in again for a new code. */
  OTP_ATTEMPTS_EXCEEDED: 1202,
  /** 400: the (asset, network) pair is not supported for deposits. */
  UNSUPPORTED_ASSET: 1300,
  /** 429 (injected by the sandbox). */
  RATE_LIMITED: 1429,
  /** 5xx (injected by the sandbox). */
  INTERNAL: 1500,
} as const;

export interface StoknEmulatorOptions {
  /** Partner client credential expected in `Authorization: Bearer` on partner calls. */
  clientToken?: string;
  /** Lifetime of an SMS code (default 5 minutes); read at each login, so a test may change it while the sandbox runs. */
  otpTtlMs?: number;
  /** Wrong codes allowed per challenge before it is dead (default 3). */
  otpMaxAttempts?: number;
  /** Lifetime of an access token (default 15 minutes). */
  accessTokenTtlMs?: number;
  /** When set, KYC is decided this long after GET /v1/kyc/start (VERIFIED unless the persona says REJECTED). */
  autoDecideKycAfterMs?: number;
}

type KycDecision = 'VERIFIED' | 'REJECTED';
type UserAccountStatus = 'PENDING_KYC' | 'KYC_IN_PROGRESS' | KycDecision;

interface Portfolio {
  portfolioId: string;
  name: string;
  accountId: string;
  creationTs: string;
  publicStrategy: boolean;
  portfolioAccountType: 'TRADING';
}

interface Account {
  accountId: string;
  email: string;
  creationTs: string;
  active: boolean;
  portfolios: Portfolio[];
  /** network -> address, created on the first deposit request. */
  addresses: Map<string, string>;
}

/** A login's SMS challenge: the sandbox's OTP lifecycle under Stokn's session id. */
interface Challenge extends OtpChallenge {
  sessionId: string;
}

interface Identification {
  identificationId: string;
  startedAt: number;
  numberOfAttempts: number;
}

interface User {
  userId: string;
  email: string;
  phoneNumber: string;
  password: string;
  roles: string[];
  phoneVerified: boolean;
  status: UserAccountStatus;
  account: Account;
  challenges: Challenge[];
  identification?: Identification;
  kycDecidedAt?: number;
  refreshTokens: Set<string>;
}

/**
 * Deposit pairs supported by the sandbox (asset/network). BTC is on Bitcoin testnet (tb1, bech32);
 * ETH and USDC share one EIP-55 address per account on Ethereum.
 */
const depositPairs: Record<string, 'BTC' | 'ETH'> = { 'BTC/BTC': 'BTC', 'ETH/ETH': 'ETH', 'USDC/ETH': 'ETH' };

const E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function createEmulator(context: EmulatorContext, options: StoknEmulatorOptions = {}): ProviderEmulator {
  const clientToken = options.clientToken ?? 'sandbox-stokn-client-token';
  const otpTtlMs = () => options.otpTtlMs ?? 5 * 60_000;
  const otpMaxAttempts = options.otpMaxAttempts ?? 3;
  const accessTokenTtlMs = options.accessTokenTtlMs ?? 15 * 60_000;

  const users = new Map<string, User>();
  const accessTokens = new TokenStore(() => context.now());
  const kyc = new KycReview(context, 'stokn', options);
  const now = () => context.now();
  const iso = (ms: number) => new Date(ms).toISOString();

  // ---- envelope and errors ----
  const ok = (data: unknown, status = 200) => json(status, { success: true, data, errorCode: 0, errorMessage: null });
  const errorBody = (errorCode: number, errorMessage: string) => ({ success: false, data: null, errorCode, errorMessage });
  const fail = (status: number, errorCode: number, errorMessage: string) => new HttpError(json(status, errorBody(errorCode, errorMessage)));

  // ---- auth ----
  function bearer(req: SandboxRequest): string | undefined {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
    return match?.[1];
  }
  function requirePartner(req: SandboxRequest): void {
    if (bearer(req) !== clientToken) throw fail(401, stoknErrorCodes.UNAUTHORIZED, 'Unauthorized: a valid client token is required');
  }
  function requireUser(req: SandboxRequest): User {
    const check = accessTokens.check(bearer(req));
    const user = check.valid ? users.get(check.userId) : undefined;
    if (check.valid && user) return user;
    if (!check.valid && check.reason === 'expired') throw fail(401, stoknErrorCodes.TOKEN_EXPIRED, 'Access token expired');
    throw fail(401, stoknErrorCodes.UNAUTHORIZED, 'Unauthorized: a valid access token is required');
  }

  // ---- validation ----
  function bodyObject(req: SandboxRequest): Record<string, unknown> {
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      throw fail(400, stoknErrorCodes.VALIDATION, 'body: must be a JSON object');
    }
    return req.body as Record<string, unknown>;
  }
  function validate(problems: string[]): void {
    if (problems.length) throw fail(400, stoknErrorCodes.VALIDATION, problems.join('; '));
  }
  function requireString(body: Record<string, unknown>, field: string, problems: string[]): string {
    const value = body[field];
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`${field}: is required`);
      return '';
    }
    return value;
  }

  // ---- KYC ----
  function personaDecision(user: User): KycDecision {
    return user.email.split('@')[0].endsWith('+rejected') ? 'REJECTED' : 'VERIFIED';
  }
  function decide(user: User, decision: KycDecision): void {
    user.status = decision;
    user.kycDecidedAt = now();
    user.account.active = decision === 'VERIFIED';
    kyc.announce(user.userId, decision, decision);
  }
  /** Applies an automatic decision that has come due; called before every read of a user. */
  function settle(user: User): User {
    if (user.status === 'KYC_IN_PROGRESS' && kyc.dueAt(user.identification?.startedAt) !== undefined) {
      decide(user, personaDecision(user));
    }
    return user;
  }

  // ---- views ----
  const portfolioView = (p: Portfolio) => ({ ...p });
  const accountView = (a: Account) => ({
    accountId: a.accountId,
    email: a.email,
    subAccountId: null,
    subAccountEmail: null,
    creationTs: a.creationTs,
    portfolios: a.portfolios.map(portfolioView),
    additionalInfo: {},
    active: a.active,
    tradingPortfolioId: a.portfolios.find((p) => p.portfolioAccountType === 'TRADING')?.portfolioId ?? null,
  });
  const userView = (u: User) => ({
    userId: u.userId,
    phoneNumber: u.phoneNumber,
    name: null,
    surname: null,
    accounts: [accountView(u.account)],
    kycIds: u.identification ? [u.identification.identificationId] : [],
    documentIds: [],
    address: {},
    info: {},
    email: u.email,
    userAccountStatus: u.status,
  });
  const adminView = (u: User) => {
    settle(u);
    const open = u.challenges.find((c) => isUsable(c, now()));
    return {
      userId: u.userId,
      // What Stokn's back office shows support looking for a user after a lost sign-up answer.
      email: u.email,
      phoneNumber: u.phoneNumber,
      status: u.status,
      accountId: u.account.accountId,
      active: u.account.active,
      phoneVerified: u.phoneVerified,
      roles: u.roles,
      kyc: u.identification
        ? {
            identificationId: u.identification.identificationId,
            numberOfAttempts: u.identification.numberOfAttempts,
            startedAt: iso(u.identification.startedAt),
            decidedAt: u.kycDecidedAt ? iso(u.kycDecidedAt) : null,
          }
        : null,
      otp: {
        challenges: u.challenges.length,
        open: open ? { sessionId: open.sessionId, wrongAttempts: open.wrongAttempts, expiresAt: iso(open.expiresAt) } : null,
        // Stokn's word for a challenge killed by wrong codes *(ours)*.
        states: u.challenges.map((c) => (c.state === 'exhausted' ? 'dead' : c.state)),
      },
      portfolios: u.account.portfolios.map(portfolioView),
      depositAddresses: Object.fromEntries(u.account.addresses),
    };
  };

  function findByEmail(email: string): User | undefined {
    const wanted = email.trim().toLowerCase();
    return [...users.values()].find((u) => u.email === wanted);
  }
  function findAccount(accountId: string): User | undefined {
    return [...users.values()].find((u) => u.account.accountId === accountId);
  }
  function issueTokens(user: User, refreshToken?: string) {
    const accessToken = accessTokens.mint(user.userId, now() + accessTokenTtlMs, { bytes: 32, encoding: 'base64url' });
    const refresh = refreshToken ?? randomBytes(48).toString('base64url');
    user.refreshTokens.add(refresh);
    return { accessToken, refreshToken: refresh, expiresIn: Math.floor(accessTokenTtlMs / 1000), tokenType: 'Bearer' };
  }
  const mask = (phone: string) => `${phone.slice(0, 3)} *** *** ${phone.slice(-2)}`;

  const routes = new Router()
    // Partner: create the user and its (inactive) account.
    .post('/v1/user/sign-up', (req) => {
      requirePartner(req);
      const body = bodyObject(req);
      const problems: string[] = [];
      const phoneNumber = requireString(body, 'phoneNumber', problems);
      if (phoneNumber && (!E164.test(phoneNumber) || !isValidPhoneNumber(phoneNumber))) {
        problems.push('phoneNumber: must be a valid phone number in E.164 format, such as +33612345678');
      }
      const email = requireString(body, 'email', problems);
      if (email && !EMAIL.test(email)) problems.push('email: must be a valid email address');
      const password = requireString(body, 'password', problems);
      if (password && (password.length < 8 || !/[A-Za-z]/.test(password) || !/\d/.test(password))) {
        problems.push('password: must be at least 8 characters with a letter and a digit');
      }
      const roles = body.roles ?? ['USER'];
      if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => typeof r === 'string' && r !== '')) {
        problems.push('roles: must be a non-empty array of strings');
      }
      validate(problems);
      if (findByEmail(email)) throw fail(409, stoknErrorCodes.DUPLICATE_EMAIL, 'A user with this email already exists');
      if ([...users.values()].some((u) => u.phoneNumber === phoneNumber)) {
        throw fail(409, stoknErrorCodes.DUPLICATE_PHONE, 'A user with this phone number already exists');
      }
      const userId = randomUUID();
      const normalizedEmail = email.trim().toLowerCase();
      const user: User = {
        userId,
        email: normalizedEmail,
        phoneNumber,
        password,
        roles: roles as string[],
        phoneVerified: false,
        status: 'PENDING_KYC',
        account: { accountId: randomUUID(), email: normalizedEmail, creationTs: iso(now()), active: false, portfolios: [], addresses: new Map() },
        challenges: [],
        refreshTokens: new Set(),
      };
      users.set(userId, user);
      return ok(userView(user));
    })
    // Partner *(ours, not a documented Stokn route)*: finds a user by email. The adapter never
    // calls it (it would also accept somebody else's user); it stays for support's manual check
    // after a sign-up whose answer was lost (ProviderOutcomeUnknown names it).
    .get('/v1/user/by-email', (req) => {
      requirePartner(req);
      const email = req.query.get('email');
      if (!email) throw fail(400, stoknErrorCodes.VALIDATION, 'email: is required');
      const user = findByEmail(email);
      if (!user) throw fail(404, stoknErrorCodes.NOT_FOUND, 'User not found');
      return ok(userView(settle(user)));
    })
    // Partner: login starts an SMS_MFA challenge (4 digits) and supersedes any open one.
    .post('/v1/user/login', (req) => {
      requirePartner(req);
      const body = bodyObject(req);
      const problems: string[] = [];
      const username = requireString(body, 'username', problems);
      const password = requireString(body, 'password', problems);
      validate(problems);
      const user = findByEmail(username);
      if (!user || user.password !== password) throw fail(401, stoknErrorCodes.INVALID_CREDENTIALS, 'Incorrect username or password');
      for (const c of user.challenges) supersede(c);
      const challenge: Challenge = {
        sessionId: randomBytes(24).toString('base64url'),
        ...sendChallenge(
          context,
          { provider: 'stokn', channel: 'sms', userId: user.userId, to: user.phoneNumber },
          { digits: 4, ttlMs: otpTtlMs(), maxAttempts: otpMaxAttempts },
        ),
      };
      user.challenges.push(challenge);
      return ok({
        sessionId: challenge.sessionId,
        challengeType: 'SMS_MFA',
        expiresIn: Math.floor(otpTtlMs() / 1000),
        codeDeliveryDestination: mask(user.phoneNumber),
      });
    })
    // Partner: answers the challenge; a correct code verifies the phone and opens a user session.
    .post('/v1/user/otp', (req) => {
      requirePartner(req);
      const body = bodyObject(req);
      const problems: string[] = [];
      const sessionId = requireString(body, 'sessionId', problems);
      const username = requireString(body, 'username', problems);
      const challengeType = requireString(body, 'challengeType', problems);
      if (challengeType && challengeType !== 'SMS_MFA') problems.push('challengeType: must be SMS_MFA');
      const code = requireString(body, 'code', problems);
      if (code && !/^\d{4}$/.test(code)) problems.push('code: must be 4 digits');
      validate(problems);
      const user = findByEmail(username);
      const challenge = user?.challenges.find((c) => c.sessionId === sessionId);
      if (!user || !challenge) throw fail(400, stoknErrorCodes.OTP_EXPIRED, 'Invalid session for the user, session is expired');
      const verdict = checkCode(challenge, code, now());
      if (!verdict.accepted) {
        if (verdict.reason === 'wrong') throw fail(400, stoknErrorCodes.OTP_WRONG_CODE, `Wrong code; ${verdict.attemptsLeft} attempts left`);
        if (verdict.reason === 'exhausted') throw fail(400, stoknErrorCodes.OTP_ATTEMPTS_EXCEEDED, 'Too many wrong codes; log in again to get a new code');
        throw fail(400, stoknErrorCodes.OTP_EXPIRED, 'Invalid session for the user, session is expired');
      }
      user.phoneVerified = true;
      return ok(issueTokens(user));
    })
    // Partner: a new access token from a refresh token (the refresh token itself is kept).
    .post(
      '/v1/user/refresh',
      (req) => {
        requirePartner(req);
        const body = bodyObject(req);
        const problems: string[] = [];
        const username = requireString(body, 'username', problems);
        const refreshToken = requireString(body, 'refreshToken', problems);
        validate(problems);
        const user = findByEmail(username);
        if (!user || !user.refreshTokens.has(refreshToken)) throw fail(401, stoknErrorCodes.INVALID_REFRESH_TOKEN, 'Invalid refresh token');
        return ok(issueTokens(user, refreshToken));
      },
      { mutates: true },
    )
    // User: opens (or returns the open) identification. A GET that changes state, counted as such.
    .add(
      'GET',
      '/v1/kyc/start',
      (req) => {
        const user = settle(requireUser(req));
        if (!user.identification || user.status === 'PENDING_KYC') {
          user.identification = {
            identificationId: randomUUID(),
            startedAt: now(),
            numberOfAttempts: (user.identification?.numberOfAttempts ?? 0) + 1,
          };
          user.status = 'KYC_IN_PROGRESS';
        }
        const ident = user.identification;
        return ok({
          identificationUrl: `https://identify.sandbox.stokn.io/identification/${ident.identificationId}`,
          userId: user.userId,
          phoneNumber: user.phoneNumber,
          numberOfAttempts: ident.numberOfAttempts,
          identificationId: ident.identificationId,
        });
      },
      { mutates: true },
    )
    // User: the user, its status and its account(s) with their portfolios.
    .get('/v1/user/me', (req) => ok(userView(settle(requireUser(req)))))
    // Partner: a TRADING portfolio on an active account; names are unique per account.
    .post('/v1/account/portfolio', (req) => {
      requirePartner(req);
      const body = bodyObject(req);
      const problems: string[] = [];
      const accountId = requireString(body, 'accountId', problems);
      const name = requireString(body, 'name', problems);
      if (name.length > 64) problems.push('name: must be at most 64 characters');
      if (body.portfolioAccountType !== 'TRADING') problems.push('portfolioAccountType: must be TRADING');
      if (body.portfolioId !== undefined && (typeof body.portfolioId !== 'string' || body.portfolioId === '')) {
        problems.push('portfolioId: must be a non-empty string');
      }
      validate(problems);
      const user = findAccount(accountId);
      if (!user) throw fail(404, stoknErrorCodes.NOT_FOUND, 'Account not found');
      settle(user);
      if (!user.account.active) throw fail(403, stoknErrorCodes.ACCOUNT_NOT_ACTIVE, 'Account is not active: KYC must be verified first');
      if (user.account.portfolios.some((p) => p.name === name.trim())) {
        throw fail(409, stoknErrorCodes.DUPLICATE_PORTFOLIO, 'A portfolio with this name already exists on the account');
      }
      const portfolioId = typeof body.portfolioId === 'string' ? body.portfolioId : randomUUID();
      if (user.account.portfolios.some((p) => p.portfolioId === portfolioId)) {
        throw fail(409, stoknErrorCodes.DUPLICATE_PORTFOLIO, 'A portfolio with this id already exists on the account');
      }
      user.account.portfolios.push({
        portfolioId,
        name: name.trim(),
        accountId,
        creationTs: iso(now()),
        publicStrategy: false,
        portfolioAccountType: 'TRADING',
      });
      return ok(accountView(user.account));
    })
    // User: the deposit address of an account for an asset on a network (stable once created).
    .get('/v1/wallet/deposit/:accountId/:asset/:network', (req) => {
      const user = settle(requireUser(req));
      const { accountId, asset, network } = req.params;
      if (user.account.accountId !== accountId) {
        if (!findAccount(accountId)) throw fail(404, stoknErrorCodes.NOT_FOUND, 'Account not found');
        throw fail(403, stoknErrorCodes.ACCOUNT_NOT_OWNED, 'Account does not belong to the user');
      }
      const chain = depositPairs[`${asset.toUpperCase()}/${network.toUpperCase()}`];
      if (!chain) throw fail(400, stoknErrorCodes.UNSUPPORTED_ASSET, `asset: ${sanitize(asset)} on network ${sanitize(network)} is not supported`);
      if (!user.account.active) throw fail(403, stoknErrorCodes.ACCOUNT_NOT_ACTIVE, 'Account is not active: KYC must be verified first');
      if (!user.account.portfolios.some((p) => p.portfolioAccountType === 'TRADING')) {
        throw fail(403, stoknErrorCodes.NO_TRADING_PORTFOLIO, 'A TRADING portfolio is required before deposits');
      }
      let address = user.account.addresses.get(chain);
      if (!address) {
        address = chain === 'BTC' ? randomBitcoinTestnetAddress() : randomEthereumAddress();
        user.account.addresses.set(chain, address);
      }
      return ok({ coin: asset.toUpperCase(), network: network.toUpperCase(), address });
    });

  const adminUser = (req: SandboxRequest): User => {
    const user = users.get(req.params.userId);
    if (!user) throw new HttpError(json(404, { error: 'unknown user' }));
    return user;
  };

  const admin = new Router()
    .post('/users/:userId/kyc', (req) => {
      const user = adminUser(req);
      const decision = requestedDecision(req.body);
      if (!decision) throw new HttpError(json(422, { error: 'decision must be VERIFIED or REJECTED' }));
      decide(user, decision);
      return json(200, adminView(user));
    })
    // Extra: a second user with this user's email and phone, as no sign-up would make (it refuses
    // duplicates): lets a test plant the duplicate its "one user per person" check must catch.
    .post('/users/:userId/twin', (req) => {
      const original = adminUser(req);
      const userId = randomUUID();
      const twin: User = {
        ...original,
        userId,
        challenges: [],
        refreshTokens: new Set(),
        account: { ...original.account, accountId: randomUUID(), portfolios: [], addresses: new Map() },
      };
      users.set(userId, twin);
      return json(200, adminView(twin));
    })
    .get('/users', () => json(200, [...users.values()].map(adminView)))
    .get('/users/:userId', (req) => json(200, adminView(adminUser(req))))
    // Extra: makes every access token of the user expired now (to test CredentialExpired quickly).
    .post('/users/:userId/expire-tokens', (req) => {
      const user = adminUser(req);
      return json(200, { expired: accessTokens.expireAllOf(user.userId) });
    });

  return {
    name: 'stokn',
    basePath: runtime.sandboxPath,
    routes,
    admin,
    errorBody: (status, message) => errorBody(codeForStatus(status), message),
  };
}

function codeForStatus(status: number): number {
  if (status === 429) return stoknErrorCodes.RATE_LIMITED;
  if (status === 404) return stoknErrorCodes.NOT_FOUND;
  if (status === 405) return stoknErrorCodes.METHOD_NOT_ALLOWED;
  if (status === 400) return stoknErrorCodes.VALIDATION;
  if (status === 401) return stoknErrorCodes.UNAUTHORIZED;
  return stoknErrorCodes.INTERNAL;
}

/** Path segments are echoed only when they look like asset symbols. */
function sanitize(value: string): string {
  return /^[A-Za-z0-9]{1,12}$/.test(value) ? value.toUpperCase() : '(invalid)';
}
