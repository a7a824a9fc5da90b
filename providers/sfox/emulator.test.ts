import { randomUUID } from 'node:crypto';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { isBitcoinTestnetAddress, isChecksumAddress } from '../../dev/sandbox/addresses';
import { providerClients } from '../../test/support/provider-clients';

const KEY = 'sandbox-sfox-enterprise-key';

function clients(sandbox: Sandbox) {
  return providerClients(sandbox, 'sfox', '/sfox', KEY);
}
type Clients = ReturnType<typeof clients>;

function individual(overrides: Record<string, unknown> = {}, ind: Record<string, unknown> = {}) {
  const id = randomUUID();
  return {
    account_type: 'individual',
    account_role: 'client',
    account_purpose: 'Investing',
    first_name: 'Sean',
    last_name: 'Fox',
    email: `sean.${id.slice(0, 8)}@example.com`,
    phone_country_code: 'US',
    phone_number: '+14155552671',
    user_id: id,
    individual: {
      dob: '1990-10-15',
      residential_country_code: 'US',
      residential_address: '123 sFOX Lane',
      residential_city: 'Los Angeles',
      residential_state: 'CA',
      residential_postal_code: '90403',
      id_type: 'ssn',
      id_number: '123456789',
      id_country_code: 'US',
      ...ind,
    },
    ...overrides,
  };
}

function owner(overrides: Record<string, unknown> = {}) {
  return {
    first_name: 'Sean',
    middle_name: '',
    last_name: 'Fox',
    email: 'owner@example.com',
    dob: '1990-10-15',
    phone_number: '+14155552671',
    id_type: 'ssn',
    id_country_code: 'US',
    id_number: '123456789',
    address_street1: '123 sFOX Lane',
    address_city: 'Los Angeles',
    address_subdivision: 'CA',
    address_country_code: 'US',
    address_postal_code: '90403',
    ...overrides,
  };
}

function corporation(overrides: Record<string, unknown> = {}, biz: Record<string, unknown> = {}) {
  const id = randomUUID();
  return {
    account_type: 'corporation',
    account_role: 'advisor',
    account_purpose: 'Operating',
    first_name: 'Sean',
    last_name: 'Fox',
    email: `corp.${id.slice(0, 8)}@example.com`,
    phone_country_code: 'US',
    phone_number: '+14155552671',
    user_id: id,
    business: {
      entity_name: 'Sean Fox Hedge Fund',
      incorporation_country: 'US',
      incorporation_state: 'WY',
      incorporation_date: '2020-10-15',
      organization_type: 'LLC',
      business_type: 'Hedge Fund',
      registration_number: '123456789',
      description: 'Crypto hedge fund',
      accredited_investor: true,
      non_agent_intermediary: true,
      principal_place_country: 'US',
      principal_place_state: 'CA',
      principal_place_address: '1234 Flower Street',
      principal_place_city: 'Los Angeles',
      principal_place_postal_code: '90403',
      ...biz,
    },
    beneficial_owners: [owner()],
    ...overrides,
  };
}

async function register(c: Clients, body: Record<string, unknown>) {
  const res = await c.partner.post('/v1/enterprise/register-account', body);
  expect(res.status).toBe(202);
  return res.data.data as { user_id: string; status: string; requirements: Record<string, boolean> };
}

function code(sandbox: Sandbox, userId: string, channel: 'email' | 'sms'): string {
  const m = sandbox.outbox.latest({ provider: 'sfox', userId, channel });
  expect(m).toBeDefined();
  return m!.code;
}

async function verify(c: Clients, sandbox: Sandbox, userId: string, type: 'email' | 'sms') {
  const res = await c.partner.post(`/v1/enterprise/users/verify/${userId}`, { type, otp: code(sandbox, userId, type) });
  expect(res.status).toBe(200);
  expect(res.data).toEqual({ data: { success: true, user_id: userId, type } });
}

async function verifyAll(c: Clients, sandbox: Sandbox, userId: string) {
  await verify(c, sandbox, userId, 'email');
  expect((await c.partner.post(`/v1/enterprise/users/send-verification/${userId}`, { type: 'sms' })).status).toBe(200);
  await verify(c, sandbox, userId, 'sms');
}

const wrongCode = (right: string) => String((Number(right) + 1) % 1_000_000).padStart(6, '0');

describe('sfox emulator', () => {
  let sandbox: Sandbox;
  let c: Clients;
  beforeAll(async () => {
    sandbox = await startSandbox();
    c = clients(sandbox);
  });
  afterAll(() => sandbox.close());

  describe('auth', () => {
    it('refuses partner calls without or with a wrong enterprise key, in the error envelope', async () => {
      const none = await c.anon.post('/v1/enterprise/register-account', individual());
      expect(none.status).toBe(401);
      expect(typeof none.data.error).toBe('string');
      const wrong = await c.as('not-the-key').get(`/v1/enterprise/users/${randomUUID()}`);
      expect(wrong.status).toBe(401);
      expect(Object.keys(wrong.data)).toEqual(['error']);
      expect((await c.admin.get('/users')).data.length).toBe(0);
    });

    it('answers 404 for an unknown user and for unknown routes in its envelope', async () => {
      const res = await c.partner.get(`/v1/enterprise/users/${randomUUID()}`);
      expect(res.status).toBe(404);
      expect(res.data.error).toMatch(/user/);
      const route = await c.partner.get('/v1/nowhere');
      expect(route.status).toBe(404);
      expect(route.data).toEqual({ error: 'Not Found' });
    });
  });

  describe('individual happy flow', () => {
    it('registers, verifies email then sms, is decided VERIFIED, gets deposit addresses, is deactivated', async () => {
      const body = individual();
      const created = await register(c, body);
      expect(created).toEqual({ user_id: body.user_id, status: 'PENDING', requirements: { email: true, sms: true } });

      // The email code went out on registration, to the email given.
      const mail = sandbox.outbox.list({ provider: 'sfox', userId: body.user_id });
      expect(mail).toHaveLength(1);
      expect(mail[0]).toMatchObject({ channel: 'email', to: body.email });
      expect(mail[0].code).toMatch(/^\d{6}$/);

      // SMS only after the email is verified.
      const early = await c.partner.post(`/v1/enterprise/users/send-verification/${body.user_id}`, { type: 'sms' });
      expect(early.status).toBe(422);
      expect(early.data.error).toMatch(/^type: email must be verified/);

      await verify(c, sandbox, body.user_id, 'email');
      const again = await c.partner.post(`/v1/enterprise/users/send-verification/${body.user_id}`, { type: 'email' });
      expect(again.status).toBe(422);
      expect(again.data).toEqual({ error: 'Email already verified' });
      expect((await c.partner.get(`/v1/enterprise/users/${body.user_id}`)).data.data.requirements).toEqual({ sms: true });

      const sms = await c.partner.post(`/v1/enterprise/users/send-verification/${body.user_id}`, { type: 'sms' });
      expect(sms.status).toBe(200);
      expect(sandbox.outbox.latest({ provider: 'sfox', userId: body.user_id, channel: 'sms' })!.to).toBe(body.phone_number);
      await verify(c, sandbox, body.user_id, 'sms');

      // Requirements met, but KYC not decided yet (no autoDecideKycAfterMs here).
      const pending = await c.partner.get(`/v1/enterprise/users/${body.user_id}`);
      expect(pending.data).toEqual({ data: { user_id: body.user_id, status: 'PENDING', requirements: {} } });

      const tokenRes = await c.partner.post(`/v1/enterprise/user-tokens/${body.user_id}`);
      expect(tokenRes.status).toBe(201);
      expect(tokenRes.data.data.partner_user_id).toBe(body.user_id);
      const expires = Date.parse(tokenRes.data.data.expires);
      expect(expires - Date.now()).toBeGreaterThan(23.9 * 3600_000);
      expect(expires - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
      const user = c.as(tokenRes.data.data.token);
      const notYet = await user.post('/v1/user/deposit/address/btc');
      expect(notYet.status).toBe(403);

      const decided = await c.admin.post(`/users/${body.user_id}/kyc`, { decision: 'VERIFIED' });
      expect(decided.status).toBe(200);
      expect(decided.data).toMatchObject({ userId: body.user_id, status: 'VERIFIED', requirements: {}, deactivated: false });
      expect((await c.partner.get(`/v1/enterprise/users/${body.user_id}`)).data.data.status).toBe('VERIFIED');

      const btc = await user.post('/v1/user/deposit/address/btc');
      expect(btc.status).toBe(201);
      expect(btc.data.data).toMatchObject({ currency: 'btc', network: 'bitcoin-testnet' });
      expect(btc.data.data.address).toMatch(/^tb1q/);
      expect(isBitcoinTestnetAddress(btc.data.data.address)).toBe(true);
      const btcAgain = await user.post('/v1/user/deposit/address/btc');
      expect(btcAgain.status).toBe(200);
      expect(btcAgain.data.data.address).toBe(btc.data.data.address);

      const eth = await user.post('/v1/user/deposit/address/eth');
      expect(eth.data.data).toMatchObject({ currency: 'eth', network: 'ethereum-sepolia' });
      expect(isChecksumAddress(eth.data.data.address)).toBe(true);
      const usdc = await user.post('/v1/user/deposit/address/usdc');
      expect(usdc.data.data).toEqual({ address: eth.data.data.address, currency: 'usdc', network: 'ethereum-sepolia' });
      const doge = await user.post('/v1/user/deposit/address/doge');
      expect(doge.status).toBe(422);
      expect(doge.data.error).toMatch(/^currency:/);

      const view = (await c.admin.get(`/users/${body.user_id}`)).data;
      expect(view.addresses).toHaveLength(3);
      expect(view.otp.email).toMatchObject({ verified: true, codesSent: 1 });
      expect(view.otp.sms).toMatchObject({ verified: true, codesSent: 1 });
      expect(view.codesSent).toBe(2);
      expect(view.tokensIssued).toBe(1);

      const del = await c.partner.delete(`/v1/enterprise/account/${body.user_id}`);
      expect(del.status).toBe(200);
      expect(del.data.data).toEqual({ user_id: body.user_id, status: 'INACTIVE' });
      expect((await c.partner.delete(`/v1/enterprise/account/${body.user_id}`)).status).toBe(200);
      expect((await user.post('/v1/user/deposit/address/btc')).status).toBe(401);
      expect((await c.partner.post(`/v1/enterprise/user-tokens/${body.user_id}`)).status).toBe(403);
      expect((await c.partner.get(`/v1/enterprise/users/${body.user_id}`)).data.data.status).toBe('INACTIVE');
      expect((await c.admin.get(`/users/${body.user_id}`)).data.deactivated).toBe(true);
    });

    it('refuses unknown and missing user tokens with 401', async () => {
      expect((await c.anon.post('/v1/user/deposit/address/btc')).status).toBe(401);
      const res = await c.as('f'.repeat(64)).post('/v1/user/deposit/address/btc');
      expect(res.status).toBe(401);
      expect(res.data.error).toMatch(/token/);
      // The partner key is not a user token.
      expect((await c.partner.post('/v1/user/deposit/address/btc')).status).toBe(401);
    });
  });

  describe('validation of register-account', () => {
    async function refused(body: Record<string, unknown>, field: string) {
      const res = await c.partner.post('/v1/enterprise/register-account', body);
      expect(res.status).toBe(422);
      expect(Object.keys(res.data)).toEqual(['error']);
      expect(res.data.error).toContain(`${field}: `);
      return res.data.error as string;
    }

    it.each([
      ['account_type', { account_type: 'person' }],
      ['account_role', { account_role: 'owner' }],
      ['user_id', { user_id: undefined }],
      ['first_name', { first_name: '' }],
      ['last_name', { last_name: undefined }],
      ['email', { email: ' sean@example.com' }],
      ['email', { email: 'sean@example' }],
      ['phone_number', { phone_number: '4155552671' }],
      ['phone_number', { phone_country_code: 'FR' }],
      ['phone_country_code', { phone_country_code: 'USA' }],
      ['account_purpose', { account_purpose: 'Operating' }],
      ['individual', { individual: undefined }],
    ])('names %s', async (field, overrides) => {
      await refused(individual(overrides as Record<string, unknown>), field);
    });

    it.each([
      ['individual.dob', { dob: '15/10/1990' }],
      ['individual.dob', { dob: '1990-02-30' }],
      ['individual.dob', { dob: new Date(Date.now() - 17 * 365.25 * 86400_000).toISOString().slice(0, 10) }],
      ['individual.residential_country_code', { residential_country_code: 'XX' }],
      ['individual.residential_address', { residential_address: '123 456' }],
      ['individual.residential_address', { residential_address: 'a'.repeat(81) }],
      ['individual.residential_city', { residential_city: 'L'.repeat(101) }],
      ['individual.residential_state', { residential_state: 'XX' }],
      ['individual.residential_postal_code', { residential_postal_code: '9040' }],
      [
        'individual.residential_postal_code',
        { residential_country_code: 'GB', residential_state: 'London', residential_postal_code: 'SW1A 1AA', id_type: 'passport', id_country_code: 'GB' },
      ],
      ['individual.id_type', { residential_country_code: 'FR', residential_state: 'IDF', residential_postal_code: '75001' }],
      ['individual.id_type', { id_type: 'driver_license' }],
      ['individual.id_number', { id_number: '' }],
      ['individual.id_country_code', { id_country_code: 'CA' }],
    ])('names %s', async (field, ind) => {
      await refused(individual({}, ind), field);
    });

    it('accepts a non-US resident with a passport and a free-form state', async () => {
      const body = individual(
        { phone_country_code: 'FR', phone_number: '+33612345678' },
        { residential_country_code: 'FR', residential_state: 'Ile-de-France', residential_postal_code: '75001', id_type: 'passport', id_country_code: 'FR' },
      );
      expect((await register(c, body)).user_id).toBe(body.user_id);
    });

    it('lists every problem, never echoing the values sent', async () => {
      const body = individual({ email: 'secret-person@@example.com', phone_number: '987' }, { dob: 'yesterday' });
      const error = await refused(body, 'email');
      expect(error).toContain('phone_number: ');
      expect(error).toContain('individual.dob: ');
      expect(error).not.toContain('secret-person');
      expect(error).not.toContain('987');
      expect(error).not.toContain('yesterday');
    });

    it.each([
      ['business', { business: undefined }],
      ['beneficial_owners', { beneficial_owners: [] }],
      ['beneficial_owners', { beneficial_owners: undefined }],
      ['account_purpose', { account_purpose: 'Investing' }],
    ])('corporation: names %s', async (field, overrides) => {
      await refused(corporation(overrides as Record<string, unknown>), field);
    });

    it.each([
      ['business.entity_name', { entity_name: '' }],
      ['business.organization_type', { organization_type: 'Company' }],
      ['business.registration_number', { registration_number: undefined }],
      ['business.principal_place_state', { principal_place_state: 'ZZ' }],
      ['business.principal_place_postal_code', { principal_place_postal_code: 'ABCDE' }],
      ['business.principal_place_address', { principal_place_address: '1234' }],
      ['business.principal_place_city', { principal_place_city: '' }],
      ['business.incorporation_state', { incorporation_state: 'Wyoming' }],
      ['business.incorporation_date', { incorporation_date: '2020-13-01' }],
      ['business.accredited_investor', { accredited_investor: 'yes' }],
      ['business.non_agent_intermediary', { non_agent_intermediary: undefined }],
      ['business.business_type', { business_type: 'Bakery' }],
      ['business.description', { description: undefined }],
      ['business.website', { website: 'not a url' }],
    ])('corporation: names %s', async (field, biz) => {
      await refused(corporation({}, biz), field);
    });

    it.each([
      ['beneficial_owners[0].first_name', { first_name: undefined }],
      ['beneficial_owners[0].email', { email: 'owner@example.com ' }],
      ['beneficial_owners[0].phone_number', { phone_number: '0612345678' }],
      ['beneficial_owners[0].dob', { dob: '2999-01-01' }],
      ['beneficial_owners[0].address_subdivision', { address_subdivision: 'XX' }],
      ['beneficial_owners[0].address_postal_code', { address_postal_code: '1' }],
      ['beneficial_owners[0].id_type', { address_country_code: 'GB', address_subdivision: 'ENG', address_postal_code: 'SW1A1AA' }],
      ['beneficial_owners[0].id_country_code', { id_country_code: 'GB' }],
    ])('corporation: names %s', async (field, o) => {
      await refused(corporation({ beneficial_owners: [owner(o)] }), field);
    });

    it("accepts the page's own corporation example (numeric registration number, id_issuing_country and ssn)", async () => {
      const body = corporation(
        {
          phone_number: '+12223334444',
          beneficial_owners: [
            {
              ...owner({ phone_number: '+12223334444' }),
              id_country_code: undefined,
              id_number: undefined,
              id_issuing_country: 'US',
              ssn: '123456789',
            },
          ],
        },
        { registration_number: 123456789 },
      );
      const created = await register(c, body);
      expect(created).toEqual({ user_id: body.user_id, status: 'PENDING', requirements: { email: true } });
    });

    it('refuses a body that is not an object with 400, and an advisor_user_id that is not an advisor', async () => {
      const res = await c.partner.post('/v1/enterprise/register-account', [1, 2]);
      expect(res.status).toBe(400);
      await refused(individual({ advisor_user_id: randomUUID() }), 'advisor_user_id');
    });
  });

  describe('duplicates', () => {
    it('409 on a duplicate user_id and on a duplicate email, creating nothing', async () => {
      const body = individual();
      await register(c, body);
      const before = (await c.admin.get('/users')).data.length;
      const sameId = await c.partner.post('/v1/enterprise/register-account', { ...individual(), user_id: body.user_id });
      expect(sameId.status).toBe(409);
      expect(sameId.data.error).toMatch(/^user_id: /);
      const sameEmail = await c.partner.post('/v1/enterprise/register-account', { ...individual(), email: body.email.toUpperCase() });
      expect(sameEmail.status).toBe(409);
      expect(sameEmail.data.error).toMatch(/^email: /);
      expect(sameEmail.data.error).not.toContain(body.email);
      expect((await c.admin.get('/users')).data.length).toBe(before);
    });
  });

  describe('verification codes', () => {
    it('a wrong code is a 422 with attempts left; 5 wrong attempts kill the code; a resend gives a fresh one', async () => {
      const body = individual();
      await register(c, body);
      const first = code(sandbox, body.user_id, 'email');
      const url = `/v1/enterprise/users/verify/${body.user_id}`;
      for (let i = 1; i <= 5; i++) {
        const res = await c.partner.post(url, { type: 'email', otp: wrongCode(first) });
        expect(res.status).toBe(422);
        expect(res.data.error).toBe(`otp: incorrect verification code (${5 - i} attempt${5 - i === 1 ? '' : 's'} left)`);
      }
      const dead = await c.partner.post(url, { type: 'email', otp: first });
      expect(dead.status).toBe(422);
      expect(dead.data.error).toMatch(/too many incorrect attempts/);

      expect((await c.partner.post(`/v1/enterprise/users/send-verification/${body.user_id}`, { type: 'email' })).status).toBe(200);
      const second = code(sandbox, body.user_id, 'email');
      // The previous code is replaced by the new one (unless the sandbox drew the same six digits).
      const previous = second !== first ? (await c.partner.post(url, { type: 'email', otp: first })).status : 422;
      expect(previous).toBe(422);
      expect((await c.partner.post(url, { type: 'email', otp: second })).status).toBe(200);
      const twice = await c.partner.post(url, { type: 'email', otp: second });
      expect(twice.status).toBe(422);
      expect(twice.data.error).toBe('Email already verified');
    });

    it('validates type and otp, and refuses sms for a corporation', async () => {
      const body = corporation();
      await register(c, body);
      const url = `/v1/enterprise/users/verify/${body.user_id}`;
      expect((await c.partner.post(url, { type: 'fax', otp: '123456' })).data.error).toMatch(/^type: /);
      expect((await c.partner.post(url, { type: 'email', otp: '12345' })).data.error).toMatch(/^otp: /);
      expect((await c.partner.post(url, { type: 'email' })).data.error).toMatch(/^otp: /);
      await verify(c, sandbox, body.user_id, 'email');
      const sms = await c.partner.post(`/v1/enterprise/users/send-verification/${body.user_id}`, { type: 'sms' });
      expect(sms.status).toBe(422);
      expect((await c.partner.get(`/v1/enterprise/users/${body.user_id}`)).data.data).toEqual({
        user_id: body.user_id,
        status: 'PENDING',
        requirements: {},
      });
      expect((await c.partner.post(`/v1/enterprise/users/send-verification/${randomUUID()}`, { type: 'email' })).status).toBe(404);
    });
  });

  describe('KYC decisions (admin)', () => {
    it('REJECTED makes the account UNSUPPORTED, terminal', async () => {
      const body = individual();
      await register(c, body);
      const res = await c.admin.post(`/users/${body.user_id}/kyc`, { decision: 'REJECTED' });
      expect(res.status).toBe(200);
      expect(res.data.status).toBe('UNSUPPORTED');
      expect((await c.partner.get(`/v1/enterprise/users/${body.user_id}`)).data.data.status).toBe('UNSUPPORTED');
      expect((await c.admin.post(`/users/${body.user_id}/kyc`, { decision: 'VERIFIED' })).status).toBe(409);
    });

    it('VERIFIED clears the requirements; bad decisions and unknown users are refused', async () => {
      const body = individual();
      await register(c, body);
      const res = await c.admin.post(`/users/${body.user_id}/kyc`, { decision: 'VERIFIED' });
      expect(res.data).toMatchObject({ status: 'VERIFIED', requirements: {}, kycDecision: 'VERIFIED' });
      expect((await c.admin.post(`/users/${body.user_id}/kyc`, { decision: 'MAYBE' })).status).toBe(422);
      expect((await c.admin.post(`/users/${randomUUID()}/kyc`, { decision: 'VERIFIED' })).status).toBe(404);
      expect((await c.admin.get(`/users/${randomUUID()}`)).status).toBe(404);
    });
  });
});

describe('sfox emulator with short lifetimes and automatic KYC', () => {
  let sandbox: Sandbox;
  let c: Clients;
  beforeAll(async () => {
    sandbox = await startSandbox({ sfox: { autoDecideKycAfterMs: 60_000, otpTtlMs: 120_000, userTokenTtlMs: 120_000 } });
    c = clients(sandbox);
  });
  afterAll(() => sandbox.close());

  it('decides VERIFIED autoDecideKycAfterMs after the last requirement, not before', async () => {
    const body = individual();
    await register(c, body);
    sandbox.clock.advance(60_000); // the wait starts at the last requirement, not at registration
    await verifyAll(c, sandbox, body.user_id);
    expect((await c.partner.get(`/v1/enterprise/users/${body.user_id}`)).data.data.status).toBe('PENDING');
    sandbox.clock.advance(60_000);
    expect((await c.partner.get(`/v1/enterprise/users/${body.user_id}`)).data.data).toEqual({
      user_id: body.user_id,
      status: 'VERIFIED',
      requirements: {},
    });
  });

  it('never decides while a requirement is left', async () => {
    const body = individual();
    await register(c, body);
    await verify(c, sandbox, body.user_id, 'email');
    sandbox.clock.advance(60_000);
    expect((await c.partner.get(`/v1/enterprise/users/${body.user_id}`)).data.data).toMatchObject({ status: 'PENDING', requirements: { sms: true } });
  });

  it('persona last_name "Rejected" ends UNSUPPORTED', async () => {
    const body = individual({ last_name: 'Rejected' });
    await register(c, body);
    await verifyAll(c, sandbox, body.user_id);
    sandbox.clock.advance(60_000);
    expect((await c.partner.get(`/v1/enterprise/users/${body.user_id}`)).data.data.status).toBe('UNSUPPORTED');
  });

  it('a corporation is decided once its email is verified', async () => {
    const body = corporation();
    await register(c, body);
    await verify(c, sandbox, body.user_id, 'email');
    sandbox.clock.advance(60_000);
    expect((await c.partner.get(`/v1/enterprise/users/${body.user_id}`)).data.data.status).toBe('VERIFIED');
  });

  it('an expired code answers a distinct 422; a resend works', async () => {
    const body = individual();
    await register(c, body);
    const first = code(sandbox, body.user_id, 'email');
    sandbox.clock.advance(120_000);
    const res = await c.partner.post(`/v1/enterprise/users/verify/${body.user_id}`, { type: 'email', otp: first });
    expect(res.status).toBe(422);
    expect(res.data.error).toBe('otp: verification code has expired, request a new one');
    await c.partner.post(`/v1/enterprise/users/send-verification/${body.user_id}`, { type: 'email' });
    await verify(c, sandbox, body.user_id, 'email');
  });

  it('an expired user token is refused with 401; a fresh one works', async () => {
    const body = individual();
    await register(c, body);
    await verifyAll(c, sandbox, body.user_id);
    sandbox.clock.advance(60_000);
    const old = (await c.partner.post(`/v1/enterprise/user-tokens/${body.user_id}`)).data.data.token as string;
    sandbox.clock.advance(120_000);
    const refused = await c.as(old).post('/v1/user/deposit/address/btc');
    expect(refused.status).toBe(401);
    const fresh = (await c.partner.post(`/v1/enterprise/user-tokens/${body.user_id}`)).data.data.token as string;
    expect((await c.as(fresh).post('/v1/user/deposit/address/btc')).status).toBe(201);
    expect((await c.admin.post(`/users/${body.user_id}/expire-tokens`)).data.expired).toBe(1);
    expect((await c.as(fresh).post('/v1/user/deposit/address/btc')).status).toBe(401);
  });
});
