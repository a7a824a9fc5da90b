import type { Credential, DepositAddress, Holder, KycObservation, ProviderUser } from '../../domain/onboarding';
import { reveal, secret } from '../../domain/secret';
import { inputFor, type AnySession, type CallSession, type ProviderAdapter } from '../adapter';
import { callScope } from '../call-scope';
import { failureDetails, isFailure, outcomeUnknown, providerFailure } from '../failures';
import { ProviderHttp, type ProviderErrorInfo } from '../http';
import { createUnderOwnId } from '../own-id';
import { onUserCall } from '../user-call';
import {
  createUserRequest,
  createWalletRequest,
  errorEnvelope,
  generateAddressRequest,
  generateAddressResponse,
  tokenResponse,
  userResponse,
  walletResponse,
  type CreateUserRequest,
} from './schemas';

/** Reads Sovera's `{success:false, errors:[{code, message, field?}]}`; several errors are joined. */
export function describeSoveraError(status: number, body: unknown): ProviderErrorInfo {
  const parsed = errorEnvelope.safeParse(body);
  if (!parsed.success) return { message: `HTTP ${status}` };
  const errors = parsed.data.errors;
  const message = errors.map((e) => (e.field ? `${e.field}: ${e.message ?? e.code ?? 'invalid'}` : (e.message ?? e.code ?? 'error'))).join('; ');
  return { message, code: errors[0].code, field: errors.find((e) => e.field)?.field };
}

/** The one wallet an onboarding creates: named after the caller's reference (never PII). */
export const walletName = (reference: string) => `onboarding-${reference}`;

/** KYC words: PENDING until VERIFIED (documented); REJECTED terminal *(ours)*; any other word is pending. */
const kycStates: Record<string, KycObservation['state']> = { VERIFIED: 'verified', REJECTED: 'rejected' };

/** Where sovera's API is and the partner credential we use there (providers/sovera/index.ts reads them from the environment). */
export interface SoveraConnection {
  baseURL: string;
  ownerKey: string;
}

export function createSoveraAdapter(config: SoveraConnection, timeoutMs: number): ProviderAdapter {
  const http = new ProviderHttp({
    provider: 'sovera',
    baseURL: config.baseURL,
    timeoutMs,
    describeError: describeSoveraError,
  });
  const owner = { 'x-api-key': config.ownerKey };
  const describeUserCallError = onUserCall(describeSoveraError);

  function userHeaders(session: AnySession): Record<string, string> {
    if (!session.credential) {
      throw providerFailure('CredentialExpired', 'sovera: no user token is held for this call', { provider: 'sovera' });
    }
    return { authorization: `Bearer ${reveal(session.credential.token)}` };
  }

  const path = (...parts: string[]) => '/' + parts.map(encodeURIComponent).join('/');

  /** GET /users/{user_id} *(ours: the route; the docs list reading users)*. */
  async function getUser(userId: string) {
    const { data } = await http.request({ method: 'GET', url: path('users', userId), headers: owner }, userResponse);
    return data.data;
  }

  function userBody(session: CallSession<'createUser'>): CreateUserRequest {
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

  async function mint(session: CallSession<'mintCredential'> & { user: ProviderUser }): Promise<Credential> {
    const { data } = await http.request({ method: 'POST', url: path('users', session.user.id, 'token'), headers: owner }, tokenResponse);
    return { token: secret(data.data.token), expiresAt: data.data.expires };
  }

  const bareNetwork = (network: string) => network.replace(/^networks\//, '');

  return {
    name: 'sovera',

    /**
     * POST /users under our own user_id (SPEC: an optional caller-chosen uuid v4). A 409 is then
     * either our earlier attempt whose answer was lost (the user under our id exists, whatever the
     * attempt) or someone else's email or phone (ProviderConflict stands).
     */
    async createUser(session) {
      const body = userBody(session);
      return createUnderOwnId(
        async () => {
          const { data } = await http.request({ method: 'POST', url: '/users', headers: owner, data: body }, userResponse);
          return { id: data.data.user_id };
        },
        async () => ({ id: (await getUser(session.userKey)).user_id }),
        [409],
      );
    },

    mintCredential: mint,

    async getKycStatus(session) {
      const user = await getUser(session.user.id);
      return { state: kycStates[user.status] ?? 'pending', providerStatus: user.status };
    },

    /**
     * POST /users/{id}/wallets. Sovera documents no way to list or read a user's wallets, only that
     * a name is unique per user (400). The name `onboarding-<reference>` is ours alone, so a retry
     * never makes a second wallet; but after a lost answer the wallet's id cannot be found by any
     * documented call: the onboarding stops for support (ProviderOutcomeUnknown), which looks the
     * wallet up by hand and hands back its wallet_id.
     */
    async createHolder(session): Promise<Holder> {
      const input = inputFor(session, 'sovera');
      const name = walletName(input.reference);
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
        return { kind: 'wallet', id: data.data.wallet_id, ready: true };
      } catch (err) {
        if (!isFailure(err, 'ProviderValidation') || failureDetails(err)?.status !== 400) throw err;
        // A 400 naming the name is our own wallet; any 400 after an attempt whose answer was lost
        // may be (the page words the duplicate name as a 400 BAD_REQUEST, field not promised).
        const aboutTheName = failureDetails(err)?.field === 'name';
        if (!aboutTheName && callScope().attempt === 1) throw err;
        throw outcomeUnknown(
          'sovera',
          `the wallet ${name} may exist from an earlier attempt whose answer was lost; Sovera documents no way to read it back`,
          `GET /users/${session.user.id}/wallets at Sovera (or its dashboard): look for the wallet named ${name}; found: hand back its wallet_id; none: retry`,
          { object: 'holder', ids: ['id'] },
        );
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
      const match = data.data.addresses.find((a) => a.currency.toLowerCase() === body.currency.toLowerCase() && bareNetwork(a.network) === body.network);
      if (!match) {
        throw providerFailure('InvalidProviderResponse', 'sovera POST /wallets/{id}/address: no address for the requested currency and network', {
          provider: 'sovera',
        });
      }
      return { address: match.address, currency: match.currency, network: bareNetwork(match.network) };
    },
  };
}
