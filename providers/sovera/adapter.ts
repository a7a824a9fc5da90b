import type { Credential, DepositAddress, Holder, KycObservation, ProviderUser } from '../../domain/onboarding';
import { reveal, secret } from '../../domain/secret';
import { inputFor, type ProviderAdapter, type Session } from '../adapter';
import type { ProvidersConfig } from '../config';
import { providerFailure, isFailure, failureDetails } from '../failures';
import { ProviderHttp, type ProviderErrorInfo } from '../http';
import {
  createUserRequest,
  createWalletRequest,
  errorEnvelope,
  generateAddressRequest,
  generateAddressResponse,
  tokenResponse,
  userResponse,
  walletListResponse,
  walletResponse,
  type CreateUserRequest,
} from './schemas';

/** Reads Sovera's `{success:false, errors:[{code, message, field?}]}`; several errors are joined. */
export function describeSoveraError(status: number, body: unknown): ProviderErrorInfo {
  const parsed = errorEnvelope.safeParse(body);
  if (!parsed.success) return { message: `HTTP ${status}` };
  const errors = parsed.data.errors;
  const message = errors
    .map((e) => (e.field ? `${e.field}: ${e.message ?? e.code ?? 'invalid'}` : (e.message ?? e.code ?? 'error')))
    .join('; ');
  return { message, code: errors[0].code, field: errors.find((e) => e.field)?.field };
}

/** On user calls a 401 means the user's token is no longer good: the workflow mints a new one. */
function describeUserCallError(status: number, body: unknown): ProviderErrorInfo {
  const info = describeSoveraError(status, body);
  return status === 401 ? { ...info, type: 'CredentialExpired' } : info;
}

const kycStates: Record<string, KycObservation['state']> = { VERIFIED: 'verified', REJECTED: 'rejected' };

export function createSoveraAdapter(config: ProvidersConfig['sovera'], timeoutMs: number): ProviderAdapter {
  const http = new ProviderHttp({
    provider: 'sovera',
    baseURL: config.baseURL,
    timeoutMs,
    describeError: describeSoveraError,
  });
  const owner = { 'x-api-key': config.ownerKey };

  function userHeaders(session: Session): Record<string, string> {
    if (!session.credential) {
      throw providerFailure('CredentialExpired', 'sovera: no user token is held for this call', { provider: 'sovera' });
    }
    return { authorization: `Bearer ${reveal(session.credential.token)}` };
  }

  const path = (...parts: string[]) => '/' + parts.map(encodeURIComponent).join('/');

  async function getUser(userId: string) {
    const { data } = await http.request({ method: 'GET', url: path('users', userId), headers: owner }, userResponse);
    return data.data;
  }

  function userBody(session: Session): CreateUserRequest {
    const input = inputFor(session, 'sovera');
    const p = input.person;
    return createUserRequest.parse({
      account_type: 'individual',
      account_role: 'third',
      account_purpose: input.accountPurpose,
      first_name: p.firstName,
      last_name: p.lastName,
      email: p.email,
      phone_country_code: p.phone.country,
      phone_number: p.phone.number,
      user_id: session.userKey,
      individual: {
        dob: p.dateOfBirth,
        residential_country_code: p.address.country,
        residential_address: p.address.line1,
        residential_city: p.address.city,
        residential_state: p.address.state,
        residential_postal_code: p.address.postalCode,
        id_type: p.identity.type,
        id_number: p.identity.number,
        id_country_code: p.identity.country,
      },
    });
  }

  async function mint(session: Session & { user: ProviderUser }): Promise<Credential> {
    const { data } = await http.request(
      { method: 'POST', url: path('users', session.user.id, 'token'), headers: owner },
      tokenResponse,
    );
    return { token: secret(data.data.token), expiresAt: data.data.expires };
  }

  async function listWallets(session: Session & { user: ProviderUser }) {
    const { data } = await http.request(
      {
        method: 'GET',
        url: path('users', session.user.id, 'wallets'),
        headers: userHeaders(session),
        describeError: describeUserCallError,
      },
      walletListResponse,
    );
    return data.data;
  }

  const bareNetwork = (network: string) => network.replace(/^networks\//, '');

  return {
    name: 'sovera',

    async createUser(session) {
      const body = userBody(session);
      try {
        const { data } = await http.request({ method: 'POST', url: '/users', headers: owner, data: body }, userResponse);
        return { id: data.data.user_id };
      } catch (err) {
        if (!isFailure(err, 'ProviderConflict')) throw err;
        // Our own earlier attempt (its answer lost) holds the user_id; otherwise the email or
        // phone belongs to someone else and the conflict stands.
        try {
          const existing = await getUser(session.userKey);
          return { id: existing.user_id };
        } catch (lookup) {
          if (isFailure(lookup, 'ProviderNotFound')) throw err;
          throw lookup;
        }
      }
    },

    mintCredential: mint,

    async getKycStatus(session) {
      const user = await getUser(session.user.id);
      return { state: kycStates[user.status] ?? 'pending', providerStatus: user.status };
    },

    async createHolder(session): Promise<Holder> {
      const input = inputFor(session, 'sovera');
      const name = `onboarding-${input.reference}`;
      const holder = (walletId: string): Holder => ({ kind: 'wallet', id: walletId, ready: true });

      const found = (await listWallets(session)).find((w) => w.name === name);
      if (found) return holder(found.wallet_id);

      const body = createWalletRequest.parse({
        name,
        description: `Onboarding ${input.reference}`,
        wallet_type: 'virtual',
        networks: [{ name: `networks/${input.deposit.network}`, currency: input.deposit.currency }],
      });
      try {
        const { data } = await http.request(
          {
            method: 'POST',
            url: path('users', session.user.id, 'wallets'),
            headers: userHeaders(session),
            data: body,
            describeError: describeUserCallError,
          },
          walletResponse,
        );
        return holder(data.data.wallet_id);
      } catch (err) {
        // A duplicate name is our own earlier attempt whose answer was lost (between list and create).
        const duplicate = isFailure(err, 'ProviderValidation') && failureDetails(err)?.status === 400 && failureDetails(err)?.field === 'name';
        if (!duplicate) throw err;
        const again = (await listWallets(session)).find((w) => w.name === name);
        if (again) return holder(again.wallet_id);
        throw err;
      }
    },

    async depositAddress(session): Promise<DepositAddress> {
      const { currency, network } = inputFor(session, 'sovera').deposit;
      const body = generateAddressRequest.parse({ currency, network: bareNetwork(network) });
      const { data } = await http.request(
        {
          method: 'POST',
          url: path('wallets', session.holder.id, 'address'),
          headers: userHeaders(session),
          data: body,
          describeError: describeUserCallError,
        },
        generateAddressResponse,
      );
      const match = data.data.addresses.find(
        (a) => a.currency.toLowerCase() === body.currency.toLowerCase() && bareNetwork(a.network) === body.network,
      );
      if (!match) {
        throw providerFailure('InvalidProviderResponse', 'sovera POST /wallets/{id}/address: no address for the requested currency and network', {
          provider: 'sovera',
        });
      }
      return { address: match.address, currency: match.currency, network: bareNetwork(match.network) };
    },
  };
}
