import type { DepositAddress, Holder, KycObservation, OtpChallenge, OtpVerification, ProviderUser } from '../../domain/onboarding';
import type { OtpChannel } from '../../domain/providers';
import type { ProviderCallInput } from '../../domain/call-inputs';
import { inputFor, type ProviderAdapter } from '../adapter';
import { callScope } from '../call-scope';
import { isFailure } from '../failures';
import { ProviderHttp, type ProviderErrorInfo, type Refusal } from '../http';
import { maskEmail, maskPhone } from '../masking';
import { otpVerdict } from '../otp-verdict';
import { createUnderOwnId } from '../own-id';
import { onUserCall } from '../user-call';
import {
  deactivateResponse,
  depositAddressResponse,
  endUserRequirements,
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
 * What we read in sFOX's `{"error": "<message>"}`: the field a message starts with
 * ("individual.dob: must be ..."), which is our reading of sFOX's messages and the sandbox's
 * *(ours)*. A message we do not parse still becomes a failure typed by its status.
 */
export function describeSfoxError(status: number, body: unknown): ProviderErrorInfo {
  const parsed = errorBody.safeParse(body);
  const message = parsed.success ? parsed.data.error : `HTTP ${status}`;
  return { message, field: FIELD_PREFIX.exec(message)?.[1] };
}

const describeUserCallError = onUserCall(describeSfoxError);

/**
 * *(ours)* The sandbox's (and our reading of sFOX's) OTP answers: "already verified" (the page
 * words it so for send-verification), "has expired", "too many incorrect attempts", "no ...
 * code has been requested", "incorrect verification code (n attempts left)".
 */
function recogniseSfoxOtp(refusal: Refusal): OtpVerification | undefined {
  const parsed = errorBody.safeParse(refusal.body);
  if (!parsed.success) return undefined;
  const message = parsed.data.error;
  if (/already verified/i.test(message)) return { accepted: true };
  if (/has expired|too many incorrect attempts|no \w+ verification code has been requested/i.test(message)) {
    return { accepted: false, reason: 'expired' };
  }
  if (/incorrect verification code/i.test(message)) {
    const left = /\((\d+) attempts? left\)/.exec(message);
    return { accepted: false, reason: 'wrong-code', ...(left ? { attemptsLeft: Number(left[1]) } : {}) };
  }
  return undefined;
}

/** Our neutral input -> sFOX's register-account body. */
export function registerAccountBody(input: ProviderCallInput<'sfox', 'createUser'>, userId: string): RegisterAccountRequest {
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

function maskedContact(channel: OtpChannel, input: ProviderCallInput<'sfox', 'sendOtp'>): string {
  return channel === 'sms' ? maskPhone(input.person.phone.number) : maskEmail(input.person.email);
}

/**
 * sFOX Connect. The user id is ours (session.userKey), so a lost register answer is recovered by
 * reading the user. No credential is kept: each user call mints a fresh 24 h user token and
 * forgets it ('fresh-token'). The account itself holds the funds (holder kind 'account').
 */
/** Where sfox's API is and the partner credential we use there (providers/sfox/index.ts reads them from the environment). */
export interface SfoxConnection {
  baseURL: string;
  enterpriseKey: string;
}

export function createSfoxAdapter(config: SfoxConnection, timeoutMs: number): ProviderAdapter {
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

  /** True when the end user's requirements (documented) say the channel needs nothing more. */
  async function requirementMet(userId: string, type: OtpChannel): Promise<boolean> {
    const { data } = await http.request({ method: 'GET', url: path('/v1/enterprise/users/:userId', userId) }, endUserRequirements);
    return data.data.requirements !== undefined && data.data.requirements[type] !== true;
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

    /**
     * POST register-account under our own user_id (sFOX: "defined by you", the shared id). sFOX
     * documents no 409, so any refusal may be our own earlier registration whose answer was lost:
     * the account under our id is read back (GET end user); when there is none, the refusal stands.
     */
    async createUser(session): Promise<ProviderUser> {
      const input = inputFor(session, 'sfox');
      const body = registerAccountBody(input, session.userKey);
      return createUnderOwnId(
        async () => {
          const { data } = await http.request({ method: 'POST', url: '/v1/enterprise/register-account', data: body }, endUserResponse);
          return { id: data.data.user_id };
        },
        async () => ({ id: (await getUser(session.userKey)).user_id }),
        [400, 409, 422],
      );
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
      return { channel, expiresAt: new Date(Date.now() + OTP_TTL_MS).toISOString(), sentTo: maskedContact(channel, input) };
    },

    /**
     * POST verify. A retried check first reads the end user (documented): when the channel is no
     * longer among its requirements, the lost first answer was a success. Otherwise the code is
     * sent; a refusal is judged by otpVerdict (any refusal about the code counts as wrong).
     */
    async verifyOtp(session, code): Promise<OtpVerification> {
      const type = session.challenge.channel;
      const request = verifyRequest.safeParse({ type, otp: code.trim() });
      if (!request.success) return { accepted: false, reason: 'wrong-code' };
      if (callScope().attempt > 1 && (await requirementMet(session.user.id, type))) return { accepted: true };
      const sent = await http.send({ method: 'POST', url: path('/v1/enterprise/users/verify/:userId', session.user.id), data: request.data }, verifyResponse);
      if (sent.ok) return { accepted: true };
      return otpVerdict(sent, { provider: 'sfox', recognise: recogniseSfoxOtp, mayBeOurLostSuccess: false });
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
            // *(ours)*: sFOX's deposit-address route is not in the documents we have.
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
