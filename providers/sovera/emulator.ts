import { soveraDepositNetworks } from './vocabulary';
import { randomBytes, randomUUID } from 'node:crypto';
import { getCountries, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { EmulatorContext, ProviderEmulator } from '../../dev/sandbox/emulator';
import { HttpError, json, type SandboxRequest, type SandboxResponse } from '../../dev/sandbox/http';
import { Router } from '../../dev/sandbox/router';
import { randomBitcoinTestnetAddress, randomEthereumAddress } from '../../dev/sandbox/addresses';
import { TokenStore } from '../../dev/sandbox/token-store';
import { KycReview, requestedDecision } from '../../dev/sandbox/kyc-review';
import { sovera as runtime } from './index';

/**
 * Sovera SX Connect emulator (base path /sovera/sovx/v1), after the provider's onboarding guide
 * and /work/shared/providers/SPEC.md:
 * - owner calls (users, tokens) need `x-api-key: <owner key>`;
 * - user calls (wallets, addresses) need the user's minted token as `Authorization: Bearer` (or
 *   `x-api-key`, as one page of the docs says); minting again invalidates the previous token;
 * - KYC: PENDING -> VERIFIED | REJECTED (both terminal), decided by the admin call or, with
 *   `autoDecideKycAfterMs`, that long after the user was created (a last name "Rejected" is rejected).
 *   The automatic decision is applied lazily whenever the user is read, which is what a poller sees.
 * - wallets only once the user is VERIFIED (ours: 403 FORBIDDEN before), names unique per user.
 */
export interface SoveraEmulatorOptions {
  /** The partner's owner key (default 'sandbox-sovera-owner-key'). */
  ownerKey?: string;
  /** Decide KYC automatically this many ms after the user was created. */
  autoDecideKycAfterMs?: number;
  /** Lifetime of a user token; default one calendar year. */
  tokenTtlMs?: number;
}

type UserStatus = 'PENDING' | 'VERIFIED' | 'REJECTED';

interface Individual {
  dob: string;
  residential_country_code: string;
  residential_address: string;
  residential_city: string;
  residential_state: string;
  residential_postal_code: string;
  id_type: string;
  id_number: string;
  id_country_code: string;
}

interface UserRecord {
  account_type: string;
  account_role: string;
  account_purpose: string;
  user_id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone_country_code: string;
  phone_number: string;
  /** E.164 form, for the uniqueness check. */
  phoneE164: string;
  status: UserStatus;
  createdAt: number;
  updatedAt: number;
  kycDecidedAt?: number;
  individual: Individual;
  tokensMinted: number;
  /** The one valid token, if any. */
  token?: string;
}

interface AddressRecord {
  address_id: string;
  currency: string;
  /** Bare network name ("bitcoin-testnet"). */
  network: string;
  address: string;
}

interface WalletRecord {
  vault_wallet_id: string;
  wallet_id: string;
  user_id: string;
  name: string;
  description?: string;
  networks: { name: string; currency: string }[];
  is_active: boolean;
  wallet_type: string;
  createdAt: number;
  updatedAt: number;
  addresses: AddressRecord[];
}

interface FieldError {
  code: string;
  message: string;
  field?: string;
}

/** Networks this sandbox vault supports (the list our input schema accepts), with their address generators. */
const networks: Record<string, { currencies: readonly string[]; evm: boolean; generate: () => string }> = {
  'bitcoin-testnet': { currencies: soveraDepositNetworks['bitcoin-testnet'], evm: false, generate: randomBitcoinTestnetAddress },
  'ethereum-sepolia': { currencies: soveraDepositNetworks['ethereum-sepolia'], evm: true, generate: randomEthereumAddress },
};

const idTypes = ['ssn', 'passport', 'drivers_license', 'national_id'];
const countries = new Set<string>(getCountries());
const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const emailFormat = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

const codeByStatus: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
};

export function createEmulator(context: EmulatorContext, options: SoveraEmulatorOptions = {}): ProviderEmulator {
  const ownerKey = options.ownerKey ?? 'sandbox-sovera-owner-key';
  const users = new Map<string, UserRecord>();
  const tokens = new TokenStore(() => context.now());
  const kyc = new KycReview(context, 'sovera', options);
  const wallets = new Map<string, WalletRecord>();

  const iso = (ms: number) => new Date(ms).toISOString();
  const meta = () => ({ timestamp: iso(context.now()), version: 'v1', trace_id: randomUUID() });
  const ok = (status: number, data: unknown) => json(status, { success: true, data, meta: meta() });
  const errors = (status: number, list: FieldError[]) => json(status, { success: false, errors: list, meta: meta() });
  const fail = (status: number, message: string, field?: string, code = codeByStatus[status] ?? 'ERROR'): HttpError =>
    new HttpError(errors(status, [{ code, message, ...(field ? { field } : {}) }]));

  // --- KYC -------------------------------------------------------------------------------------

  /** Applies the automatic KYC decision once it is due. */
  function refresh(user: UserRecord): UserRecord {
    if (user.status === 'PENDING' && kyc.dueAt(user.createdAt) !== undefined) {
      decide(user, user.last_name.trim().toLowerCase() === 'rejected' ? 'REJECTED' : 'VERIFIED');
    }
    return user;
  }

  function decide(user: UserRecord, status: 'VERIFIED' | 'REJECTED'): void {
    user.status = status;
    user.kycDecidedAt = context.now();
    user.updatedAt = user.kycDecidedAt;
    kyc.announce(user.user_id, status, status);
  }

  // --- auth ------------------------------------------------------------------------------------

  function header(req: SandboxRequest, name: string): string | undefined {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  }

  function requireOwner(req: SandboxRequest): void {
    const key = header(req, 'x-api-key');
    if (!key) throw fail(401, 'Missing API key');
    if (key !== ownerKey) throw fail(401, 'Invalid API key');
  }

  /** The user a token acts for: 401 when missing, unknown, invalidated or expired. */
  function requireUserToken(req: SandboxRequest): UserRecord {
    const auth = header(req, 'authorization');
    const bearer = auth?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const token = bearer ?? header(req, 'x-api-key');
    if (!token) throw fail(401, 'Missing user token');
    const check = tokens.check(token);
    if (!check.valid) throw fail(401, check.reason === 'expired' ? 'User token has expired' : 'Invalid or revoked user token');
    const user = users.get(check.userId);
    if (!user) throw fail(401, 'Invalid or revoked user token');
    return refresh(user);
  }

  function requireSameUser(tokenUser: UserRecord, userId: string): void {
    if (tokenUser.user_id !== userId) throw fail(403, 'The token does not grant access to this user');
  }

  function findUser(userId: string): UserRecord {
    const user = users.get(userId);
    if (!user) throw fail(404, 'User not found', undefined, 'USER_NOT_FOUND');
    return refresh(user);
  }

  function objectBody(req: SandboxRequest): Record<string, unknown> {
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      throw fail(400, 'The request body must be a JSON object');
    }
    return req.body as Record<string, unknown>;
  }

  // --- views -----------------------------------------------------------------------------------

  function userView(u: UserRecord) {
    return {
      account_type: u.account_type,
      account_role: u.account_role,
      account_purpose: u.account_purpose,
      user_id: u.user_id,
      first_name: u.first_name,
      last_name: u.last_name,
      email: u.email,
      phone_country_code: u.phone_country_code,
      phone_number: u.phone_number,
      status: u.status,
      created_at: iso(u.createdAt),
      updated_at: iso(u.updatedAt),
      individual: { ...u.individual },
    };
  }

  /** The wallet as "Create Wallet" answers it (networks with their `networks/` prefix). */
  function walletView(w: WalletRecord) {
    return {
      vault_wallet_id: w.vault_wallet_id,
      wallet_id: w.wallet_id,
      name: w.name,
      ...(w.description !== undefined ? { description: w.description } : {}),
      networks: w.networks.map((n) => ({ ...n })),
      is_active: w.is_active,
      created_at: iso(w.createdAt),
      wallet_type: w.wallet_type,
      addresses: w.addresses.map((a) => ({ ...a, network: `networks/${a.network}` })),
    };
  }

  /** The wallet as "Generate Address" answers it (bare network names). */
  function addressView(w: WalletRecord) {
    return {
      wallet_id: w.wallet_id,
      vault_wallet_id: w.vault_wallet_id,
      user_id: w.user_id,
      name: w.name,
      ...(w.description !== undefined ? { description: w.description } : {}),
      addresses: w.addresses.map((a) => ({ ...a })),
      created_at: iso(w.createdAt),
      updated_at: iso(w.updatedAt),
    };
  }

  function adminView(u: UserRecord) {
    const tokenExpiresAt = u.token ? tokens.expiresAt(u.token) : undefined;
    return {
      userId: u.user_id,
      status: u.status,
      kycDecidedAt: u.kycDecidedAt !== undefined ? iso(u.kycDecidedAt) : null,
      user: userView(u),
      tokensMinted: u.tokensMinted,
      /** The valid user token: tests look for it where it must never appear in plaintext. */
      token: u.token ?? null,
      tokenExpiresAt: tokenExpiresAt !== undefined ? iso(tokenExpiresAt) : null,
      wallets: [...wallets.values()].filter((w) => w.user_id === u.user_id).map(walletView),
    };
  }

  // --- validation ------------------------------------------------------------------------------

  function validateUser(body: Record<string, unknown>): { errors: FieldError[]; phoneE164?: string } {
    const errs: FieldError[] = [];
    const bad = (field: string, message: string) => errs.push({ code: 'UNPROCESSABLE_ENTITY', field, message });

    const str = (obj: Record<string, unknown>, key: string, path: string, max: number): string | undefined => {
      const v = obj[key];
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
        bad(path, `${path} is required`);
        return undefined;
      }
      if (typeof v !== 'string') {
        bad(path, `${path} must be a string`);
        return undefined;
      }
      if (v.length > max) {
        bad(path, `${path} must be at most ${max} characters`);
        return undefined;
      }
      return v;
    };
    const oneOf = (obj: Record<string, unknown>, key: string, path: string, allowed: string[]) => {
      const v = str(obj, key, path, 50);
      if (v !== undefined && !allowed.includes(v)) bad(path, `${path} must be one of: ${allowed.join(', ')}`);
      return v;
    };
    const country = (obj: Record<string, unknown>, key: string, path: string) => {
      const v = str(obj, key, path, 2);
      if (v !== undefined && !countries.has(v)) {
        bad(path, `${path} must be an ISO 3166-1 alpha-2 country code`);
        return undefined;
      }
      return v;
    };

    oneOf(body, 'account_type', 'account_type', ['individual']);
    oneOf(body, 'account_role', 'account_role', ['third']);
    oneOf(body, 'account_purpose', 'account_purpose', ['trading', 'investing']);
    str(body, 'first_name', 'first_name', 100);
    str(body, 'last_name', 'last_name', 100);
    const email = str(body, 'email', 'email', 254);
    if (email !== undefined && !emailFormat.test(email)) bad('email', 'email must be a valid email address');

    const phoneCountry = country(body, 'phone_country_code', 'phone_country_code');
    const phone = str(body, 'phone_number', 'phone_number', 20);
    let phoneE164: string | undefined;
    if (phone !== undefined && phoneCountry !== undefined) {
      const parsed = parsePhoneNumberFromString(phone, phoneCountry as CountryCode);
      const type = parsed?.getType();
      if (!parsed || !parsed.isValid() || parsed.country !== phoneCountry) {
        bad('phone_number', 'phone_number must be a valid phone number for phone_country_code');
      } else if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') {
        bad('phone_number', 'phone_number must be a mobile number');
      } else {
        phoneE164 = parsed.number;
      }
    }

    const userId = body.user_id;
    if (userId !== undefined && (typeof userId !== 'string' || !uuidV4.test(userId))) {
      bad('user_id', 'user_id must be a UUID v4');
    }

    const ind = body.individual;
    if (typeof ind !== 'object' || ind === null || Array.isArray(ind)) {
      bad('individual', 'individual is required');
      return { errors: errs, phoneE164 };
    }
    const i = ind as Record<string, unknown>;
    const dob = str(i, 'dob', 'individual.dob', 10);
    if (dob !== undefined) {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dob);
      const date = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : undefined;
      const real = date && date.getUTCFullYear() === +m![1] && date.getUTCMonth() === +m![2] - 1 && date.getUTCDate() === +m![3];
      if (!m || !real) {
        bad('individual.dob', 'individual.dob must be a real date written YYYY-MM-DD');
      } else {
        const now = new Date(context.now());
        const eighteenth = Date.UTC(+m[1] + 18, +m[2] - 1, +m[3]);
        const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
        if (date!.getTime() > today) bad('individual.dob', 'individual.dob must not be in the future');
        else if (eighteenth > today) bad('individual.dob', 'The account holder must be at least 18 years old');
      }
    }
    country(i, 'residential_country_code', 'individual.residential_country_code');
    str(i, 'residential_address', 'individual.residential_address', 200);
    str(i, 'residential_city', 'individual.residential_city', 100);
    str(i, 'residential_state', 'individual.residential_state', 100);
    str(i, 'residential_postal_code', 'individual.residential_postal_code', 20);
    const idType = oneOf(i, 'id_type', 'individual.id_type', idTypes);
    const idNumber = str(i, 'id_number', 'individual.id_number', 50);
    const idCountry = country(i, 'id_country_code', 'individual.id_country_code');
    if (idType === 'ssn' && idCountry !== undefined && idCountry !== 'US') {
      bad('individual.id_type', 'individual.id_type ssn is only accepted with id_country_code US');
    }
    if (idType === 'ssn' && idNumber !== undefined && !/^\d{3}-?\d{2}-?\d{4}$/.test(idNumber)) {
      bad('individual.id_number', 'individual.id_number must be a 9-digit SSN');
    }
    return { errors: errs, phoneE164 };
  }

  // --- routes ----------------------------------------------------------------------------------

  const routes = new Router()
    .post('/users', (req) => {
      requireOwner(req);
      const body = objectBody(req);
      const { errors: errs, phoneE164 } = validateUser(body);
      if (errs.length > 0) return errors(422, errs);

      const email = body.email as string;
      const requestedId = body.user_id as string | undefined;
      const conflicts: FieldError[] = [];
      const all = [...users.values()];
      if (requestedId !== undefined && users.has(requestedId.toLowerCase())) {
        conflicts.push({ code: 'CONFLICT', field: 'user_id', message: 'A user with this user_id already exists' });
      }
      if (all.some((u) => u.email.toLowerCase() === email.toLowerCase())) {
        conflicts.push({ code: 'CONFLICT', field: 'email', message: 'A user with this email already exists' });
      }
      if (all.some((u) => u.phoneE164 === phoneE164)) {
        conflicts.push({ code: 'CONFLICT', field: 'phone_number', message: 'A user with this phone number already exists' });
      }
      if (conflicts.length > 0) return errors(409, conflicts);

      const i = body.individual as Record<string, string>;
      const now = context.now();
      const user: UserRecord = {
        account_type: body.account_type as string,
        account_role: body.account_role as string,
        account_purpose: body.account_purpose as string,
        user_id: requestedId?.toLowerCase() ?? randomUUID(),
        first_name: body.first_name as string,
        last_name: body.last_name as string,
        email,
        phone_country_code: body.phone_country_code as string,
        phone_number: body.phone_number as string,
        phoneE164: phoneE164!,
        status: 'PENDING',
        createdAt: now,
        updatedAt: now,
        individual: {
          dob: i.dob,
          residential_country_code: i.residential_country_code,
          residential_address: i.residential_address,
          residential_city: i.residential_city,
          residential_state: i.residential_state,
          residential_postal_code: i.residential_postal_code,
          id_type: i.id_type,
          id_number: i.id_number,
          id_country_code: i.id_country_code,
        },
        tokensMinted: 0,
      };
      users.set(user.user_id, user);
      return ok(201, userView(user));
    })
    .get('/users/:userId', (req) => {
      requireOwner(req);
      return ok(200, userView(findUser(req.params.userId)));
    })
    .post('/users/:userId/token', (req) => {
      requireOwner(req);
      const user = findUser(req.params.userId);
      if (user.token) tokens.revoke(user.token);
      const now = context.now();
      let expiresAt: number;
      if (options.tokenTtlMs !== undefined) {
        expiresAt = now + options.tokenTtlMs;
      } else {
        const d = new Date(now);
        d.setUTCFullYear(d.getUTCFullYear() + 1);
        expiresAt = d.getTime();
      }
      const token = tokens.mint(user.user_id, expiresAt);
      user.token = token;
      user.tokensMinted++;
      return ok(200, { token, user_id: user.user_id, expires: iso(expiresAt) });
    })
    .post('/users/:userId/wallets', (req) => {
      const user = requireUserToken(req);
      requireSameUser(user, req.params.userId);
      const body = objectBody(req);
      const errs: FieldError[] = [];
      const bad = (field: string, message: string) => errs.push({ code: 'UNPROCESSABLE_ENTITY', field, message });

      const name = body.name;
      if (typeof name !== 'string' || name.trim() === '') bad('name', 'name is required');
      else if (name.length > 100) bad('name', 'name must be at most 100 characters');
      if (body.description !== undefined && (typeof body.description !== 'string' || body.description.length > 500)) {
        bad('description', 'description must be a string of at most 500 characters');
      }
      if (body.wallet_type === undefined) bad('wallet_type', 'wallet_type is required');
      else if (body.wallet_type !== 'virtual') bad('wallet_type', 'wallet_type must be virtual');

      const wanted: { network: string; currency: string; name: string }[] = [];
      if (!Array.isArray(body.networks) || body.networks.length === 0) {
        bad('networks', 'networks must be a non-empty array');
      } else {
        body.networks.forEach((n: unknown, idx: number): void => {
          const path = `networks[${idx}]`;
          if (typeof n !== 'object' || n === null) return void bad(path, `${path} must be an object`);
          const { name: nn, currency } = n as Record<string, unknown>;
          if (typeof nn !== 'string' || !nn.startsWith('networks/')) {
            return void bad(`${path}.name`, `${path}.name must be written networks/<network>`);
          }
          const network = nn.slice('networks/'.length);
          const spec = networks[network];
          if (!spec) return void bad(`${path}.name`, `${path}.name is not a supported network`);
          if (typeof currency !== 'string' || !spec.currencies.includes(currency.toLowerCase())) {
            return void bad(`${path}.currency`, `${path}.currency must be one of: ${spec.currencies.join(', ')}`);
          }
          if (wanted.some((w) => w.network === network && w.currency === currency.toLowerCase())) {
            return void bad(path, `${path} is listed twice`);
          }
          wanted.push({ network, currency: currency.toLowerCase(), name: nn });
        });
      }
      if (errs.length > 0) return errors(422, errs);
      if (user.status !== 'VERIFIED') throw fail(403, 'The user must be VERIFIED before a wallet can be created');
      const walletName = body.name as string;
      if ([...wallets.values()].some((w) => w.user_id === user.user_id && w.name === walletName)) {
        throw fail(400, 'A wallet with this name already exists for the user', 'name');
      }

      const now = context.now();
      const wallet: WalletRecord = {
        vault_wallet_id: `wal_${randomBytes(6).toString('hex')}`,
        wallet_id: randomUUID(),
        user_id: user.user_id,
        name: walletName,
        description: body.description as string | undefined,
        networks: wanted.map((w) => ({ name: w.name, currency: w.currency })),
        is_active: true,
        wallet_type: 'virtual',
        createdAt: now,
        updatedAt: now,
        addresses: [],
      };
      for (const w of wanted) addAddress(wallet, w.network, w.currency);
      wallets.set(wallet.wallet_id, wallet);
      return ok(201, walletView(wallet));
    })
    // *(ours, not a documented Sovera route)*: the user's wallets. The adapter never calls it; it
    // stays for support's manual check after a wallet creation whose answer was lost.
    .get('/users/:userId/wallets', (req) => {
      const user = requireUserToken(req);
      requireSameUser(user, req.params.userId);
      return ok(200, [...wallets.values()].filter((w) => w.user_id === user.user_id).map(walletView));
    })
    .post('/wallets/:walletId/address', (req) => {
      const user = requireUserToken(req);
      const wallet = wallets.get(req.params.walletId);
      if (!wallet) throw fail(404, 'Wallet not found');
      if (wallet.user_id !== user.user_id) throw fail(403, 'The token does not grant access to this wallet');
      const body = objectBody(req);
      const errs: FieldError[] = [];
      const bad = (field: string, message: string) => errs.push({ code: 'UNPROCESSABLE_ENTITY', field, message });
      const { currency, network } = body;
      const spec = typeof network === 'string' ? networks[network] : undefined;
      if (typeof network !== 'string' || network === '') bad('network', 'network is required');
      else if (network.startsWith('networks/')) bad('network', 'network must be given without the networks/ prefix');
      else if (!spec) bad('network', 'network is not supported');
      if (typeof currency !== 'string' || currency === '') bad('currency', 'currency is required');
      else if (spec && !spec.currencies.includes(currency.toLowerCase())) {
        bad('currency', `currency must be one of: ${spec.currencies.join(', ')}`);
      }
      if (errs.length > 0) return errors(422, errs);

      const cur = (currency as string).toLowerCase();
      const existing = wallet.addresses.find((a) => a.currency === cur && a.network === network);
      if (existing) return ok(200, addressView(wallet));
      addAddress(wallet, network as string, cur);
      wallet.updatedAt = context.now();
      return ok(201, addressView(wallet));
    });

  /** Adds an address; on an EVM network every currency shares the wallet's one address there. */
  function addAddress(wallet: WalletRecord, network: string, currency: string): void {
    const spec = networks[network];
    const shared = spec.evm ? wallet.addresses.find((a) => a.network === network)?.address : undefined;
    wallet.addresses.push({ address_id: randomUUID(), currency, network, address: shared ?? spec.generate() });
  }

  // --- admin (mounted at /_sandbox/sovera) -----------------------------------------------------

  const adminFail = (status: number, error: string) => new HttpError(json(status, { error }));
  const adminUser = (userId: string): UserRecord => {
    const user = users.get(userId);
    if (!user) throw adminFail(404, 'unknown user');
    return refresh(user);
  };

  const admin = new Router()
    .post('/users/:userId/kyc', (req): SandboxResponse => {
      const user = adminUser(req.params.userId);
      const decision = requestedDecision(req.body);
      if (!decision) throw adminFail(422, 'decision must be "VERIFIED" or "REJECTED"');
      if (user.status !== 'PENDING' && user.status !== decision) {
        throw adminFail(409, `KYC was already decided: ${user.status}`);
      }
      if (user.status === 'PENDING') decide(user, decision);
      return json(200, adminView(user));
    })
    .get('/users', () =>
      json(
        200,
        [...users.values()].map((u) => adminView(refresh(u))),
      ),
    )
    .get('/users/:userId', (req) => json(200, adminView(adminUser(req.params.userId))))
    // Extra: make the user's current token expire now (to exercise credential renewal).
    .post('/users/:userId/expire-tokens', (req) => {
      const user = adminUser(req.params.userId);
      return json(200, { expired: tokens.expireAllOf(user.user_id) });
    });

  return {
    name: 'sovera',
    basePath: runtime.sandboxPath,
    routes,
    admin,
    errorBody: (status, message) => ({
      success: false,
      errors: [{ code: codeByStatus[status] ?? 'ERROR', message }],
      meta: meta(),
    }),
  };
}
