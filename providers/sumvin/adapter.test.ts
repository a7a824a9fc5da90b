import axios from 'axios';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { isChecksumAddress } from '../../dev/sandbox/addresses';
import { createSumvinAdapter } from './adapter';
import { failureDetails, isFailure } from '../failures';
import type { ProviderAdapter, Session } from '../adapter';
import type { Holder, ProviderUser } from '../../domain/onboarding';
import { sumvinInput } from './input';
import { reveal, secret } from '../../domain/secret';
import { attempt, retryAfterLostAnswer, valueOf } from '../../test/support/attempts';

const EOA = '0x742d35cc6634c0532925a3b844BC9e7595F2BD78';
const PHONE = '+14155552671';
let seq = 0;

async function caught(p: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('sumvin adapter against the sandbox', () => {
  let sandbox: Sandbox;
  let adapter: ProviderAdapter;
  const admin = () => axios.create({ baseURL: `${sandbox.url}/_sandbox/sumvin`, validateStatus: () => true });

  async function jwt(subject: string, ttlSeconds = 3600): Promise<string> {
    const res = await admin().post('/jwt', { subject, ttlSeconds });
    return res.data.jwt as string;
  }

  async function session(subject = `person-${++seq}`, overrides: Record<string, unknown> = {}): Promise<Session> {
    const token = await jwt(subject);
    const input = sumvinInput.parse({
      provider: 'sumvin',
      reference: `ref-${seq}`,
      userCredential: { secret: token },
      eoaAddress: EOA,
      phone: PHONE,
      ...overrides,
    });
    return { input, userKey: randomUUID(), credential: { token: secret(token) } };
  }

  const latestCode = (userId: string) => sandbox.outbox.latest({ provider: 'sumvin', userId })!.code;
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  beforeAll(async () => {
    sandbox = await startSandbox({ sumvin: { safeCreationMs: 60_000 } });
    adapter = createSumvinAdapter({ baseURL: `${sandbox.url}/sumvin` }, 5_000);
  });
  afterAll(() => sandbox.close());
  afterEach(() => sandbox.faults.clear());

  it('runs the whole flow in the order the workflow calls it', async () => {
    const s = await session();
    const user = await adapter.createUser(s);
    expect(user.id).toMatch(/^usr_/);
    const withUser = { ...s, user };

    const challenge = await adapter.sendOtp!(withUser, 'sms');
    expect(challenge.channel).toBe('sms');
    const ttl = Date.parse(challenge.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000);
    expect(challenge.sentTo).toBe('+1 *** *** 2671');

    const code = latestCode(user.id);
    expect(await adapter.verifyOtp!({ ...withUser, challenge }, wrong(code))).toEqual({
      accepted: false,
      reason: 'wrong-code',
      attemptsLeft: 4,
    });
    expect(await adapter.verifyOtp!({ ...withUser, challenge }, code)).toEqual({ accepted: true });

    expect(await adapter.startKyc!(withUser)).toEqual({}); // the applicant; no token is minted before it is asked for
    const kyc = await adapter.issueKycAccess!(withUser);
    expect(reveal(kyc.accessToken!)).toMatch(/^_act-sbx-/);
    expect(await adapter.getKycStatus(withUser)).toEqual({ state: 'pending', providerStatus: 'in_progress' });
    expect((await admin().post(`/users/${user.id}/kyc`, { decision: 'RETRY' })).status).toBe(200);
    expect(await adapter.getKycStatus(withUser)).toEqual({ state: 'pending', providerStatus: 'retry' });
    await admin().post(`/users/${user.id}/kyc`, { decision: 'VERIFIED' });
    expect(await adapter.getKycStatus(withUser)).toEqual({ state: 'verified', providerStatus: 'approved' });

    let holder: Holder = await adapter.createHolder(withUser);
    expect(holder).toMatchObject({ kind: 'safe', id: user.id, ready: false, failed: false });
    sandbox.clock.advance(60_000);
    holder = await adapter.getHolder!({ ...withUser, holder });
    expect(holder.ready).toBe(true);
    expect(isChecksumAddress(holder.address!)).toBe(true);

    const deposit = await adapter.depositAddress({ ...withUser, holder });
    expect(deposit).toEqual({ address: holder.address, currency: 'usdc', network: 'sei-testnet' });
    // Without the address in the holder, it is read again from /v0/user/me.
    const reread = await adapter.depositAddress({ ...withUser, holder: { kind: 'safe', id: user.id, ready: true } });
    expect(reread.address).toBe(holder.address);
  });

  it('answers 208 as the same user and uses chain 1329 as Sei mainnet', async () => {
    const s = await session(undefined, { chainId: 1329 });
    const first = await adapter.createUser(s);
    expect(await adapter.createUser(s)).toEqual(first);
    const view = (await admin().get(`/users/${first.id}`)).data;
    expect(view.chainId).toBe(1329);
    await admin().post(`/users/${first.id}/safe`, { outcome: 'completed' });
    const holder = await adapter.createHolder({ ...s, user: first });
    expect(holder.ready).toBe(true);
    expect((await adapter.depositAddress({ ...s, user: first, holder })).network).toBe('sei');
  });

  it('maps a 422 to a non-retryable ProviderValidation with the field', async () => {
    // Our schema refuses this number now; a provider may still refuse for a rule of its own, so
    // the session skips the schema to reach Sumvin's 422.
    const s = await session();
    Object.assign(s.input, { phone: '+19999999999' });
    const user = await adapter.createUser(s);
    const err = await caught(adapter.sendOtp!({ ...s, user }, 'sms'));
    expect(isFailure(err, 'ProviderValidation')).toBe(true);
    expect(err.nonRetryable).toBe(true);
    expect(failureDetails(err)).toMatchObject({ provider: 'sumvin', status: 422, code: 'USR-422-001', field: 'phone_number' });
    expect(err.message).not.toContain('9999999999');
  });

  it('maps a 500 to a retryable ProviderUnavailable', async () => {
    const s = await session();
    sandbox.faults.add({ provider: 'sumvin', route: 'POST /v0/user/', failures: 1 });
    const err = await caught(adapter.createUser(s));
    expect(isFailure(err, 'ProviderUnavailable')).toBe(true);
    expect(err.nonRetryable).toBe(false);
    expect(failureDetails(err)?.status).toBe(500);
    expect((await adapter.createUser(s)).id).toMatch(/^usr_/);
  });

  it('maps a 429 to ProviderRateLimited waiting at least Retry-After', async () => {
    const s = await session();
    sandbox.faults.add({ provider: 'sumvin', route: 'POST /v0/user/', rateLimits: 1, retryAfterSeconds: 3 });
    const err = await caught(adapter.createUser(s));
    expect(isFailure(err, 'ProviderRateLimited')).toBe(true);
    expect(err.nonRetryable).toBe(false);
    expect(Number(err.nextRetryDelay)).toBeGreaterThanOrEqual(3_000);
  });

  it('maps an expired JWT to CredentialExpired without leaking it, and works with a fresh one', async () => {
    const subject = `person-${++seq}`;
    const s = await session(subject);
    const user = await adapter.createUser(s);
    const stale = await jwt(subject, -1);
    const err = await caught(adapter.getKycStatus({ ...s, user, credential: { token: secret(stale) } }));
    expect(isFailure(err, 'CredentialExpired')).toBe(true);
    expect(failureDetails(err)).toMatchObject({ status: 401, code: 'AUTH-401-002' });
    expect(err.message).not.toContain(stale);
    expect(JSON.stringify(err.details)).not.toContain(stale);
    const fresh = await jwt(subject);
    const holder = await adapter.createHolder({ ...s, user, credential: { token: secret(fresh) } });
    expect(holder.id).toBe(user.id);
  });

  describe('a lost answer on every creating and verifying call', () => {
    const drop = (route: string) => sandbox.faults.add({ provider: 'sumvin', route, drops: 1 });
    const requests = (route: string) => sandbox.log.list({ provider: 'sumvin', route }).length;

    it('POST /v0/user/: the retry gets 208 with the same user (documented): one user', async () => {
      const subject = `person-${++seq}`;
      const s = await session(subject);
      drop('POST /v0/user/');
      const user = valueOf(await retryAfterLostAnswer(() => adapter.createUser(s)));
      const mine = (await admin().get('/users')).data.filter((u: { subject: string }) => u.subject === subject);
      expect(mine).toEqual([expect.objectContaining({ userId: user.id })]);
    });

    it('PUT /v0/user/me/phone: the retry sends a new code; the newest works', async () => {
      const s = await session();
      const user = await adapter.createUser(s);
      drop('PUT /v0/user/me/phone');
      const challenge = valueOf(await retryAfterLostAnswer(() => adapter.sendOtp!({ ...s, user }, 'sms')));
      expect(sandbox.outbox.list({ provider: 'sumvin', userId: user.id })).toHaveLength(2);
      expect(await adapter.verifyOtp!({ ...s, user, challenge }, latestCode(user.id))).toEqual({ accepted: true });
    });

    it('PUT /v0/user/me/phone/code: the retry reads phone_verified (ours) and is accepted without sending the code again', async () => {
      const s = await session();
      const user = await adapter.createUser(s);
      const challenge = await adapter.sendOtp!({ ...s, user }, 'sms');
      const before = requests('PUT /v0/user/me/phone/code');
      drop('PUT /v0/user/me/phone/code');
      expect(valueOf(await retryAfterLostAnswer(() => adapter.verifyOtp!({ ...s, user, challenge }, latestCode(user.id))))).toEqual({ accepted: true });
      expect(requests('PUT /v0/user/me/phone/code')).toBe(before + 1);
    });

    it('PUT /v0/user/me/phone/code: where the user has no phone_verified (a real Sumvin) an unknown refusal asks for a new code', async () => {
      const s = await session();
      const user = await adapter.createUser(s);
      const challenge = await adapter.sendOtp!({ ...s, user }, 'sms');
      const code = latestCode(user.id);
      drop('PUT /v0/user/me/phone/code');
      expect('failure' in (await attempt(1, () => adapter.verifyOtp!({ ...s, user, challenge }, code)))).toBe(true);
      const documentedUser = { user: { id: user.id, primary_eoa_address: EOA, safe_creation_status: 'processing' } };
      sandbox.faults.add({ provider: 'sumvin', route: 'GET /v0/user/me', answers: 1, answerStatus: 200, answerBody: documentedUser });
      const refusal = { type: 'about:blank', title: 'Conflict', status: 409, detail: 'Phone already confirmed' };
      sandbox.faults.add({ provider: 'sumvin', route: 'PUT /v0/user/me/phone/code', answers: 1, answerStatus: 409, answerBody: refusal });
      const warnings: unknown[] = [];
      expect(await attempt(2, () => adapter.verifyOtp!({ ...s, user, challenge }, code), warnings)).toEqual({ value: { accepted: false, reason: 'expired' } });
      expect(warnings).toEqual([expect.objectContaining({ status: 409, shape: '{type: string, title: string, status: number, detail: string}' })]);
    });

    it('POST /v0/kyc/applicant and /v0/kyc/access-token: the retry finds the same applicant and gets a token', async () => {
      const s = await session();
      const user: ProviderUser = await adapter.createUser(s);
      const challenge = await adapter.sendOtp!({ ...s, user }, 'sms');
      await adapter.verifyOtp!({ ...s, user, challenge }, latestCode(user.id));
      drop('POST /v0/kyc/applicant');
      valueOf(await retryAfterLostAnswer(() => adapter.startKyc!({ ...s, user })));
      const applicant = (await admin().get(`/users/${user.id}`)).data.kyc.applicantId;
      expect(applicant).toMatch(/^app_/);
      drop('POST /v0/kyc/access-token');
      const kyc = valueOf(await retryAfterLostAnswer(() => adapter.issueKycAccess!({ ...s, user })));
      expect(kyc.accessToken).toBeDefined();
      expect((await admin().get(`/users/${user.id}`)).data.kyc.applicantId).toBe(applicant);
    });
  });

  it('an OTP refusal in words we do not know counts as a wrong code; an expired JWT or a refused org never does', async () => {
    const s = await session();
    const user = await adapter.createUser(s);
    const challenge = await adapter.sendOtp!({ ...s, user }, 'sms');
    const answer = (answerStatus: number, answerBody: unknown) =>
      sandbox.faults.add({ provider: 'sumvin', route: 'PUT /v0/user/me/phone/code', answers: 1, answerStatus, answerBody });
    const warnings: unknown[] = [];
    answer(422, { type: 'about:blank', title: 'Unprocessable Entity', status: 422, detail: 'Invalid verification code 123456' });
    expect(await attempt(1, () => adapter.verifyOtp!({ ...s, user, challenge }, '123456'), warnings)).toEqual({
      value: { accepted: false, reason: 'wrong-code' },
    });
    expect(JSON.stringify(warnings)).not.toContain('123456');
    answer(401, { title: 'Unauthorized', status: 401, detail: 'Token expired' });
    expect((await caught(adapter.verifyOtp!({ ...s, user, challenge }, '123456'))).type).toBe('CredentialExpired');
    answer(403, { title: 'Forbidden', status: 403, detail: 'Unknown organisation', error_code: 'AUTH-403-001' });
    expect((await caught(adapter.verifyOtp!({ ...s, user, challenge }, '123456'))).type).toBe('ProviderAuth');
  });

  it('refuses KYC before the phone is verified as ProviderForbidden', async () => {
    const s = await session();
    const user = await adapter.createUser(s);
    const err = await caught(adapter.startKyc!({ ...s, user }));
    expect(isFailure(err, 'ProviderForbidden')).toBe(true);
    expect(failureDetails(err)?.code).toBe('KYC-409-001');
  });

  it('reports a rejection and a failed Safe', async () => {
    const s = await session();
    const user = await adapter.createUser(s);
    const withUser = { ...s, user };
    const challenge = await adapter.sendOtp!(withUser, 'sms');
    await adapter.verifyOtp!({ ...withUser, challenge }, latestCode(user.id));
    await adapter.startKyc!(withUser);
    await admin().post(`/users/${user.id}/kyc`, { decision: 'REJECTED' });
    expect(await adapter.getKycStatus(withUser)).toEqual({ state: 'rejected', providerStatus: 'rejected' });

    await admin().post(`/users/${user.id}/safe`, { outcome: 'failed' });
    const holder = await adapter.createHolder(withUser);
    expect(holder).toEqual({ kind: 'safe', id: user.id, ready: false, failed: true });
    expect(isFailure(await caught(adapter.depositAddress({ ...withUser, holder })), 'HolderCreationFailed')).toBe(true);
  });

  it('answers wrong-code with 0 attempts left once a code is exhausted', async () => {
    const s = await session();
    const user = await adapter.createUser(s);
    const withUser = { ...s, user };
    const challenge = await adapter.sendOtp!(withUser, 'sms');
    const code = latestCode(user.id);
    const lefts: (number | undefined)[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await adapter.verifyOtp!({ ...withUser, challenge }, wrong(code));
      expect(r.accepted).toBe(false);
      if (!r.accepted) lefts.push(r.attemptsLeft);
    }
    expect(lefts).toEqual([4, 3, 2, 1, 0, 0]);
    // A resend gives a new, working code.
    await adapter.sendOtp!(withUser, 'sms');
    expect(await adapter.verifyOtp!({ ...withUser, challenge }, latestCode(user.id))).toEqual({ accepted: true });
  });
});

describe('sumvin adapter: expired codes', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ sumvin: { otpTtlMs: 60_000, orgId: 'org_1' } });
  });
  afterAll(() => sandbox.close());

  it('answers expired (not an exception) for a code past its lifetime', async () => {
    const adapter = createSumvinAdapter({ baseURL: `${sandbox.url}/sumvin`, orgId: 'org_1' }, 5_000);
    const { data } = await axios.post(`${sandbox.url}/_sandbox/sumvin/jwt`, { subject: 'late-person' });
    const input = sumvinInput.parse({
      provider: 'sumvin',
      reference: 'ref-late',
      userCredential: { secret: data.jwt },
      eoaAddress: EOA,
      phone: PHONE,
    });
    // No credential in the session: the adapter falls back to the input's JWT.
    const s: Session = { input, userKey: randomUUID() };
    // This sandbox requires x-juno-orgid: without it our partner configuration is wrong.
    const noOrg = createSumvinAdapter({ baseURL: `${sandbox.url}/sumvin` }, 5_000);
    const refused = await caught(noOrg.createUser(s));
    expect(isFailure(refused, 'ProviderAuth')).toBe(true);
    expect(failureDetails(refused)?.code).toBe('AUTH-403-001');
    const user = await adapter.createUser(s);
    const challenge = await adapter.sendOtp!({ ...s, user }, 'sms');
    expect(Date.parse(challenge.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    sandbox.clock.advance(60_000);
    const code = sandbox.outbox.latest({ provider: 'sumvin', userId: user.id })!.code;
    expect(await adapter.verifyOtp!({ ...s, user, challenge }, code)).toEqual({ accepted: false, reason: 'expired' });
  });
});
