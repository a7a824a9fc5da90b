import type { DepositAddress, Holder, KycObservation, KycState } from '../../domain/onboarding';
import type { ProviderName } from '../../domain/providers';
import { secret } from '../../domain/secret';
import { inputFor, type AnySession, type ProviderAdapter } from '../adapter';
import { isFailure, failureDetails, providerFailure } from '../failures';
import { ProviderHttp, type ProviderErrorInfo } from '../http';
import {
  account,
  accountReady,
  accountRequest,
  bankScopes,
  customer,
  customerRequest,
  depositAddress,
  depositAddressReady,
  depositAddressRequest,
  errorResponse,
  list,
  personaSession,
  personaSessionRequest,
  tokenRequest,
  tokenResponse,
  verification,
  verificationRequest,
  type CustomerState,
  type ExpectedBehaviour,
  type Verification,
  type VerificationState,
} from './schemas';

const provider = 'cybrid' satisfies ProviderName;

/** Cybrid's field names mapped to ours, so a validation failure names the input field to fix. */
const ourField: Record<string, string> = { email_address: 'person.email', name: 'accountName' };

/**
 * Reads Cybrid's error body `{status, error_message, message_code}` (ErrorResponseBankModel).
 * *(ours)*: a message that starts with `field:` names the field.
 */
export function describeCybridError(status: number, body: unknown): ProviderErrorInfo {
  const parsed = errorResponse.safeParse(body);
  if (!parsed.success) return { message: `HTTP ${status}` };
  const info: ProviderErrorInfo = { message: parsed.data.error_message || `HTTP ${status}`, code: parsed.data.message_code };
  const field = /^(\w+):/.exec(info.message)?.[1];
  if (field && (status === 400 || status === 422)) info.field = ourField[field] ?? field;
  return info;
}

/** What a customer's state says of its KYC; undefined: its identity verification tells. */
const kycOfCustomer: Record<CustomerState, KycState | undefined> = {
  storing: undefined,
  unverified: undefined,
  verified: 'verified',
  rejected: 'rejected',
  frozen: 'rejected',
};

/** What a KYC identity verification's state says, with its outcome once completed. */
const kycOfVerification: Record<VerificationState, (v: Verification) => KycObservation> = {
  storing: () => ({ state: 'pending', providerStatus: 'storing' }),
  waiting: () => ({ state: 'pending', providerStatus: 'waiting' }),
  pending: () => ({ state: 'pending', providerStatus: 'pending' }),
  reviewing: () => ({ state: 'pending', providerStatus: 'reviewing' }),
  // *(ours)* An expired verification ends the onboarding: the person did not finish in time.
  expired: () => ({ state: 'rejected', providerStatus: 'expired', reason: 'the identity verification expired before the person finished it' }),
  completed: (v) =>
    v.outcome === 'passed'
      ? { state: 'verified', providerStatus: 'completed/passed' }
      : v.outcome === 'failed'
        ? { state: 'rejected', providerStatus: 'completed/failed', ...(v.failure_codes?.length ? { reason: v.failure_codes.join(', ') } : {}) }
        : { state: 'pending', providerStatus: 'completed' },
};

/** States in which a verification is still going, so starting KYC again takes it rather than opening another. */
const verificationOpen: Record<VerificationState, boolean> = {
  storing: true,
  waiting: true,
  pending: true,
  reviewing: true,
  completed: true,
  expired: false,
};

/** Where Cybrid's APIs are and the bank's OAuth2 client (providers/cybrid/index.ts reads them from the environment). */
export interface CybridConnection {
  /** The Bank API (`https://bank.sandbox.cybrid.app`). */
  baseURL: string;
  /** The identity provider that mints bank tokens (`https://id.sandbox.cybrid.app`). */
  idpURL: string;
  clientId: string;
  clientSecret: string;
  /** Sandbox only: the outcome Cybrid's sandbox should give every KYC (`expected_behaviours`). */
  expectedBehaviour?: ExpectedBehaviour;
}

/** A bank token is renewed this long before it expires, so that no call starts with one about to lapse. */
const tokenMarginMs = 60_000;

/** The label that finds again what this onboarding created (documented `label` filters of the list calls). */
export const onboardingLabel = (userKey: string) => `onboarding-${userKey}`;

export function createCybridAdapter(config: CybridConnection, timeoutMs: number): ProviderAdapter {
  const http = new ProviderHttp({ provider, baseURL: config.baseURL, timeoutMs, describeError: describeCybridError });
  const idp = new ProviderHttp({ provider, baseURL: config.idpURL, timeoutMs, describeError: describeCybridError });
  let bankToken: { token: string; expiresAt: number } | undefined;

  /** The bank's token (OAuth2 client credentials), kept in the worker's memory until shortly before it expires. */
  async function bearer(): Promise<Record<string, string>> {
    if (!bankToken || Date.now() >= bankToken.expiresAt - tokenMarginMs) {
      const body = tokenRequest.parse({ grant_type: 'client_credentials', client_id: config.clientId, client_secret: config.clientSecret, scope: bankScopes });
      const { data } = await idp.request({ method: 'POST', url: '/oauth/token', data: body }, tokenResponse);
      bankToken = { token: data.access_token, expiresAt: Date.now() + data.expires_in * 1000 };
    }
    return { authorization: `Bearer ${bankToken.token}` };
  }

  /** A bank call; a 401 means the token was revoked or lapsed early: forget it and try once more with a new one. */
  async function call<S extends Parameters<ProviderHttp['request']>[1]>(config: Parameters<ProviderHttp['request']>[0], schema: S) {
    try {
      return (await http.request({ ...config, headers: await bearer() }, schema)).data;
    } catch (err) {
      if (!isFailure(err, 'ProviderAuth') || failureDetails(err)?.status !== 401) throw err;
      bankToken = undefined;
      return (await http.request({ ...config, headers: await bearer() }, schema)).data;
    }
  }

  const customerOf = (session: AnySession & { user?: { id: string } }): string => {
    if (!session.user) throw providerFailure('InvalidInput', 'cybrid: the call needs the customer', { provider });
    return session.user.id;
  };

  /** The customer's latest KYC verification, newest first as Cybrid lists them. */
  async function latestVerification(customerGuid: string): Promise<Verification | undefined> {
    const found = await call(
      { method: 'GET', url: '/api/identity_verifications', params: { customer_guid: customerGuid, type: 'kyc', per_page: 1 } },
      list(verification),
    );
    return found.objects[0];
  }

  const toHolder = (a: { guid: string; state: keyof typeof accountReady }): Holder => ({ kind: 'account', id: a.guid, ready: accountReady[a.state] });

  return {
    name: provider,

    /** POST /api/customers, labelled with the onboarding's key; a retry finds it by that label first. */
    async createUser(session) {
      const label = onboardingLabel(session.userKey);
      const found = await call({ method: 'GET', url: '/api/customers', params: { label, per_page: 1 } }, list(customer));
      if (found.objects[0]) return { id: found.objects[0].guid };
      const body = customerRequest.parse({ type: 'individual', email_address: inputFor(session, provider).person.email, labels: [label] });
      return { id: (await call({ method: 'POST', url: '/api/customers', data: body }, customer)).guid };
    },

    /** POST /api/identity_verifications (kyc, id_and_selfie), unless the customer has one going or completed. */
    async startKyc(session) {
      const customerGuid = customerOf(session);
      const latest = await latestVerification(customerGuid);
      if (latest && verificationOpen[latest.state]) return {};
      const body = verificationRequest.parse({
        type: 'kyc',
        method: 'id_and_selfie',
        customer_guid: customerGuid,
        ...(config.expectedBehaviour ? { expected_behaviours: [config.expectedBehaviour] } : {}),
      });
      await call({ method: 'POST', url: '/api/identity_verifications', data: body }, verification);
      return {};
    },

    /** POST /api/persona_sessions: a session token for the person's Persona screens, minted when asked and never kept. */
    async issueKycAccess(session) {
      const latest = await latestVerification(customerOf(session));
      if (!latest) throw providerFailure('ProviderNotFound', 'cybrid: the customer has no identity verification', { provider });
      if (!latest.persona_inquiry_id) {
        throw providerFailure('ProviderNotReady', `cybrid: the identity verification is ${latest.state}, without a Persona inquiry yet`, { provider }, 1_000);
      }
      const body = personaSessionRequest.parse({ persona_inquiry_id: latest.persona_inquiry_id, identity_verification_guid: latest.guid });
      const made = await call({ method: 'POST', url: '/api/persona_sessions', data: body }, personaSession);
      return { accessToken: secret(made.persona_session_token) };
    },

    async getKycStatus(session) {
      const customerGuid = customerOf(session);
      const c = await call({ method: 'GET', url: `/api/customers/${encodeURIComponent(customerGuid)}` }, customer);
      const settled = kycOfCustomer[c.state];
      if (settled) return { state: settled, providerStatus: c.state };
      const latest = await latestVerification(customerGuid);
      return latest ? kycOfVerification[latest.state](latest) : { state: 'pending', providerStatus: c.state };
    },

    /** POST /api/accounts (trading, BTC), labelled; a retry finds it by customer and label first. */
    async createHolder(session) {
      const customerGuid = customerOf(session);
      const label = onboardingLabel(session.userKey);
      const found = await call({ method: 'GET', url: '/api/accounts', params: { customer_guid: customerGuid, label, type: 'trading' } }, list(account));
      const existing = found.objects.find((a) => a.asset === 'BTC');
      if (existing) return toHolder(existing);
      const body = accountRequest.parse({
        type: 'trading',
        customer_guid: customerGuid,
        asset: 'BTC',
        name: inputFor(session, provider).accountName,
        labels: [label],
      });
      return toHolder(await call({ method: 'POST', url: '/api/accounts', data: body }, account));
    },

    /** GET /api/accounts/{guid}: `storing` until Cybrid has made it. */
    async getHolder(session) {
      return toHolder(await call({ method: 'GET', url: `/api/accounts/${encodeURIComponent(session.holder.id)}` }, account));
    },

    /**
     * POST /api/deposit_addresses for the account, labelled; a retry finds it by customer and label.
     * While it is `storing` the call fails as ProviderNotReady and its retry reads it again.
     */
    async depositAddress(session): Promise<DepositAddress> {
      const customerGuid = customerOf(session);
      const label = onboardingLabel(session.userKey);
      const found = await call({ method: 'GET', url: '/api/deposit_addresses', params: { customer_guid: customerGuid, label } }, list(depositAddress));
      const made =
        found.objects.find((d) => d.account_guid === session.holder.id) ??
        (await call(
          { method: 'POST', url: '/api/deposit_addresses', data: depositAddressRequest.parse({ account_guid: session.holder.id, labels: [label] }) },
          depositAddress,
        ));
      if (!depositAddressReady[made.state] || !made.address) {
        throw providerFailure('ProviderNotReady', `cybrid: the deposit address is ${made.state}`, { provider }, 1_000);
      }
      // (ours) Cybrid names the asset, not its network: the address's own prefix (BIP-173's tb1, base58's m/n/2) tells testnet.
      const testnet = /^(tb1|[mn2])/.test(made.address);
      return { address: made.address, currency: made.asset.toLowerCase(), network: testnet ? 'bitcoin-testnet' : 'bitcoin' };
    },
  };
}
