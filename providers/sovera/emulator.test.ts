import { randomUUID } from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { isBitcoinTestnetAddress, isChecksumAddress } from '../../dev/sandbox/addresses';

const OWNER = 'sandbox-sovera-owner-key';
const BASE = '/sovera/sovx/v1';

let counter = 0;
/** A valid Create User body with a fresh email and US phone number. */
function userBody(overrides: Record<string, unknown> = {}, individual: Record<string, unknown> = {}) {
  counter++;
  return {
    account_type: 'individual',
    account_role: 'third',
    account_purpose: 'investing',
    first_name: 'John',
    last_name: 'Doe',
    email: `john.${counter}.${randomUUID().slice(0, 8)}@example.com`,
    phone_country_code: 'US',
    phone_number: `225254${1000 + counter}`,
    individual: {
      dob: '1990-10-15',
      residential_country_code: 'US',
      residential_address: '123 Sovera Lane',
      residential_city: 'Cheyenne',
      residential_state: 'WY',
      residential_postal_code: '82001',
      id_type: 'ssn',
      id_number: '123456789',
      id_country_code: 'US',
      ...individual,
    },
    ...overrides,
  };
}

function client(sandbox: Sandbox): AxiosInstance {
  return axios.create({ baseURL: sandbox.url, validateStatus: () => true });
}

const owner = { headers: { 'x-api-key': OWNER } };
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

interface ErrorBody {
  success: boolean;
  errors: { code: string; message: string; field?: string }[];
  meta: { timestamp: string; version: string; trace_id: string };
}

describe('Sovera emulator', () => {
  let sandbox: Sandbox;
  let http: AxiosInstance;

  beforeAll(async () => {
    sandbox = await startSandbox();
    http = client(sandbox);
  });
  afterAll(() => sandbox.close());

  async function createUser(overrides: Record<string, unknown> = {}) {
    const res = await http.post(`${BASE}/users`, userBody(overrides), owner);
    expect(res.status).toBe(201);
    return res.data.data as { user_id: string; status: string; email: string; phone_number: string };
  }
  async function mint(userId: string): Promise<string> {
    const res = await http.post(`${BASE}/users/${userId}/token`, undefined, owner);
    expect(res.status).toBe(200);
    return res.data.data.token;
  }
  async function verify(userId: string, decision = 'VERIFIED') {
    const res = await http.post(`/_sandbox/sovera/users/${userId}/kyc`, { decision });
    expect(res.status).toBe(200);
    return res.data;
  }
  const btcWallet = (name: string) => ({
    name,
    description: 'Main wallet',
    wallet_type: 'virtual',
    networks: [{ name: 'networks/bitcoin-testnet', currency: 'btc' }],
  });

  it('runs the documented onboarding: user, token, wallet, deposit address', async () => {
    const userId = randomUUID();
    const body = userBody({ user_id: userId });
    const created = await http.post(`${BASE}/users`, body, owner);
    expect(created.status).toBe(201);
    expect(created.data.success).toBe(true);
    expect(created.data.meta).toEqual({ timestamp: expect.any(String), version: 'v1', trace_id: expect.any(String) });
    expect(created.data.data).toMatchObject({
      user_id: userId,
      status: 'PENDING',
      account_type: 'individual',
      account_role: 'third',
      email: body.email,
      individual: { dob: '1990-10-15', id_type: 'ssn' },
    });

    const read = await http.get(`${BASE}/users/${userId}`, owner);
    expect(read.status).toBe(200);
    expect(read.data.data.status).toBe('PENDING');

    const tokenRes = await http.post(`${BASE}/users/${userId}/token`, undefined, owner);
    expect(tokenRes.status).toBe(200);
    const { token, user_id, expires } = tokenRes.data.data;
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(user_id).toBe(userId);
    const yearAhead = Date.parse(expires) - Date.now();
    expect(yearAhead).toBeGreaterThan(364 * 86_400_000);
    expect(yearAhead).toBeLessThan(367 * 86_400_000);

    const forbidden = await http.post(`${BASE}/users/${userId}/wallets`, btcWallet('Main Wallet'), bearer(token));
    expect(forbidden.status).toBe(403);
    expect(forbidden.data.errors[0].code).toBe('FORBIDDEN');

    const decided = await verify(userId);
    expect(decided).toMatchObject({ userId, status: 'VERIFIED' });
    expect((await http.get(`${BASE}/users/${userId}`, owner)).data.data.status).toBe('VERIFIED');

    const wallet = await http.post(`${BASE}/users/${userId}/wallets`, btcWallet('Main Wallet'), bearer(token));
    expect(wallet.status).toBe(201);
    const w = wallet.data.data;
    expect(w).toMatchObject({ name: 'Main Wallet', wallet_type: 'virtual', is_active: true, description: 'Main wallet' });
    expect(w.vault_wallet_id).toMatch(/^wal_[0-9a-f]{12}$/);
    expect(w.addresses).toHaveLength(1);
    expect(w.addresses[0]).toMatchObject({ currency: 'btc', network: 'networks/bitcoin-testnet' });
    expect(isBitcoinTestnetAddress(w.addresses[0].address)).toBe(true);

    const listed = await http.get(`${BASE}/users/${userId}/wallets`, bearer(token));
    expect(listed.status).toBe(200);
    expect(listed.data.data.map((x: { wallet_id: string }) => x.wallet_id)).toEqual([w.wallet_id]);

    // Same currency and network: the existing address, without the networks/ prefix.
    const addr = await http.post(`${BASE}/wallets/${w.wallet_id}/address`, { currency: 'btc', network: 'bitcoin-testnet' }, bearer(token));
    expect(addr.status).toBe(200);
    expect(addr.data.data).toMatchObject({ wallet_id: w.wallet_id, user_id: userId, name: 'Main Wallet' });
    expect(addr.data.data.addresses).toEqual([{ ...w.addresses[0], network: 'bitcoin-testnet' }]);

    // A new network adds an EIP-55 address; usdc on the same EVM network shares it.
    const eth = await http.post(`${BASE}/wallets/${w.wallet_id}/address`, { currency: 'eth', network: 'ethereum-sepolia' }, bearer(token));
    expect(eth.status).toBe(201);
    const ethAddr = eth.data.data.addresses.find((a: { currency: string }) => a.currency === 'eth');
    expect(isChecksumAddress(ethAddr.address)).toBe(true);
    const usdc = await http.post(
      `${BASE}/wallets/${w.wallet_id}/address`,
      { currency: 'usdc', network: 'ethereum-sepolia' },
      { headers: { 'x-api-key': token } },
    );
    expect(usdc.status).toBe(201);
    expect(usdc.data.data.addresses).toHaveLength(3);
    expect(usdc.data.data.addresses.find((a: { currency: string }) => a.currency === 'usdc').address).toBe(ethAddr.address);

    const view = (await http.get(`/_sandbox/sovera/users/${userId}`)).data;
    expect(view).toMatchObject({ userId, status: 'VERIFIED', tokensMinted: 1 });
    expect(view.wallets).toHaveLength(1);
    expect(view.wallets[0].addresses).toHaveLength(3);
  });

  it('refuses owner calls without the right x-api-key', async () => {
    const before = (await http.get('/_sandbox/sovera/users')).data.length;
    const missing = await http.post(`${BASE}/users`, userBody());
    expect(missing.status).toBe(401);
    const body = missing.data as ErrorBody;
    expect(body).toMatchObject({ success: false, meta: { version: 'v1' } });
    expect(body.errors[0].code).toBe('UNAUTHORIZED');
    const wrong = await http.post(`${BASE}/users`, userBody(), { headers: { 'x-api-key': 'nope' } });
    expect(wrong.status).toBe(401);
    expect((await http.get(`${BASE}/users/${randomUUID()}`)).status).toBe(401);
    expect((await http.get('/_sandbox/sovera/users')).data).toHaveLength(before);
  });

  it.each([
    ['account_type', { account_type: 'corporation' }, {}],
    ['account_role', { account_role: 'client' }, {}],
    ['account_purpose', { account_purpose: 'speculation' }, {}],
    ['first_name', { first_name: 'x'.repeat(101) }, {}],
    ['last_name', { last_name: '' }, {}],
    ['email', { email: 'not-an-email' }, {}],
    ['phone_country_code', { phone_country_code: 'XX' }, {}],
    ['phone_number', { phone_number: '2000000000' }, {}],
    ['phone_number', { phone_country_code: 'GB', phone_number: '2079460000' }, {}], // a fixed line
    ['phone_number', { phone_number: '2'.repeat(21) }, {}],
    ['user_id', { user_id: 'not-a-uuid' }, {}],
    ['user_id', { user_id: '6ba7b810-9dad-11d1-80b4-00c04fd430c8' }, {}], // v1, not v4
    ['individual.dob', {}, { dob: '1990-02-30' }],
    ['individual.dob', {}, { dob: `${new Date().getUTCFullYear() - 17}-01-01` }],
    ['individual.residential_city', {}, { residential_city: undefined }],
    ['individual.id_type', {}, { id_type: 'library_card' }],
    ['individual.id_type', {}, { id_country_code: 'GB' }], // ssn only with US
    ['individual.id_country_code', {}, { id_country_code: 'USA' }],
  ])('answers 422 for a bad %s', async (field, overrides, individual) => {
    const res = await http.post(`${BASE}/users`, userBody(overrides, individual), owner);
    expect(res.status).toBe(422);
    const body = res.data as ErrorBody;
    expect(body.success).toBe(false);
    expect(body.errors).toEqual([{ code: 'UNPROCESSABLE_ENTITY', field, message: expect.any(String) }]);
  });

  it('answers 422 with one error per bad field and for a missing individual', async () => {
    const res = await http.post(`${BASE}/users`, userBody({ email: 'bad', first_name: '' }, { dob: '2020-01-01', residential_state: '' }), owner);
    expect(res.status).toBe(422);
    expect((res.data as ErrorBody).errors.map((e) => e.field).sort()).toEqual(['email', 'first_name', 'individual.dob', 'individual.residential_state'].sort());
    const noIndividual = await http.post(`${BASE}/users`, { ...userBody(), individual: undefined }, owner);
    expect(noIndividual.status).toBe(422);
    expect((noIndividual.data as ErrorBody).errors.map((e) => e.field)).toEqual(['individual']);
    const notObject = await http.post(`${BASE}/users`, [1, 2], owner);
    expect(notObject.status).toBe(400);
    expect(notObject.data.errors[0].code).toBe('BAD_REQUEST');
  });

  it('answers 409 CONFLICT for a used email, phone or user_id without echoing them', async () => {
    const firstId = randomUUID();
    const first = userBody({ user_id: firstId });
    expect((await http.post(`${BASE}/users`, first, owner)).status).toBe(201);
    const cases: [Record<string, unknown>, string][] = [
      [{ email: first.email.toUpperCase() }, 'email'],
      [{ phone_number: first.phone_number }, 'phone_number'],
      [{ user_id: firstId }, 'user_id'],
    ];
    for (const [overrides, field] of cases) {
      const res = await http.post(`${BASE}/users`, userBody(overrides), owner);
      expect(res.status).toBe(409);
      const body = res.data as ErrorBody;
      expect(body.errors).toEqual([{ code: 'CONFLICT', field, message: expect.any(String) }]);
      const text = JSON.stringify(body);
      expect(text).not.toContain(first.email);
      expect(text).not.toContain(first.phone_number);
      expect(text).not.toContain(firstId);
    }
    const users = (await http.get('/_sandbox/sovera/users')).data as { user: { email: string } }[];
    expect(users.filter((u) => u.user.email === first.email)).toHaveLength(1);
  });

  it('answers 404 USER_NOT_FOUND for unknown users', async () => {
    const read = await http.get(`${BASE}/users/${randomUUID()}`, owner);
    expect(read.status).toBe(404);
    expect(read.data.errors[0].code).toBe('USER_NOT_FOUND');
    const token = await http.post(`${BASE}/users/${randomUUID()}/token`, undefined, owner);
    expect(token.status).toBe(404);
    expect(token.data.errors[0].code).toBe('USER_NOT_FOUND');
    const unknownRoute = await http.get(`${BASE}/nothing-here`, owner);
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.data.errors[0].code).toBe('NOT_FOUND');
  });

  it('checks user tokens: minting again invalidates the old one; other users get 403', async () => {
    const a = await createUser();
    const b = await createUser();
    await verify(a.user_id);
    await verify(b.user_id);
    const first = await mint(a.user_id);
    const second = await mint(a.user_id);
    expect(second).not.toBe(first);

    const old = await http.get(`${BASE}/users/${a.user_id}/wallets`, bearer(first));
    expect(old.status).toBe(401);
    expect(old.data.errors[0].code).toBe('UNAUTHORIZED');
    expect((await http.get(`${BASE}/users/${a.user_id}/wallets`, bearer(second))).status).toBe(200);
    expect((await http.get(`${BASE}/users/${a.user_id}/wallets`)).status).toBe(401);
    expect((await http.get(`${BASE}/users/${a.user_id}/wallets`, bearer('f'.repeat(64)))).status).toBe(401);
    // The owner key is not a user token.
    expect((await http.get(`${BASE}/users/${a.user_id}/wallets`, owner)).status).toBe(401);

    const tokenB = await mint(b.user_id);
    const cross = await http.post(`${BASE}/users/${a.user_id}/wallets`, btcWallet('x'), bearer(tokenB));
    expect(cross.status).toBe(403);
    expect(cross.data.errors[0].code).toBe('FORBIDDEN');

    const walletA = await http.post(`${BASE}/users/${a.user_id}/wallets`, btcWallet('A'), bearer(second));
    expect(walletA.status).toBe(201);
    const crossAddress = await http.post(
      `${BASE}/wallets/${walletA.data.data.wallet_id}/address`,
      { currency: 'btc', network: 'bitcoin-testnet' },
      bearer(tokenB),
    );
    expect(crossAddress.status).toBe(403);
    const unknownWallet = await http.post(`${BASE}/wallets/${randomUUID()}/address`, { currency: 'btc', network: 'bitcoin-testnet' }, bearer(second));
    expect(unknownWallet.status).toBe(404);
    expect(unknownWallet.data.errors[0].code).toBe('NOT_FOUND');

    // Admin extra: expire the current token.
    expect((await http.post(`/_sandbox/sovera/users/${a.user_id}/expire-tokens`)).data.expired).toBe(1);
    const expired = await http.get(`${BASE}/users/${a.user_id}/wallets`, bearer(second));
    expect(expired.status).toBe(401);
    expect(expired.data.errors[0].message).toMatch(/expired/i);
    expect((await http.get(`/_sandbox/sovera/users/${a.user_id}`)).data.tokensMinted).toBe(2);
  });

  it('validates wallets: fields, supported networks, unique names', async () => {
    const u = await createUser();
    await verify(u.user_id);
    const token = await mint(u.user_id);
    const post = (body: unknown) => http.post(`${BASE}/users/${u.user_id}/wallets`, body, bearer(token));

    const bad = await post({ wallet_type: 'physical', networks: [] });
    expect(bad.status).toBe(422);
    expect((bad.data as ErrorBody).errors.map((e) => e.field).sort()).toEqual(['name', 'networks', 'wallet_type']);

    const unsupported = await post({ ...btcWallet('n'), networks: [{ name: 'networks/solana-devnet', currency: 'sol' }] });
    expect(unsupported.status).toBe(422);
    expect(unsupported.data.errors[0].field).toBe('networks[0].name');
    const noPrefix = await post({ ...btcWallet('n'), networks: [{ name: 'bitcoin-testnet', currency: 'btc' }] });
    expect(noPrefix.status).toBe(422);
    const wrongCurrency = await post({ ...btcWallet('n'), networks: [{ name: 'networks/bitcoin-testnet', currency: 'eth' }] });
    expect(wrongCurrency.status).toBe(422);
    expect(wrongCurrency.data.errors[0].field).toBe('networks[0].currency');

    const both = await post({
      name: 'Both',
      wallet_type: 'virtual',
      networks: [
        { name: 'networks/bitcoin-testnet', currency: 'btc' },
        { name: 'networks/ethereum-sepolia', currency: 'eth' },
      ],
    });
    expect(both.status).toBe(201);
    const addresses = both.data.data.addresses as { network: string; address: string }[];
    expect(addresses.map((a) => a.network)).toEqual(['networks/bitcoin-testnet', 'networks/ethereum-sepolia']);
    expect(isBitcoinTestnetAddress(addresses[0].address)).toBe(true);
    expect(isChecksumAddress(addresses[1].address)).toBe(true);
    expect(both.data.data.description).toBeUndefined();

    const dup = await post(btcWallet('Both'));
    expect(dup.status).toBe(400);
    expect(dup.data.errors).toEqual([{ code: 'BAD_REQUEST', field: 'name', message: expect.any(String) }]);

    const walletId = both.data.data.wallet_id;
    const prefixed = await http.post(`${BASE}/wallets/${walletId}/address`, { currency: 'btc', network: 'networks/bitcoin-testnet' }, bearer(token));
    expect(prefixed.status).toBe(422);
    expect(prefixed.data.errors[0].field).toBe('network');
    const missing = await http.post(`${BASE}/wallets/${walletId}/address`, {}, bearer(token));
    expect(missing.status).toBe(422);
    expect((missing.data as ErrorBody).errors.map((e) => e.field).sort()).toEqual(['currency', 'network']);
    expect((await http.get(`/_sandbox/sovera/users/${u.user_id}`)).data.wallets).toHaveLength(1);
  });

  it('decides KYC by the admin call; a rejection is terminal', async () => {
    const u = await createUser();
    expect((await http.post(`/_sandbox/sovera/users/${u.user_id}/kyc`, { decision: 'MAYBE' })).status).toBe(422);
    expect((await http.post(`/_sandbox/sovera/users/${randomUUID()}/kyc`, { decision: 'VERIFIED' })).status).toBe(404);
    expect((await http.get(`/_sandbox/sovera/users/${randomUUID()}`)).status).toBe(404);
    await verify(u.user_id, 'REJECTED');
    expect((await http.get(`${BASE}/users/${u.user_id}`, owner)).data.data.status).toBe('REJECTED');
    expect((await http.post(`/_sandbox/sovera/users/${u.user_id}/kyc`, { decision: 'VERIFIED' })).status).toBe(409);
    const token = await mint(u.user_id);
    expect((await http.post(`${BASE}/users/${u.user_id}/wallets`, btcWallet('w'), bearer(token))).status).toBe(403);
  });

  it('lists every user in the admin view', async () => {
    const u = await createUser();
    const all = (await http.get('/_sandbox/sovera/users')).data as { userId: string; status: string }[];
    expect(all.filter((x) => x.userId === u.user_id)).toEqual([expect.objectContaining({ status: 'PENDING', tokensMinted: 0, wallets: [] })]);
  });
});

describe('Sovera emulator options', () => {
  let sandbox: Sandbox;
  let http: AxiosInstance;

  beforeAll(async () => {
    sandbox = await startSandbox({ sovera: { ownerKey: 'custom-owner', autoDecideKycAfterMs: 60_000, tokenTtlMs: 120_000 } });
    http = client(sandbox);
  });
  afterAll(() => sandbox.close());

  it('uses the configured owner key', async () => {
    expect((await http.post(`${BASE}/users`, userBody(), owner)).status).toBe(401);
    expect((await http.post(`${BASE}/users`, userBody(), { headers: { 'x-api-key': 'custom-owner' } })).status).toBe(201);
  });

  it('decides KYC automatically, by persona, and expires tokens', async () => {
    const key = { headers: { 'x-api-key': 'custom-owner' } };
    const ok = (await http.post(`${BASE}/users`, userBody(), key)).data.data;
    const rejected = (await http.post(`${BASE}/users`, userBody({ last_name: 'Rejected' }), key)).data.data;
    expect(ok.status).toBe('PENDING');
    expect((await http.get(`${BASE}/users/${ok.user_id}`, key)).data.data.status).toBe('PENDING');
    const token = (await http.post(`${BASE}/users/${ok.user_id}/token`, undefined, key)).data.data.token;
    expect((await http.get(`${BASE}/users/${ok.user_id}/wallets`, bearer(token))).status).toBe(200);

    sandbox.clock.advance(120_000);
    expect((await http.get(`${BASE}/users/${ok.user_id}`, key)).data.data.status).toBe('VERIFIED');
    expect((await http.get(`${BASE}/users/${rejected.user_id}`, key)).data.data.status).toBe('REJECTED');
    const expired = await http.get(`${BASE}/users/${ok.user_id}/wallets`, bearer(token));
    expect(expired.status).toBe(401);
    expect(expired.data.errors[0]).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/expired/i) });
  });
});
