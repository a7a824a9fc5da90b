import { ApplicationFailure } from '@temporalio/common';
import type { Credential, Holder, OtpVerification, ProviderUser } from '../../domain/onboarding';
import { reveal, secret } from '../../domain/secret';
import { inputFor, type AnySession, type ProviderAdapter } from '../adapter';
import { callScope } from '../call-scope';
import { failureDetails, isFailure, outcomeUnknown, providerFailure } from '../failures';
import { ProviderHttp, type ProviderErrorInfo, type Refusal } from '../http';
import { otpVerdict } from '../otp-verdict';
import { onUserCall } from '../user-call';
import {
  account,
  depositData,
  envelope,
  errorEnvelope,
  kycStartData,
  loginData,
  loginRequest,
  otpRequest,
  portfolioRequest,
  refreshRequest,
  signUpRequest,
  stoknCodes,
  tokenData,
  user as userSchema,
  type StoknUser,
} from './schemas';

/** Stokn's field names mapped to ours, so a validation failure names the input field to fix. */
const ourField: Record<string, string> = {
  phoneNumber: 'person.phone',
  email: 'person.email',
  username: 'person.email',
  password: 'password',
  name: 'portfolioName',
  asset: 'deposit.asset',
  network: 'deposit.network',
};

/**
 * Reads Stokn's error envelope `{success:false, errorCode, errorMessage}` (the envelope is Stokn's,
 * the errorCode values are ours). A refused login (wrong password) is the input's fault, named
 * on the password field; user calls go through onUserCall (a 401 is an expired session).
 */
export function describeStoknError(status: number, body: unknown): ProviderErrorInfo {
  const parsed = errorEnvelope.safeParse(body);
  if (!parsed.success) return { message: `HTTP ${status}` };
  const { errorCode, errorMessage } = parsed.data;
  const info: ProviderErrorInfo = { message: errorMessage || `HTTP ${status}`, code: String(errorCode) };
  const providerField = /^(\w+):/.exec(info.message)?.[1];
  if (providerField && (status === 400 || status === 422)) info.field = ourField[providerField] ?? providerField;
  if (errorCode === stoknCodes.invalidCredentials) {
    info.type = 'ProviderValidation';
    info.field = 'password';
  }
  if (errorCode === stoknCodes.unsupportedAsset) info.field = 'deposit';
  return info;
}

/** *(ours)* The sandbox's OTP answers: 1200 wrong code ("n attempts left"), 1201 expired or used, 1202 dead. */
function recogniseStoknOtp(refusal: Refusal): OtpVerification | undefined {
  const parsed = errorEnvelope.safeParse(refusal.body);
  if (!parsed.success) return undefined;
  const { errorCode, errorMessage } = parsed.data;
  if (errorCode === stoknCodes.otpWrongCode) {
    const left = /(\d+)\s+attempts?\s+left/i.exec(errorMessage ?? '');
    return { accepted: false, reason: 'wrong-code', ...(left ? { attemptsLeft: Number(left[1]) } : {}) };
  }
  if (errorCode === stoknCodes.otpExpired || errorCode === stoknCodes.otpAttemptsExceeded) return { accepted: false, reason: 'expired' };
  return undefined;
}

/** A refusal of the sign-up that our own earlier, lost sign-up could cause (the email or phone taken). */
const refusalsOfADuplicate = [400, 409, 422];

/** Where stokn's API is and the partner credential we use there (providers/stokn/index.ts reads them from the environment). */
export interface StoknConnection {
  baseURL: string;
  clientToken: string;
}

export function createStoknAdapter(config: StoknConnection, timeoutMs: number): ProviderAdapter {
  const http = new ProviderHttp({
    provider: 'stokn',
    baseURL: config.baseURL,
    timeoutMs,
    describeError: describeStoknError,
  });
  const describeUserCallError = onUserCall(describeStoknError);
  const partner = { authorization: `Bearer ${config.clientToken}` };
  const asUser = (session: AnySession) => {
    if (!session.credential) {
      throw providerFailure('CredentialExpired', 'stokn: no user session is held', { provider: 'stokn' });
    }
    return { headers: { authorization: `Bearer ${reveal(session.credential.token)}` }, describeError: describeUserCallError };
  };

  const toProviderUser = (u: StoknUser): ProviderUser => ({ id: u.userId, accountId: u.accounts[0].accountId });

  const toCredential = (t: { accessToken: string; refreshToken?: string; expiresIn: number }, previous?: Credential): Credential => {
    const refresh = t.refreshToken ? secret(t.refreshToken) : previous?.refreshToken;
    return {
      token: secret(t.accessToken),
      expiresAt: new Date(Date.now() + t.expiresIn * 1000).toISOString(),
      ...(refresh ? { refreshToken: refresh } : {}),
    };
  };

  async function me(session: AnySession): Promise<StoknUser> {
    const { data } = await http.request({ method: 'GET', url: '/v1/user/me', ...asUser(session) }, envelope(userSchema));
    return data.data;
  }

  function findPortfolio(u: StoknUser, accountId: string | undefined, name: string): Holder | undefined {
    const acc = u.accounts.find((a) => a.accountId === accountId) ?? u.accounts[0];
    const found = acc.portfolios.find((p) => p.name === name && p.portfolioAccountType === 'TRADING');
    return found ? { kind: 'portfolio', id: found.portfolioId, ready: true } : undefined;
  }

  return {
    name: 'stokn',

    /**
     * POST /v1/user/sign-up. Stokn lets us choose no id and documents no way to find a user, so a
     * sign-up refused on a later attempt may be our own earlier sign-up whose answer was lost:
     * the onboarding stops for support rather than guess (an email lookup would also accept
     * somebody else's user). The same after a restart whose earlier run recorded no user. On the
     * first attempt of a first run a refusal is what it says (a conflict: someone else holds the
     * email or phone).
     */
    async createUser(session) {
      const input = inputFor(session, 'stokn');
      const body = signUpRequest.parse({
        phoneNumber: input.person.phone,
        email: input.person.email,
        password: reveal(input.password),
        roles: ['USER'],
      });
      try {
        const { data } = await http.request({ method: 'POST', url: '/v1/user/sign-up', headers: partner, data: body }, envelope(userSchema));
        return toProviderUser(data.data);
      } catch (err) {
        const status = err instanceof ApplicationFailure && err.nonRetryable ? failureDetails(err)?.status : undefined;
        // A restart of a failed onboarding (session.restartOf) may meet the earlier run's own user, even at its first attempt.
        const ours = callScope().attempt > 1 || session.restartOf !== undefined;
        if (!ours || status === undefined || !refusalsOfADuplicate.includes(status)) throw err;
        const earlier = session.restartOf ? `an earlier run of this onboarding (${session.restartOf}) or ` : '';
        throw outcomeUnknown(
          'stokn',
          `the sign-up was refused (HTTP ${status}) after ${earlier}an earlier attempt whose answer was lost; Stokn documents no way to find the user`,
          "Stokn back office: find the user signed up with this onboarding's email (our sandbox: GET /v1/user/by-email) and check its phone is the onboarding's; " +
            'found: hand back its userId as id and its accountId; none, or somebody else: retry',
          { object: 'user', ids: ['id', 'accountId'] },
        );
      }
    },

    async sendOtp(session, channel) {
      if (channel !== 'sms') {
        throw providerFailure('InvalidInput', `stokn sends codes by sms only, not ${channel}`, { provider: 'stokn' });
      }
      const input = inputFor(session, 'stokn');
      const body = loginRequest.parse({ username: input.person.email, password: reveal(input.password) });
      const { data } = await http.request({ method: 'POST', url: '/v1/user/login', headers: partner, data: body }, envelope(loginData));
      const ttlSeconds = data.data.expiresIn ?? 300;
      return {
        channel: 'sms',
        challengeId: data.data.sessionId,
        expiresAt: new Date(Date.now() + ttlSeconds * 1000).toISOString(),
        ...(data.data.codeDeliveryDestination ? { sentTo: data.data.codeDeliveryDestination } : {}),
      };
    },

    /**
     * POST /v1/user/otp. Stokn documents no way to see whether a session was already answered, so
     * a retried check (the first answer may have been a lost 200, which used the code) sends the
     * code again: a 200 means the first never counted; a refusal in unrecognised words asks for a
     * new code rather than counting the person's code as wrong.
     */
    async verifyOtp(session, code) {
      const input = inputFor(session, 'stokn');
      const sessionId = session.challenge.challengeId;
      if (!sessionId) return { accepted: false, reason: 'expired' };
      const body = otpRequest.parse({ sessionId, username: input.person.email, challengeType: 'SMS_MFA', code });
      const sent = await http.send({ method: 'POST', url: '/v1/user/otp', headers: partner, data: body }, envelope(tokenData));
      if (sent.ok) return { accepted: true, credential: toCredential(sent.data.data) };
      return otpVerdict(sent, { provider: 'stokn', recognise: recogniseStoknOtp, mayBeOurLostSuccess: callScope().attempt > 1 });
    },

    async refreshCredential(session) {
      const input = inputFor(session, 'stokn');
      const refreshToken = session.credential.refreshToken;
      if (!refreshToken) throw providerFailure('ProviderAuth', 'stokn: the session has no refresh token', { provider: 'stokn' });
      const body = refreshRequest.parse({ username: input.person.email, refreshToken: reveal(refreshToken) });
      const { data } = await http.request({ method: 'POST', url: '/v1/user/refresh', headers: partner, data: body }, envelope(tokenData));
      return toCredential(data.data, session.credential);
    },

    async startKyc(session) {
      const { data } = await http.request({ method: 'GET', url: '/v1/kyc/start', ...asUser(session) }, envelope(kycStartData));
      return { identificationUrl: data.data.identificationUrl };
    },

    async getKycStatus(session) {
      const u = await me(session);
      const acc = u.accounts.find((a) => a.accountId === session.user.accountId) ?? u.accounts[0];
      const providerStatus = u.userAccountStatus ?? (acc.active ? 'ACTIVE' : 'UNKNOWN');
      if (acc.active) return { state: 'verified', providerStatus };
      // REJECTED as a terminal userAccountStatus *(ours)*; the active account is documented.
      if (providerStatus === 'REJECTED') return { state: 'rejected', providerStatus };
      return { state: 'pending', providerStatus };
    },

    /**
     * POST /v1/account/portfolio, after reading the account's portfolios (the documented user
     * object lists them): a portfolio named `portfolioName` made by an earlier attempt whose answer
     * was lost is found there, so a retry never makes a second one.
     */
    async createHolder(session) {
      const input = inputFor(session, 'stokn');
      const accountId = session.user.accountId ?? (await me(session)).accounts[0].accountId;
      const name = input.portfolioName;
      const existing = findPortfolio(await me(session), accountId, name);
      if (existing) return existing;
      const body = portfolioRequest.parse({ accountId, name, portfolioAccountType: 'TRADING' });
      try {
        const { data } = await http.request({ method: 'POST', url: '/v1/account/portfolio', headers: partner, data: body }, envelope(account));
        const created = data.data.portfolios.find((p) => p.name === name && p.portfolioAccountType === 'TRADING');
        if (created) return { kind: 'portfolio', id: created.portfolioId, ready: true };
      } catch (err) {
        // A 409 *(ours: unique names)* means an attempt of ours made it since the list was read.
        if (!isFailure(err, 'ProviderConflict')) throw err;
      }
      const found = findPortfolio(await me(session), accountId, name);
      if (found) return found;
      throw providerFailure('InvalidProviderResponse', 'stokn: the portfolio is not on the account after its creation', {
        provider: 'stokn',
      });
    },

    async depositAddress(session) {
      const input = inputFor(session, 'stokn');
      const accountId = session.user.accountId;
      if (!accountId) throw providerFailure('InvalidInput', 'stokn: the user has no accountId', { provider: 'stokn' });
      const { asset, network } = input.deposit;
      const url = `/v1/wallet/deposit/${encodeURIComponent(accountId)}/${encodeURIComponent(asset)}/${encodeURIComponent(network)}`;
      const { data } = await http.request({ method: 'GET', url, ...asUser(session) }, envelope(depositData));
      return { address: data.data.address, currency: data.data.coin, network: data.data.network };
    },
  };
}
