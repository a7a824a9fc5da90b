import axios from 'axios';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { isBitcoinTestnetAddress, isChecksumAddress } from '../../dev/sandbox/addresses';
import { createSfoxAdapter, registerAccountBody } from './adapter';
import type { ProviderAdapter, Session } from '../adapter';
import { failureDetails, isFailure } from '../failures';
import { sfoxInput, type SfoxInput } from './input';
import { onboardingInput } from '../../domain/input';
import type { OtpChallenge, ProviderUser } from '../../domain/onboarding';
import { attempt, retryAfterLostAnswer, valueOf } from '../../test/support/attempts';

const KEY = 'sandbox-sfox-enterprise-key';

function individualInput(overrides: { lastName?: string; phone?: { country: string; number: string }; email?: string; currency?: string } = {}) {
  return sfoxInput.parse({
    provider: 'sfox',
    reference: `ref-${randomUUID().slice(0, 8)}`,
    accountType: 'individual',
    person: {
      firstName: 'Sean',
      lastName: overrides.lastName ?? 'Fox',
      email: overrides.email ?? `sean.${randomUUID().slice(0, 8)}@example.com`,
      phone: overrides.phone ?? { country: 'US', number: '+14155552671' },
      dateOfBirth: '1990-10-15',
      address: { country: 'US', line1: '123 sFOX Lane', city: 'Los Angeles', state: 'CA', postalCode: '90403' },
      identity: { type: 'ssn', number: '123456789', country: 'US' },
    },
    deposit: { currency: overrides.currency ?? 'btc' },
  });
}

function corporationInput() {
  return sfoxInput.parse({
    provider: 'sfox',
    reference: `ref-${randomUUID().slice(0, 8)}`,
    accountType: 'corporation',
    accountRole: 'advisor',
    accountPurpose: 'Operating',
    person: {
      firstName: 'Sean',
      lastName: 'Fox',
      email: `corp.${randomUUID().slice(0, 8)}@example.com`,
      phone: { country: 'US', number: '+14155552671' },
    },
    business: {
      entityName: 'Sean Fox Hedge Fund',
      organizationType: 'LLC',
      registrationNumber: '123456789',
      principalPlace: { country: 'US', state: 'CA', address: '1234 Flower Street', city: 'Los Angeles', postalCode: '90403' },
      incorporation: { country: 'US', state: 'WY', date: '2020-10-15' },
      accreditedInvestor: true,
      nonAgentIntermediary: false,
      businessType: 'Hedge Fund',
      description: 'Crypto hedge fund',
      website: 'https://example.com',
    },
    beneficialOwners: [
      {
        firstName: 'Ann',
        lastName: 'Owner',
        email: 'ann@example.com',
        phone: '+447911123456',
        dateOfBirth: '1980-01-02',
        address: { country: 'GB', line1: '10 Downing Street', city: 'London', state: 'ENG', postalCode: 'SW1A2AA' },
        identity: { type: 'passport', number: 'P1234567', country: 'GB' },
      },
    ],
    deposit: { currency: 'eth' },
  });
}

function sessionFor(input: SfoxInput): Session {
  return { input: onboardingInput.parse(input), userKey: randomUUID() };
}

async function caught(p: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  }
  throw new Error('expected a failure');
}

describe('sfox adapter', () => {
  let sandbox: Sandbox;
  let adapter: ProviderAdapter;
  let admin: ReturnType<typeof axios.create>;

  beforeAll(async () => {
    sandbox = await startSandbox();
    adapter = createSfoxAdapter({ baseURL: `${sandbox.url}/sfox`, enterpriseKey: KEY }, 5_000);
    admin = axios.create({ baseURL: `${sandbox.url}/_sandbox/sfox`, validateStatus: () => true });
  });
  afterAll(() => sandbox.close());
  afterEach(() => sandbox.faults.clear());

  const latestCode = (userId: string, channel: 'email' | 'sms') => sandbox.outbox.latest({ provider: 'sfox', userId, channel })!.code;
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const adminUser = async (userId: string) => (await admin.get(`/users/${encodeURIComponent(userId)}`)).data;
  const countUsers = async (userId: string) => ((await admin.get('/users')).data as { userId: string }[]).filter((u) => u.userId === userId).length;

  it('maps our input to the register-account body', () => {
    const body = registerAccountBody(corporationInput(), 'key-1');
    expect(body).toMatchObject({
      account_type: 'corporation',
      account_role: 'advisor',
      user_id: 'key-1',
      account_purpose: 'Operating',
      phone_country_code: 'US',
      business: { organization_type: 'LLC', incorporation_state: 'WY', principal_place_postal_code: '90403', non_agent_intermediary: false },
    });
    expect(body.individual).toBeUndefined();
    expect(body.beneficial_owners![0]).toMatchObject({ address_subdivision: 'ENG', id_type: 'passport', id_country_code: 'GB', phone_number: '+447911123456' });
    const ind = registerAccountBody(individualInput(), 'key-2');
    expect(ind.individual).toEqual({
      dob: '1990-10-15',
      residential_country_code: 'US',
      residential_address: '123 sFOX Lane',
      residential_city: 'Los Angeles',
      residential_state: 'CA',
      residential_postal_code: '90403',
      id_type: 'ssn',
      id_number: '123456789',
      id_country_code: 'US',
    });
    expect(ind.account_role).toBe('client');
    expect(ind.account_purpose).toBe('Investing');
  });

  it('runs the whole individual flow in the order the workflow calls it', async () => {
    const session = sessionFor(individualInput());
    const user: ProviderUser = await adapter.createUser(session);
    expect(user).toEqual({ id: session.userKey });

    // otpSentOnCreate: the email code is already out; the workflow goes straight to verifyOtp.
    const emailChallenge: OtpChallenge = { channel: 'email', expiresAt: new Date(Date.now() + 600_000).toISOString() };
    const s1 = { ...session, user, challenge: emailChallenge };
    const emailCode = latestCode(user.id, 'email');
    expect(await adapter.verifyOtp!(s1, wrong(emailCode))).toEqual({ accepted: false, reason: 'wrong-code', attemptsLeft: 4 });
    expect(await adapter.verifyOtp!(s1, 'abc')).toEqual({ accepted: false, reason: 'wrong-code' });
    expect(await adapter.verifyOtp!(s1, emailCode)).toEqual({ accepted: true });

    const before = Date.now();
    const smsChallenge = await adapter.sendOtp!({ ...session, user }, 'sms');
    expect(smsChallenge.channel).toBe('sms');
    expect(smsChallenge.sentTo).toBe('+1 *** *** 2671');
    const ttl = Date.parse(smsChallenge.expiresAt) - before;
    expect(ttl).toBeGreaterThanOrEqual(600_000);
    expect(ttl).toBeLessThan(605_000);
    expect(await adapter.verifyOtp!({ ...session, user, challenge: smsChallenge }, latestCode(user.id, 'sms'))).toEqual({ accepted: true });

    expect(await adapter.getKycStatus({ ...session, user })).toEqual({ state: 'pending', providerStatus: 'PENDING' });
    expect((await admin.post(`/users/${user.id}/kyc`, { decision: 'VERIFIED' })).status).toBe(200);
    expect(await adapter.getKycStatus({ ...session, user })).toEqual({ state: 'verified', providerStatus: 'VERIFIED' });

    const holder = await adapter.createHolder({ ...session, user });
    expect(holder).toEqual({ kind: 'account', id: user.id, ready: true });
    const deposit = await adapter.depositAddress({ ...session, user, holder });
    expect(deposit.currency).toBe('btc');
    expect(deposit.network).toBe('bitcoin-testnet');
    expect(isBitcoinTestnetAddress(deposit.address)).toBe(true);
    expect(await adapter.depositAddress({ ...session, user, holder })).toEqual(deposit);

    const view = await adminUser(user.id);
    expect(view).toMatchObject({ status: 'VERIFIED', tokensIssued: 2, deactivated: false, addresses: [deposit] });
    expect(view.otp.email.codesSent).toBe(1); // the adapter never asked for a second email code
    expect(await countUsers(user.id)).toBe(1);

    await adapter.deactivate!({ ...session, user });
    await adapter.deactivate!({ ...session, user }); // compensation may run twice
    expect((await adminUser(user.id)).deactivated).toBe(true);
    expect(await adapter.getKycStatus({ ...session, user })).toMatchObject({ state: 'rejected', providerStatus: 'INACTIVE' });
    const after = await caught(adapter.depositAddress({ ...session, user, holder }));
    expect(after.type).toBe('ProviderForbidden');
  });

  it('runs a corporation: email only, then an eth deposit address', async () => {
    const session = sessionFor(corporationInput());
    const user = await adapter.createUser(session);
    const observed = await adapter.getKycStatus({ ...session, user });
    expect(observed).toEqual({ state: 'pending', providerStatus: 'PENDING', reason: 'requirements left: email' });
    const challenge: OtpChallenge = { channel: 'email', expiresAt: new Date().toISOString() };
    expect(await adapter.verifyOtp!({ ...session, user, challenge }, latestCode(user.id, 'email'))).toEqual({ accepted: true });
    await admin.post(`/users/${user.id}/kyc`, { decision: 'VERIFIED' });
    expect((await adapter.getKycStatus({ ...session, user })).state).toBe('verified');
    const holder = await adapter.createHolder({ ...session, user });
    const deposit = await adapter.depositAddress({ ...session, user, holder });
    expect(deposit).toMatchObject({ currency: 'eth', network: 'ethereum-sepolia' });
    expect(isChecksumAddress(deposit.address)).toBe(true);
  });

  it('reports a rejected persona as rejected with the provider word', async () => {
    const session = sessionFor(individualInput({ lastName: 'Rejected' }));
    const user = await adapter.createUser(session);
    await admin.post(`/users/${user.id}/kyc`, { decision: 'REJECTED' });
    expect(await adapter.getKycStatus({ ...session, user })).toMatchObject({ state: 'rejected', providerStatus: 'UNSUPPORTED' });
  });

  it('an expired or dead code is "expired", not an exception; a resend makes a new one', async () => {
    const session = sessionFor(individualInput());
    const user = await adapter.createUser(session);
    const challenge: OtpChallenge = { channel: 'email', expiresAt: new Date().toISOString() };
    const s = { ...session, user, challenge };
    const first = latestCode(user.id, 'email');
    await admin.post(`/users/${user.id}/expire-otp`, { type: 'email' });
    expect(await adapter.verifyOtp!(s, first)).toEqual({ accepted: false, reason: 'expired' });

    await adapter.sendOtp!({ ...session, user }, 'email');
    const second = latestCode(user.id, 'email');
    for (let left = 4; left >= 0; left--)
      expect(await adapter.verifyOtp!(s, wrong(second))).toEqual({ accepted: false, reason: 'wrong-code', attemptsLeft: left });
    expect(await adapter.verifyOtp!(s, second)).toEqual({ accepted: false, reason: 'expired' });

    // sms before email: a typed validation failure naming the field.
    const early = await caught(adapter.sendOtp!({ ...session, user }, 'sms'));
    expect(early.type).toBe('ProviderValidation');
    expect(failureDetails(early)?.field).toBe('type');
  });

  it('maps a 422 to a non-retryable ProviderValidation naming the field, without PII', async () => {
    // Our schema refuses a number of another country now; a provider may still refuse for a rule
    // of its own, so the session skips the schema to reach sFOX's 422.
    const session = sessionFor(individualInput());
    Object.assign((session.input as { person: object }).person, { phone: { country: 'FR', number: '+14155552671' } });
    const err = await caught(adapter.createUser(session));
    expect(err.type).toBe('ProviderValidation');
    expect(err.nonRetryable).toBe(true);
    expect(failureDetails(err)).toMatchObject({ provider: 'sfox', status: 422, field: 'phone_number' });
    expect(err.message).not.toContain('4155552671');
    expect(await countUsers(session.userKey)).toBe(0);
  });

  it('maps an email used by someone else to ProviderConflict', async () => {
    const first = individualInput();
    await adapter.createUser(sessionFor(first));
    const session = sessionFor(individualInput({ email: first.person.email }));
    const err = await caught(adapter.createUser(session));
    expect(err.type).toBe('ProviderConflict');
    expect(failureDetails(err)?.field).toBe('email');
    expect(err.message).not.toContain(first.person.email);
  });

  it('maps a 500 to retryable ProviderUnavailable', async () => {
    const session = sessionFor(individualInput());
    const user = await adapter.createUser(session);
    sandbox.faults.add({ provider: 'sfox', route: 'GET /v1/enterprise/users/:userId', failures: 1 });
    const err = await caught(adapter.getKycStatus({ ...session, user }));
    expect(err.type).toBe('ProviderUnavailable');
    expect(err.nonRetryable).toBe(false);
    expect(failureDetails(err)?.status).toBe(500);
    expect((await adapter.getKycStatus({ ...session, user })).state).toBe('pending');
  });

  it('maps a 429 to ProviderRateLimited honouring Retry-After', async () => {
    sandbox.faults.add({ provider: 'sfox', route: 'POST /v1/enterprise/register-account', rateLimits: 1, retryAfterSeconds: 3 });
    const session = sessionFor(individualInput());
    const err = await caught(adapter.createUser(session));
    expect(err.type).toBe('ProviderRateLimited');
    expect(err.nonRetryable).toBe(false);
    expect(Number(err.nextRetryDelay)).toBeGreaterThanOrEqual(3_000);
    expect(await countUsers(session.userKey)).toBe(0);
    expect((await adapter.createUser(session)).id).toBe(session.userKey);
  });

  it('maps a wrong enterprise key to ProviderAuth', async () => {
    const bad = createSfoxAdapter({ baseURL: `${sandbox.url}/sfox`, enterpriseKey: 'wrong-key' }, 5_000);
    const err = await caught(bad.createUser(sessionFor(individualInput())));
    expect(err.type).toBe('ProviderAuth');
    expect(err.message).not.toContain('wrong-key');
  });

  describe('a lost answer on every creating and verifying call', () => {
    const drop = (route: string) => sandbox.faults.add({ provider: 'sfox', route, drops: 1 });
    const requests = (route: string) => sandbox.log.list({ provider: 'sfox', route }).length;

    it('POST register-account: the retry reads the account under our own user_id: one account, one email code', async () => {
      const session = sessionFor(individualInput());
      drop('POST /v1/enterprise/register-account');
      expect(valueOf(await retryAfterLostAnswer(() => adapter.createUser(session)))).toEqual({ id: session.userKey });
      expect(await countUsers(session.userKey)).toBe(1);
      expect(sandbox.outbox.list({ provider: 'sfox', userId: session.userKey })).toHaveLength(1);
    });

    it('POST register-account: sFOX documents no 409, so a refusal in other words is checked under our id too', async () => {
      const session = sessionFor(individualInput());
      drop('POST /v1/enterprise/register-account');
      expect('failure' in (await attempt(1, () => adapter.createUser(session)))).toBe(true);
      sandbox.faults.add({
        provider: 'sfox',
        route: 'POST /v1/enterprise/register-account',
        answers: 1,
        answerStatus: 400,
        answerBody: { error: 'Account already exists' },
      });
      expect(valueOf(await attempt(2, () => adapter.createUser(session)))).toEqual({ id: session.userKey });
      expect(await countUsers(session.userKey)).toBe(1);
      // Somebody else's email is still a conflict: no account under our id.
      const taken = individualInput();
      await adapter.createUser(sessionFor(taken));
      const other = sessionFor(individualInput({ email: taken.person.email }));
      const conflict = await attempt(2, () => adapter.createUser(other));
      expect('failure' in conflict && conflict.failure.type).toBe('ProviderConflict');
    });

    it('POST send-verification: the retry sends a new code; the newest works', async () => {
      const session = sessionFor(individualInput());
      const user = await adapter.createUser(session);
      drop('POST /v1/enterprise/users/send-verification/:userId');
      const challenge = valueOf(await retryAfterLostAnswer(() => adapter.sendOtp!({ ...session, user }, 'email')));
      expect(sandbox.outbox.list({ provider: 'sfox', userId: user.id, channel: 'email' })).toHaveLength(3);
      expect(await adapter.verifyOtp!({ ...session, user, challenge }, latestCode(user.id, 'email'))).toEqual({ accepted: true });
    });

    it('POST verify: the retry reads the requirements (documented) and is accepted without sending the code again', async () => {
      const session = sessionFor(individualInput());
      const user = await adapter.createUser(session);
      const s = { ...session, user, challenge: { channel: 'email', expiresAt: new Date().toISOString() } as OtpChallenge };
      const code = latestCode(user.id, 'email');
      const before = requests('POST /v1/enterprise/users/verify/:userId');
      drop('POST /v1/enterprise/users/verify/:userId');
      expect(valueOf(await retryAfterLostAnswer(() => adapter.verifyOtp!(s, code)))).toEqual({ accepted: true });
      expect(requests('POST /v1/enterprise/users/verify/:userId')).toBe(before + 1);
      expect((await adminUser(user.id)).requirements).toEqual({ sms: true });
    });

    it('POST verify: a retry whose first attempt never arrived sends the code and is judged as usual', async () => {
      const session = sessionFor(individualInput());
      const user = await adapter.createUser(session);
      const s = { ...session, user, challenge: { channel: 'email', expiresAt: new Date().toISOString() } as OtpChallenge };
      const code = latestCode(user.id, 'email');
      expect(await attempt(2, () => adapter.verifyOtp!(s, wrong(code)))).toEqual({ value: { accepted: false, reason: 'wrong-code', attemptsLeft: 4 } });
      expect(await attempt(2, () => adapter.verifyOtp!(s, code))).toEqual({ value: { accepted: true } });
    });

    it('POST user-tokens and POST deposit address: the retry mints anew and gets the same address', async () => {
      const session = sessionFor(individualInput({ currency: 'usdc' }));
      const user = await adapter.createUser(session);
      await admin.post(`/users/${user.id}/kyc`, { decision: 'VERIFIED' });
      const holder = await adapter.createHolder({ ...session, user });
      drop('POST /v1/enterprise/user-tokens/:userId');
      valueOf(await retryAfterLostAnswer(() => adapter.depositAddress({ ...session, user, holder })));
      drop('POST /v1/user/deposit/address/:currency');
      const deposit = valueOf(await retryAfterLostAnswer(() => adapter.depositAddress({ ...session, user, holder })));
      const view = await adminUser(user.id);
      expect(view.addresses).toEqual([deposit]);
      expect(deposit.network).toBe('ethereum-sepolia');
    });

    it('DELETE account: the retry succeeds (deactivating again is harmless)', async () => {
      const session = sessionFor(individualInput());
      const user = await adapter.createUser(session);
      drop('DELETE /v1/enterprise/account/:userId');
      valueOf(await retryAfterLostAnswer(() => adapter.deactivate!({ ...session, user })));
      expect((await adminUser(user.id)).deactivated).toBe(true);
    });
  });

  describe('OTP verdicts in words we do not recognise (a real sFOX)', () => {
    const answer = (answerStatus: number, answerBody: unknown) =>
      sandbox.faults.add({ provider: 'sfox', route: 'POST /v1/enterprise/users/verify/:userId', answers: 1, answerStatus, answerBody });

    it('a refusal about the code counts as wrong and logs only its shape; credentials and routes stay failures', async () => {
      const session = sessionFor(individualInput());
      const user = await adapter.createUser(session);
      const s = { ...session, user, challenge: { channel: 'email', expiresAt: new Date().toISOString() } as OtpChallenge };
      const warnings: unknown[] = [];
      answer(400, { error: 'Invalid OTP 123456' });
      expect(await attempt(1, () => adapter.verifyOtp!(s, '123456'), warnings)).toEqual({ value: { accepted: false, reason: 'wrong-code' } });
      expect(warnings).toEqual([expect.objectContaining({ provider: 'sfox', status: 400, shape: '{error: string}' })]);
      expect(JSON.stringify(warnings)).not.toContain('123456');
      answer(401, { error: 'Unauthorized' });
      expect((await caught(adapter.verifyOtp!(s, '123456'))).type).toBe('ProviderAuth');
      answer(403, { error: 'Forbidden' });
      expect((await caught(adapter.verifyOtp!(s, '123456'))).type).toBe('ProviderForbidden');
    });
  });
});

describe('sfox adapter with user tokens that are refused', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ sfox: { userTokenTtlMs: 0 } });
  });
  afterAll(() => sandbox.close());

  it('a 401 on a user call is CredentialExpired after one fresh token was tried', async () => {
    const adapter = createSfoxAdapter({ baseURL: `${sandbox.url}/sfox`, enterpriseKey: KEY }, 5_000);
    const admin = axios.create({ baseURL: `${sandbox.url}/_sandbox/sfox`, validateStatus: () => true });
    const session = sessionFor(individualInput());
    const user = await adapter.createUser(session);
    await admin.post(`/users/${user.id}/kyc`, { decision: 'VERIFIED' });
    const holder = await adapter.createHolder({ ...session, user });
    const err = await caught(adapter.depositAddress({ ...session, user, holder }));
    expect(isFailure(err, 'CredentialExpired')).toBe(true);
    expect(err.nonRetryable).toBe(true);
    expect((await admin.get(`/users/${user.id}`)).data.tokensIssued).toBe(2);
  });
});
