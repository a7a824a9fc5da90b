import axios from 'axios';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { isChecksumAddress } from '../../dev/sandbox/addresses';

const EOA = '0x742d35Cc6634C0532925a3b844Bc9e7595f2bD78';
const PHONE = '+14155552671';
let seq = 0;

function clients(sandbox: Sandbox) {
  const http = axios.create({ baseURL: `${sandbox.url}/sumvin`, validateStatus: () => true });
  const admin = axios.create({ baseURL: `${sandbox.url}/_sandbox/sumvin`, validateStatus: () => true });
  async function jwt(subject = `person-${++seq}`, ttlSeconds = 3600): Promise<string> {
    const res = await admin.post('/jwt', { subject, ttlSeconds });
    expect(res.status).toBe(200);
    return res.data.jwt as string;
  }
  const as = (token: string, iso = false) => ({
    headers: { 'x-juno-jwt': token, ...(iso ? { 'X-Timestamp-Format': 'iso8601' } : {}) },
  });
  async function newUser(subject?: string): Promise<{ token: string; id: string }> {
    const token = await jwt(subject);
    const res = await http.post('/v0/user/', { chain_id: 1328, primary_eoa_address: EOA }, as(token));
    expect(res.status).toBe(201);
    return { token, id: res.data.user.id as string };
  }
  async function verifiedUser(subject?: string): Promise<{ token: string; id: string }> {
    const u = await newUser(subject);
    expect((await http.put('/v0/user/me/phone', { phone_number: PHONE }, as(u.token))).status).toBe(200);
    const code = sandbox.outbox.latest({ provider: 'sumvin', userId: u.id })!.code;
    expect((await http.put('/v0/user/me/phone/code', { verification_code: code }, as(u.token))).status).toBe(200);
    return u;
  }
  return { http, admin, jwt, as, newUser, verifiedUser };
}

const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('sumvin emulator', () => {
  let sandbox: Sandbox;
  let c: ReturnType<typeof clients>;

  beforeAll(async () => {
    sandbox = await startSandbox({ sumvin: { safeCreationMs: 60_000 } });
    c = clients(sandbox);
  });
  afterAll(() => sandbox.close());
  afterEach(() => sandbox.faults.clear());

  describe('auth', () => {
    it('answers 401 problem+json without a JWT', async () => {
      const res = await c.http.get('/v0/user/me');
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.data).toMatchObject({ status: 401, error_code: 'AUTH-401-001', instance: '/sumvin/v0/user/me' });
      expect(typeof res.data.trace_id).toBe('string');
      expect(typeof res.data.type).toBe('string');
      expect(typeof res.data.title).toBe('string');
    });

    it('refuses a JWT with a bad signature', async () => {
      const token = await c.jwt();
      const forged = token.slice(0, token.lastIndexOf('.') + 1) + 'AAAA' + token.slice(token.lastIndexOf('.') + 5);
      const res = await c.http.get('/v0/user/me', c.as(forged));
      expect(res.status).toBe(401);
      expect(res.data.error_code).toBe('AUTH-401-003');
      expect((await c.http.get('/v0/user/me', c.as('not-a-jwt'))).data.error_code).toBe('AUTH-401-003');
    });

    it('refuses an expired JWT with its own code', async () => {
      const expired = await c.jwt(`expired-${++seq}`, -5);
      const res = await c.http.post('/v0/user/', { chain_id: 1328, primary_eoa_address: EOA }, c.as(expired));
      expect(res.status).toBe(401);
      expect(res.data).toMatchObject({ error_code: 'AUTH-401-002', detail: 'Token expired' });
    });

    it('answers 404 USR-404-001 for a person without a user', async () => {
      const res = await c.http.get('/v0/user/me', c.as(await c.jwt()));
      expect(res.status).toBe(404);
      expect(res.data.error_code).toBe('USR-404-001');
    });
  });

  describe('POST /v0/user/', () => {
    it('validates chain_id and primary_eoa_address with the field in detail', async () => {
      const token = await c.jwt();
      const badChain = await c.http.post('/v0/user/', { chain_id: 1, primary_eoa_address: EOA }, c.as(token));
      expect(badChain.status).toBe(422);
      expect(badChain.data.detail).toMatch(/^chain_id: /);
      const badEoa = await c.http.post('/v0/user/', { chain_id: 1329, primary_eoa_address: '0x123' }, c.as(token));
      expect(badEoa.status).toBe(422);
      expect(badEoa.data).toMatchObject({ error_code: 'USR-422-001' });
      expect(badEoa.data.detail).toMatch(/^primary_eoa_address: /);
      const missing = await c.http.post('/v0/user/', { chain_id: 1329 }, c.as(token));
      expect(missing.data.detail).toBe('primary_eoa_address: field required');
    });

    it('creates with 201 HAL, answers 208 with the same user again, and keeps one user', async () => {
      const token = await c.jwt();
      const first = await c.http.post('/v0/user/', { chain_id: 1329, primary_eoa_address: EOA }, c.as(token));
      expect(first.status).toBe(201);
      expect(first.data._links).toEqual({
        self: { href: '/v0/user/me' },
        'kyc-status': { href: '/v0/kyc/status' },
        wallets: { href: '/v0/wallets' },
      });
      expect(first.data.user).toMatchObject({ primary_eoa_address: EOA, safe_creation_status: 'processing', primary_smart_wallet_address: null });
      expect(first.data.user.id).toMatch(/^usr_/);
      expect(typeof first.data.user.created_at).toBe('number');

      const before = (await c.admin.get('/users')).data.length;
      const again = await c.http.post('/v0/user/', { chain_id: 1329, primary_eoa_address: EOA }, c.as(token, true));
      expect(again.status).toBe(208);
      expect(again.data.user.id).toBe(first.data.user.id);
      expect(again.data.user.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect((await c.admin.get('/users')).data.length).toBe(before);
    });

    it('deploys the Safe asynchronously with an EIP-55 address', async () => {
      const u = await c.newUser();
      expect((await c.http.get('/v0/wallets', c.as(u.token))).data.wallets).toEqual([]);
      sandbox.clock.advance(60_000);
      const me = await c.http.get('/v0/user/me', c.as(u.token, true));
      expect(me.status).toBe(200);
      expect(me.data.user.safe_creation_status).toBe('completed');
      const address = me.data.user.primary_smart_wallet_address as string;
      expect(isChecksumAddress(address)).toBe(true);
      expect(address).not.toBe(address.toLowerCase());
      expect(me.data.user.updated_at).toMatch(/Z$/);
      const wallets = await c.http.get('/v0/wallets', c.as(u.token));
      expect(wallets.data.wallets).toHaveLength(1);
      expect(wallets.data.wallets[0]).toMatchObject({ address, type: 'safe', chain_id: 1328 });
      expect(typeof wallets.data.wallets[0].created_at).toBe('number');
      const view = (await c.admin.get(`/users/${u.id}`)).data;
      expect(view.safe).toEqual({ status: 'completed', address });
    });

    it('lets the admin fail the Safe creation', async () => {
      const u = await c.newUser();
      const forced = await c.admin.post(`/users/${u.id}/safe`, { outcome: 'failed' });
      expect(forced.status).toBe(200);
      const me = await c.http.get('/v0/user/me', c.as(u.token));
      expect(me.data.user).toMatchObject({ safe_creation_status: 'failed', primary_smart_wallet_address: null });
      expect((await c.admin.post('/users/usr_nope/safe', { outcome: 'failed' })).status).toBe(404);
    });
  });

  describe('phone verification', () => {
    it('validates the phone number', async () => {
      const u = await c.newUser();
      const res = await c.http.put('/v0/user/me/phone', { phone_number: '4155552671' }, c.as(u.token));
      expect(res.status).toBe(422);
      expect(res.data.detail).toMatch(/^phone_number: /);
      expect(JSON.stringify(res.data)).not.toContain('4155552671');
    });

    it('sends a 6-digit code, counts wrong attempts, invalidates on resend, verifies', async () => {
      const u = await c.newUser();
      const sent = await c.http.put('/v0/user/me/phone', { phone_number: PHONE }, c.as(u.token, true));
      expect(sent.status).toBe(200);
      expect(sent.data.verification_expires_at).toMatch(/Z$/);
      const first = sandbox.outbox.latest({ provider: 'sumvin', userId: u.id })!;
      expect(first).toMatchObject({ channel: 'sms', to: PHONE });
      expect(first.code).toMatch(/^\d{6}$/);

      const wrong = await c.http.put('/v0/user/me/phone/code', { verification_code: wrongCode(first.code) }, c.as(u.token));
      expect(wrong.status).toBe(422);
      expect(wrong.data).toMatchObject({ error_code: 'USR-422-010', attempts_remaining: 4 });
      expect(wrong.data.detail).toContain('4 attempts remaining');

      const bad = await c.http.put('/v0/user/me/phone/code', { verification_code: '12' }, c.as(u.token));
      expect(bad.data).toMatchObject({ status: 422, error_code: 'USR-422-001' });

      await c.http.put('/v0/user/me/phone', { phone_number: PHONE }, c.as(u.token));
      const second = sandbox.outbox.latest({ provider: 'sumvin', userId: u.id })!;
      // The previous code no longer works (unless the sandbox drew the same digits).
      const old =
        second.code !== first.code
          ? (await c.http.put('/v0/user/me/phone/code', { verification_code: first.code }, c.as(u.token))).data.error_code
          : 'USR-422-010';
      expect(old).toBe('USR-422-010');
      const ok = await c.http.put('/v0/user/me/phone/code', { verification_code: second.code }, c.as(u.token));
      expect(ok.status).toBe(200);
      expect(ok.data.user.phone_verified).toBe(true);
      const again = await c.http.put('/v0/user/me/phone/code', { verification_code: second.code }, c.as(u.token));
      expect(again.data).toMatchObject({ status: 409, error_code: 'USR-409-003' });
      expect((await c.admin.get(`/users/${u.id}`)).data.phone).toMatchObject({ verified: true, codesSent: 2 });
    });

    it('invalidates a code after 5 wrong attempts', async () => {
      const u = await c.newUser();
      await c.http.put('/v0/user/me/phone', { phone_number: PHONE }, c.as(u.token));
      const { code } = sandbox.outbox.latest({ provider: 'sumvin', userId: u.id })!;
      const lefts: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await c.http.put('/v0/user/me/phone/code', { verification_code: wrongCode(code) }, c.as(u.token));
        lefts.push(res.data.attempts_remaining);
      }
      expect(lefts).toEqual([4, 3, 2, 1, 0]);
      const right = await c.http.put('/v0/user/me/phone/code', { verification_code: code }, c.as(u.token));
      expect(right.status).toBe(422);
      expect(right.data.error_code).toBe('USR-422-012');
    });
  });

  describe('KYC', () => {
    it('needs a verified phone and an applicant', async () => {
      const u = await c.newUser();
      expect((await c.http.get('/v0/kyc/status', c.as(u.token))).data).toMatchObject({ status: 404, error_code: 'KYC-404-001' });
      const res = await c.http.post('/v0/kyc/applicant', undefined, c.as(u.token));
      expect(res.status).toBe(409);
      expect(res.data.error_code).toBe('KYC-409-001');
      expect((await c.http.post('/v0/kyc/access-token', undefined, c.as(u.token))).status).toBe(404);
    });

    it('goes pending -> in_progress -> approved / retry by admin decision; applicant is idempotent', async () => {
      const u = await c.verifiedUser();
      const created = await c.http.post('/v0/kyc/applicant', undefined, c.as(u.token));
      expect(created.status).toBe(201);
      expect(created.data.status).toBe('pending');
      const again = await c.http.post('/v0/kyc/applicant', undefined, c.as(u.token));
      expect(again.status).toBe(200);
      expect(again.data.applicant_id).toBe(created.data.applicant_id);

      const token = await c.http.post('/v0/kyc/access-token', undefined, c.as(u.token));
      expect(token.status).toBe(200);
      expect(token.data.expires_in).toBe(600);
      expect(typeof token.data.token).toBe('string');
      expect((await c.http.get('/v0/kyc/status', c.as(u.token))).data.status).toBe('in_progress');

      const retry = await c.admin.post(`/users/${u.id}/kyc`, { decision: 'RETRY' });
      expect(retry.status).toBe(200);
      expect((await c.http.get('/v0/kyc/status', c.as(u.token))).data.status).toBe('retry');
      const decided = await c.admin.post(`/users/${u.id}/kyc`, { decision: 'VERIFIED' });
      expect(decided.data).toMatchObject({ userId: u.id, status: 'approved' });
      const status = await c.http.get('/v0/kyc/status', c.as(u.token, true));
      expect(status.data).toMatchObject({ status: 'approved', applicant_id: created.data.applicant_id });
      expect(status.data.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    });

    it('maps REJECTED to rejected and validates the admin call', async () => {
      const u = await c.verifiedUser();
      expect((await c.admin.post(`/users/${u.id}/kyc`, { decision: 'VERIFIED' })).status).toBe(409);
      await c.http.post('/v0/kyc/applicant', undefined, c.as(u.token));
      expect((await c.admin.post(`/users/${u.id}/kyc`, { decision: 'maybe' })).status).toBe(422);
      expect((await c.admin.post('/users/usr_unknown/kyc', { decision: 'VERIFIED' })).status).toBe(404);
      await c.admin.post(`/users/${u.id}/kyc`, { decision: 'REJECTED' });
      expect((await c.http.get('/v0/kyc/status', c.as(u.token))).data.status).toBe('rejected');
      expect((await c.admin.get(`/users/${u.id}`)).data.kyc.status).toBe('rejected');
    });
  });

  it('answers injected 429s in its problem format with Retry-After', async () => {
    sandbox.faults.add({ provider: 'sumvin', route: 'GET /v0/user/me', rateLimits: 1, retryAfterSeconds: 3 });
    const res = await c.http.get('/v0/user/me', c.as(await c.jwt()));
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('3');
    expect(res.data).toMatchObject({ status: 429, error_code: 'SYS-429-001' });
  });
});

describe('sumvin emulator with automatic decisions and short codes', () => {
  let sandbox: Sandbox;
  let c: ReturnType<typeof clients>;

  beforeAll(async () => {
    sandbox = await startSandbox({ sumvin: { safeCreationMs: 30_000, otpTtlMs: 60_000, autoDecideKycAfterMs: 60_000 } });
    c = clients(sandbox);
  });
  afterAll(() => sandbox.close());

  it('expires a code with its own error code', async () => {
    const u = await c.newUser();
    await c.http.put('/v0/user/me/phone', { phone_number: PHONE }, c.as(u.token));
    const { code } = sandbox.outbox.latest({ provider: 'sumvin', userId: u.id })!;
    sandbox.clock.advance(60_000);
    const res = await c.http.put('/v0/user/me/phone/code', { verification_code: code }, c.as(u.token));
    expect(res.status).toBe(422);
    expect(res.data.error_code).toBe('USR-422-011');
  });

  it('approves automatically, and rejects the "rejected" persona', async () => {
    const ok = await c.verifiedUser(`alice-${++seq}`);
    const no = await c.verifiedUser(`bob-rejected-${++seq}`);
    for (const u of [ok, no]) await c.http.post('/v0/kyc/applicant', undefined, c.as(u.token));
    expect((await c.http.get('/v0/kyc/status', c.as(no.token))).data.status).toBe('pending');
    sandbox.clock.advance(60_000);
    expect((await c.http.get('/v0/kyc/status', c.as(ok.token))).data.status).toBe('approved');
    expect((await c.http.get('/v0/kyc/status', c.as(no.token))).data.status).toBe('rejected');
  });

  it('fails the Safe for the "safe-failed" persona', async () => {
    const u = await c.newUser(`carol-safe-failed-${++seq}`);
    expect((await c.http.get('/v0/user/me', c.as(u.token))).data.user.safe_creation_status).toBe('processing');
    sandbox.clock.advance(30_000);
    expect((await c.http.get('/v0/user/me', c.as(u.token))).data.user.safe_creation_status).toBe('failed');
  });
});
