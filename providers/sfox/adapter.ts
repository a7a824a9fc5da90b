import type { DepositAddress, Holder, KycObservation, OtpChallenge, OtpVerification, ProviderUser } from '../../domain/onboarding';
import type { OtpChannel } from '../../domain/providers';
import type { SfoxInput } from '../../domain/inputs/sfox';
import { inputFor, type ProviderAdapter } from '../adapter';
import type { ProvidersConfig } from '../config';
import { ProviderHttp, type ProviderErrorInfo } from '../http';
import { failureDetails, isFailure } from '../failures';
import {
  deactivateResponse,
  depositAddressResponse,
  endUserResponse,
  errorBody,
  registerAccountRequest,
  sendVerificationRequest,
  sendVerificationResponse,
  userTokenResponse,
  verifyRequest,
  verifyResponse,
  type RegisterAccountRequest,
} from './schemas';

/** Lifetime of an sFOX verification code (SPEC: 10 minutes). */
const OTP_TTL_MS = 10 * 60 * 1000;

/** "individual.dob: must be ..." -> "individual.dob"; sFOX messages start with the field they are about. */
const FIELD_PREFIX = /^([A-Za-z_]+(?:\[\d+\])?(?:\.[A-Za-z_]+(?:\[\d+\])?)*):\s/;

/**
 * Codes we give the sandbox's (and our reading of sFOX's) 422 messages, so that callers can tell
 * a wrong OTP from an expired one without parsing text again.
 */
function codeOf(message: string): string | undefined {
  if (/already verified/i.test(message)) return 'ALREADY_VERIFIED';
  if (/has expired/i.test(message)) return 'OTP_EXPIRED';
  if (/too many incorrect attempts/i.test(message)) return 'OTP_EXHAUSTED';
  if (/incorrect verification code/i.test(message)) return 'OTP_WRONG';
  if (/no \w+ verification code has been requested/i.test(message)) return 'OTP_NOT_REQUESTED';
  return undefined;
}

export function describeSfoxError(status: number, body: unknown): ProviderErrorInfo {
  const parsed = errorBody.safeParse(body);
  const message = parsed.success ? parsed.data.error : `HTTP ${status}`;
  const field = FIELD_PREFIX.exec(message)?.[1];
  return { message, field, code: codeOf(message) };
}

/** On user calls (user token) a 401 means the token was refused: an expired credential, not our partner key. */
function describeUserCallError(status: number, body: unknown): ProviderErrorInfo {
  const info = describeSfoxError(status, body);
  return status === 401 ? { ...info, type: 'CredentialExpired' } : info;
}

/** Our neutral input -> sFOX's register-account body. */
export function registerAccountBody(input: SfoxInput, userId: string): RegisterAccountRequest {
  const p = input.person;
  const common = {
    account_type: input.accountType,
    account_role: input.accountRole,
    user_id: userId,
    first_name: p.firstName,
    last_name: p.lastName,
    email: p.email,
    phone_country_code: p.phone.country,
    phone_number: p.phone.number,
    account_purpose: input.accountPurpose,
  };
  if (input.accountType === 'individual') {
    const person = input.person;
    return registerAccountRequest.parse({
      ...common,
      individual: {
        dob: person.dateOfBirth,
        residential_country_code: person.address.country,
        residential_address: person.address.line1,
        residential_city: person.address.city,
        residential_state: person.address.state,
        residential_postal_code: person.address.postalCode,
        id_type: person.identity.type,
        id_number: person.identity.number,
        id_country_code: person.identity.country,
      },
    });
  }
  const b = input.business;
  return registerAccountRequest.parse({
    ...common,
    business: {
      entity_name: b.entityName,
      organization_type: b.organizationType,
      registration_number: b.registrationNumber,
      principal_place_country: b.principalPlace.country,
      principal_place_state: b.principalPlace.state,
      principal_place_address: b.principalPlace.address,
      principal_place_city: b.principalPlace.city,
      principal_place_postal_code: b.principalPlace.postalCode,
      incorporation_country: b.incorporation.country,
      incorporation_state: b.incorporation.state,
      incorporation_date: b.incorporation.date,
      accredited_investor: b.accreditedInvestor,
      non_agent_intermediary: b.nonAgentIntermediary,
      business_type: b.businessType,
      description: b.description,
      ...(b.website !== undefined ? { website: b.website } : {}),
    },
    beneficial_owners: input.beneficialOwners.map((o) => ({
      first_name: o.firstName,
      ...(o.middleName ? { middle_name: o.middleName } : {}),
      last_name: o.lastName,
      email: o.email,
      phone_number: o.phone,
      dob: o.dateOfBirth,
      address_country_code: o.address.country,
      address_subdivision: o.address.state,
      address_street1: o.address.line1,
      address_city: o.address.city,
      address_postal_code: o.address.postalCode,
      id_type: o.identity.type,
      id_country_code: o.identity.country,
      id_number: o.identity.number,
    })),
  });
}

function mask(channel: OtpChannel, input: SfoxInput): string {
  if (channel === 'sms') return `*** ${input.person.phone.number.slice(-4)}`;
  const [local, domain] = input.person.email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/**
 * sFOX Connect. The user id is ours (session.userKey), so a lost register answer is recovered by
 * reading the user. No credential is kept: each user call mints a fresh 24 h user token and
 * forgets it ('fresh-token'). The account itself holds the funds (holder kind 'account').
 */
export function createSfoxAdapter(config: ProvidersConfig['sfox'], timeoutMs: number): ProviderAdapter {
  const http = new ProviderHttp({
    provider: 'sfox',
    baseURL: config.baseURL,
    timeoutMs,
    headers: { Authorization: `Bearer ${config.enterpriseKey}` },
    describeError: describeSfoxError,
  });

  const path = (template: string, userId: string) => template.replace(':userId', encodeURIComponent(userId));

  async function getUser(userId: string) {
    const { data } = await http.request({ method: 'GET', url: path('/v1/enterprise/users/:userId', userId) }, endUserResponse);
    return data.data;
  }

  async function mintUserToken(userId: string): Promise<string> {
    const { data } = await http.request({ method: 'POST', url: path('/v1/enterprise/user-tokens/:userId', userId) }, userTokenResponse);
    return data.data.token;
  }

  /** A user call with a freshly minted token; one more fresh token if that one is refused. */
  async function asUser<T>(userId: string, call: (headers: Record<string, string>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const token = await mintUserToken(userId);
      try {
        return await call({ Authorization: `Bearer ${token}` });
      } catch (err) {
        if (attempt < 2 && isFailure(err, 'CredentialExpired')) continue;
        throw err;
      }
    }
  }

  return {
    name: 'sfox',

    async createUser(session): Promise<ProviderUser> {
      const input = inputFor(session, 'sfox');
      const body = registerAccountBody(input, session.userKey);
      try {
        const { data } = await http.request({ method: 'POST', url: '/v1/enterprise/register-account', data: body }, endUserResponse);
        return { id: data.data.user_id };
      } catch (err) {
        if (!isFailure(err, 'ProviderConflict')) throw err;
        // Our earlier attempt may have registered the user before its answer was lost: the user_id
        // is ours, so the account under it is the one we created. Otherwise (email used by someone
        // else) the conflict stands.
        try {
          const user = await getUser(session.userKey);
          return { id: user.user_id };
        } catch (lookup) {
          if (isFailure(lookup, 'ProviderNotFound')) throw err;
          throw lookup;
        }
      }
    },

    async sendOtp(session, channel): Promise<OtpChallenge> {
      const input = inputFor(session, 'sfox');
      await http.request(
        {
          method: 'POST',
          url: path('/v1/enterprise/users/send-verification/:userId', session.user.id),
          data: sendVerificationRequest.parse({ type: channel }),
        },
        sendVerificationResponse,
      );
      return { channel, expiresAt: new Date(Date.now() + OTP_TTL_MS).toISOString(), sentTo: mask(channel, input) };
    },

    async verifyOtp(session, code): Promise<OtpVerification> {
      const type = session.challenge.channel;
      const request = verifyRequest.safeParse({ type, otp: code.trim() });
      if (!request.success) return { accepted: false, reason: 'wrong-code' };
      let lastMessage = '';
      try {
        await http.request(
          {
            method: 'POST',
            url: path('/v1/enterprise/users/verify/:userId', session.user.id),
            data: request.data,
            describeError: (status, body) => {
              const info = describeSfoxError(status, body);
              lastMessage = info.message;
              return info;
            },
          },
          verifyResponse,
        );
        return { accepted: true };
      } catch (err) {
        if (!isFailure(err, 'ProviderValidation')) throw err;
        switch (failureDetails(err)?.code) {
          case 'ALREADY_VERIFIED':
            // Our earlier attempt was accepted but its answer was lost.
            return { accepted: true };
          case 'OTP_WRONG': {
            const left = /\((\d+) attempts? left\)/.exec(lastMessage);
            return left ? { accepted: false, reason: 'wrong-code', attemptsLeft: Number(left[1]) } : { accepted: false, reason: 'wrong-code' };
          }
          // A code that no longer works (expired, or killed by too many wrong attempts, or never
          // requested): only a new code helps.
          case 'OTP_EXPIRED':
          case 'OTP_EXHAUSTED':
          case 'OTP_NOT_REQUESTED':
            return { accepted: false, reason: 'expired' };
          default:
            throw err;
        }
      }
    },

    async getKycStatus(session): Promise<KycObservation> {
      const user = await getUser(session.user.id);
      const left = Object.entries(user.requirements)
        .filter(([, v]) => v)
        .map(([k]) => k);
      switch (user.status.toUpperCase()) {
        case 'VERIFIED':
          return { state: 'verified', providerStatus: user.status };
        case 'UNSUPPORTED':
          return { state: 'rejected', providerStatus: user.status, reason: 'sFOX does not support this account' };
        case 'INACTIVE':
          return { state: 'rejected', providerStatus: user.status, reason: 'the account is deactivated' };
        default:
          return {
            state: 'pending',
            providerStatus: user.status,
            ...(left.length > 0 ? { reason: `requirements left: ${left.join(', ')}` } : {}),
          };
      }
    },

    async createHolder(session): Promise<Holder> {
      // The sFOX account itself holds the funds: nothing to create.
      return { kind: 'account', id: session.user.id, ready: true };
    },

    async depositAddress(session): Promise<DepositAddress> {
      const input = inputFor(session, 'sfox');
      const currency = input.deposit.currency;
      const { data } = await asUser(session.user.id, (headers) =>
        http.request(
          {
            method: 'POST',
            url: `/v1/user/deposit/address/${encodeURIComponent(currency)}`,
            headers,
            describeError: describeUserCallError,
          },
          depositAddressResponse,
        ),
      );
      return { address: data.data.address, currency: data.data.currency, network: data.data.network };
    },

    async deactivate(session): Promise<void> {
      try {
        await http.request({ method: 'DELETE', url: path('/v1/enterprise/account/:userId', session.user.id) }, deactivateResponse);
      } catch (err) {
        // Nothing to undo when the account is not there.
        if (isFailure(err, 'ProviderNotFound')) return;
        throw err;
      }
    },
  };
}
