import type { Credential, Holder, ProviderUser } from '../../domain/onboarding';
import type { FailureType } from '../../domain/failures';
import { reveal, secret } from '../../domain/secret';
import { inputFor, type ProviderAdapter, type Session } from '../adapter';
import type { ProvidersConfig } from '../config';
import { failureDetails, isFailure, providerFailure } from '../failures';
import { ProviderHttp, type ProviderErrorInfo } from '../http';
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

type CallKind = 'partner' | 'user';

/**
 * Reads Stokn's error envelope. A 401 on a user call (expired or unknown access token) is
 * CredentialExpired so that the workflow refreshes the session; a 401 on a partner call stays
 * ProviderAuth (our client token), except a refused login (wrong password: the input is wrong).
 */
export function describeStoknError(kind: CallKind) {
  return (status: number, body: unknown): ProviderErrorInfo => {
    const parsed = errorEnvelope.safeParse(body);
    if (!parsed.success) return { message: `HTTP ${status}` };
    const { errorCode, errorMessage } = parsed.data;
    const message = errorMessage || `HTTP ${status}`;
    const info: ProviderErrorInfo = { message, code: String(errorCode) };
    const providerField = /^(\w+):/.exec(message)?.[1];
    if (providerField && (status === 400 || status === 422)) info.field = ourField[providerField] ?? providerField;
    let type: FailureType | undefined;
    if (status === 401 && kind === 'user') type = 'CredentialExpired';
    if (errorCode === stoknCodes.invalidCredentials) {
      type = 'ProviderValidation';
      info.field = 'password';
    }
    if (errorCode === stoknCodes.unsupportedAsset) info.field = 'deposit';
    if (type) info.type = type;
    return info;
  };
}

export function createStoknAdapter(config: ProvidersConfig['stokn'], timeoutMs: number): ProviderAdapter {
  const http = new ProviderHttp({
    provider: 'stokn',
    baseURL: config.baseURL,
    timeoutMs,
    describeError: describeStoknError('partner'),
  });
  const partner = { authorization: `Bearer ${config.clientToken}` };
  const asUser = (session: Session) => {
    if (!session.credential) {
      throw providerFailure('CredentialExpired', 'stokn: no user session is held', { provider: 'stokn' });
    }
    return { headers: { authorization: `Bearer ${reveal(session.credential.token)}` }, describeError: describeStoknError('user') };
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

  /** *(ours)* partner lookup by email; undefined when no such user. */
  async function findUserByEmail(email: string): Promise<StoknUser | undefined> {
    try {
      const { data } = await http.request({ method: 'GET', url: '/v1/user/by-email', params: { email }, headers: partner }, envelope(userSchema));
      return data.data;
    } catch (err) {
      if (isFailure(err, 'ProviderNotFound')) return undefined;
      throw err;
    }
  }

  async function me(session: Session): Promise<StoknUser> {
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
        if (!isFailure(err, 'ProviderConflict')) throw err;
        // A retry after a lost answer meets our own first sign-up: find it by email. Only the same
        // email with the same phone counts as ours; anything else is a real conflict.
        const found = await findUserByEmail(input.person.email);
        if (found && (!found.phoneNumber || found.phoneNumber === input.person.phone)) return toProviderUser(found);
        throw err;
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

    async verifyOtp(session, code) {
      const input = inputFor(session, 'stokn');
      const sessionId = session.challenge.challengeId;
      if (!sessionId) return { accepted: false, reason: 'expired' };
      const body = otpRequest.parse({ sessionId, username: input.person.email, challengeType: 'SMS_MFA', code });
      let errorMessage = '';
      const describe = describeStoknError('partner');
      try {
        const { data } = await http.request(
          {
            method: 'POST',
            url: '/v1/user/otp',
            headers: partner,
            data: body,
            describeError: (status, errBody) => {
              const parsed = errorEnvelope.safeParse(errBody);
              if (parsed.success) errorMessage = parsed.data.errorMessage ?? '';
              return describe(status, errBody);
            },
          },
          envelope(tokenData),
        );
        return { accepted: true, credential: toCredential(data.data) };
      } catch (err) {
        const failureCode = isFailure(err, 'ProviderValidation') ? failureDetails(err)?.code : undefined;
        if (failureCode === String(stoknCodes.otpWrongCode)) {
          const left = /(\d+)\s+attempts?\s+left/i.exec(errorMessage);
          return { accepted: false, reason: 'wrong-code', ...(left ? { attemptsLeft: Number(left[1]) } : {}) };
        }
        if (failureCode === String(stoknCodes.otpExpired) || failureCode === String(stoknCodes.otpAttemptsExceeded)) {
          return { accepted: false, reason: 'expired' };
        }
        throw err;
      }
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
      if (providerStatus === 'REJECTED') return { state: 'rejected', providerStatus };
      return { state: 'pending', providerStatus };
    },

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
        // 409: the portfolio exists, created by our earlier attempt whose answer was lost.
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
