import axios, { type AxiosInstance } from 'axios';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { isBitcoinTestnetAddress, isChecksumAddress } from '../../dev/sandbox/addresses';
import { createStoknAdapter } from './adapter';
import { failureDetails, isFailure } from '../failures';
import type { ProviderAdapter, Session } from '../adapter';
import type { OnboardingInput } from '../../domain/input';
import type { Credential, OtpChallenge, ProviderUser } from '../../domain/onboarding';
import { stoknInput } from './input';
import { reveal } from '../../domain/secret';
import { attempt, outcomeUnknownOf, retryAfterLostAnswer, valueOf } from '../../test/support/attempts';

const CLIENT = 'sandbox-stokn-client-token';
let seq = 0;

function input(overrides: Record<string, unknown> = {}, tag = ''): OnboardingInput {
  seq++;
  const n = (Number(`${Date.now() % 1_000_000}`) + seq * 7919) % 1_000_000;
  return stoknInput.parse({
    provider: 'stokn',
    reference: `ref-${seq}`,
    person: { email: `adapter${seq}${tag}@example.com`, phone: `+33623${String(n).padStart(6, '0')}` },
    password: { secret: 'Passw0rdOk' },
    ...overrides,
  });
}

async function rejection(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  }
  throw new Error('expected a failure');
}

describe('stokn adapter against the sandbox', () => {
  let sandbox: Sandbox;
  let adapter: ProviderAdapter;
  let admin: AxiosInstance;

  beforeAll(async () => {
    sandbox = await startSandbox();
    adapter = createStoknAdapter({ baseURL: `${sandbox.url}/stokn`, clientToken: CLIENT }, 5_000);
    admin = axios.create({ baseURL: `${sandbox.url}/_sandbox/stokn`, validateStatus: () => true });
  });
  afterEach(() => sandbox.faults.clear());
  afterAll(() => sandbox.close());

  const smsCode = (userId: string) => sandbox.outbox.latest({ provider: 'stokn', userId, channel: 'sms' })!.code;

  /** createUser + sendOtp + verifyOtp: a session holding the user and its credential. */
  async function signedIn(i = input()): Promise<Session & { user: ProviderUser; credential: Credential }> {
    const session: Session = { input: i, userKey: randomUUID() };
    const user = await adapter.createUser(session);
    const challenge = await adapter.sendOtp!({ ...session, user }, 'sms');
    const result = await adapter.verifyOtp!({ ...session, user, challenge }, smsCode(user.id));
    if (!result.accepted || !result.credential) throw new Error('OTP refused');
    return { ...session, user, credential: result.credential };
  }

  it('runs the flow in the workflow order: user, OTP, KYC, portfolio, deposit address', async () => {
    const session: Session = { input: input(), userKey: randomUUID() };
    const user = await adapter.createUser(session);
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(user.accountId).toMatch(/^[0-9a-f-]{36}$/);

    const before = Date.now();
    const challenge: OtpChallenge = await adapter.sendOtp!({ ...session, user }, 'sms');
    expect(challenge.channel).toBe('sms');
    expect(challenge.challengeId).toBeTruthy();
    expect(Date.parse(challenge.expiresAt) - before).toBeGreaterThan(4 * 60_000);
    expect(challenge.sentTo).toMatch(/\*\*\*/);

    const code = smsCode(user.id);
    const wrong = await adapter.verifyOtp!({ ...session, user, challenge }, code === '0000' ? '1111' : '0000');
    expect(wrong).toEqual({ accepted: false, reason: 'wrong-code', attemptsLeft: 2 });
    const ok = await adapter.verifyOtp!({ ...session, user, challenge }, code);
    expect(ok.accepted).toBe(true);
    const credential = ok.accepted ? ok.credential! : undefined;
    expect(reveal(credential!.token).length).toBeGreaterThan(20);
    expect(credential!.refreshToken).toBeDefined();
    expect(Date.parse(credential!.expiresAt!)).toBeGreaterThan(Date.now() + 10 * 60_000);

    const s = { ...session, user, credential: credential! };
    const kyc = await adapter.startKyc!(s);
    expect(kyc.identificationUrl).toMatch(/^https:\/\//);
    expect(await adapter.getKycStatus(s)).toEqual({ state: 'pending', providerStatus: 'KYC_IN_PROGRESS' });

    const early = await rejection(adapter.createHolder(s));
    expect(early.type).toBe('ProviderForbidden');
    expect(early.nonRetryable).toBe(true);

    expect((await admin.post(`/users/${user.id}/kyc`, { decision: 'VERIFIED' })).status).toBe(200);
    expect(await adapter.getKycStatus(s)).toEqual({ state: 'verified', providerStatus: 'VERIFIED' });

    const holder = await adapter.createHolder(s);
    expect(holder).toMatchObject({ kind: 'portfolio', ready: true });
    expect(await adapter.createHolder(s)).toEqual(holder);

    const deposit = await adapter.depositAddress({ ...s, holder });
    expect(deposit).toMatchObject({ currency: 'BTC', network: 'BTC' });
    expect(isBitcoinTestnetAddress(deposit.address)).toBe(true);

    const view = await admin.get(`/users/${user.id}`);
    expect(view.data).toMatchObject({ status: 'VERIFIED', active: true, phoneVerified: true });
    expect(view.data.portfolios).toEqual([expect.objectContaining({ portfolioId: holder.id, name: 'Trading', portfolioAccountType: 'TRADING' })]);
  });

  it('uses the portfolio name and deposit pair of the input', async () => {
    const s = await signedIn(input({ portfolioName: 'Main', deposit: { asset: 'usdc', network: 'eth' } }));
    await adapter.startKyc!(s);
    await admin.post(`/users/${s.user.id}/kyc`, { decision: 'VERIFIED' });
    const holder = await adapter.createHolder(s);
    const deposit = await adapter.depositAddress({ ...s, holder });
    expect(deposit).toMatchObject({ currency: 'USDC', network: 'ETH' });
    expect(isChecksumAddress(deposit.address)).toBe(true);
    expect((await admin.get(`/users/${s.user.id}`)).data.portfolios[0].name).toBe('Main');
  });

  it('reports a rejected KYC', async () => {
    const s = await signedIn(input({}, '+rejected'));
    await adapter.startKyc!(s);
    await admin.post(`/users/${s.user.id}/kyc`, { decision: 'REJECTED' });
    expect(await adapter.getKycStatus(s)).toEqual({ state: 'rejected', providerStatus: 'REJECTED' });
  });

  it('maps an expired OTP challenge (dead after 3 wrong codes) to reason expired', async () => {
    const session: Session = { input: input(), userKey: randomUUID() };
    const user = await adapter.createUser(session);
    const challenge = await adapter.sendOtp!({ ...session, user }, 'sms');
    const wrong = smsCode(user.id) === '4321' ? '1234' : '4321';
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await adapter.verifyOtp!({ ...session, user, challenge }, wrong));
    expect(results).toEqual([
      { accepted: false, reason: 'wrong-code', attemptsLeft: 2 },
      { accepted: false, reason: 'wrong-code', attemptsLeft: 1 },
      { accepted: false, reason: 'wrong-code', attemptsLeft: 0 },
      { accepted: false, reason: 'expired' },
    ]);
    // A resend (new login) gives a fresh challenge that works.
    const again = await adapter.sendOtp!({ ...session, user }, 'sms');
    expect(again.challengeId).not.toBe(challenge.challengeId);
    expect((await adapter.verifyOtp!({ ...session, user, challenge: again }, smsCode(user.id))).accepted).toBe(true);
  });

  it('maps an expired access token to CredentialExpired and renews it with refreshCredential', async () => {
    const s = await signedIn();
    expect((await admin.post(`/users/${s.user.id}/expire-tokens`)).data.expired).toBe(1);
    const err = await rejection(adapter.getKycStatus(s));
    expect(err.type).toBe('CredentialExpired');
    expect(failureDetails(err)).toMatchObject({ provider: 'stokn', status: 401, code: '1002' });
    expect(err.message).not.toContain(reveal(s.credential.token));

    const renewed = await adapter.refreshCredential!(s);
    expect(reveal(renewed.token)).not.toBe(reveal(s.credential.token));
    expect(reveal(renewed.refreshToken!)).toBe(reveal(s.credential.refreshToken!));
    expect(await adapter.getKycStatus({ ...s, credential: renewed })).toEqual({ state: 'pending', providerStatus: 'PENDING_KYC' });
  });

  it('maps a 400 with a field error to a non-retryable ProviderValidation naming our field, without PII', async () => {
    const bad = input();
    if (bad.provider !== 'stokn') throw new Error('unreachable');
    // Passes our E.164 pattern but is not a valid French number: Stokn refuses it.
    bad.person.phone = '+33012345678';
    const err = await rejection(adapter.createUser({ input: bad, userKey: randomUUID() }));
    expect(err.type).toBe('ProviderValidation');
    expect(err.nonRetryable).toBe(true);
    expect(failureDetails(err)).toMatchObject({ provider: 'stokn', status: 400, code: '1000', field: 'person.phone' });
    expect(err.message).not.toContain('012345678');
    expect(err.message).not.toContain(bad.person.email);
  });

  it('maps a wrong password at login to ProviderValidation on the password field', async () => {
    const i = input();
    const session: Session = { input: i, userKey: randomUUID() };
    const user = await adapter.createUser(session);
    if (i.provider !== 'stokn') throw new Error('unreachable');
    const other = { ...i, password: { secret: 'Different1' } };
    const err = await rejection(adapter.sendOtp!({ ...session, input: other, user }, 'sms'));
    expect(err.type).toBe('ProviderValidation');
    expect(failureDetails(err)).toMatchObject({ field: 'password', code: '1003' });
    expect(err.message).not.toContain('Different1');
  });

  it('maps a wrong client token to ProviderAuth', async () => {
    const wrong = createStoknAdapter({ baseURL: `${sandbox.url}/stokn`, clientToken: 'wrong' }, 5_000);
    const err = await rejection(wrong.createUser({ input: input(), userKey: randomUUID() }));
    expect(err.type).toBe('ProviderAuth');
    expect(err.nonRetryable).toBe(true);
  });

  it('maps a 500 to a retryable ProviderUnavailable', async () => {
    sandbox.faults.add({ provider: 'stokn', route: 'POST /v1/user/sign-up', failures: 1 });
    const session: Session = { input: input(), userKey: randomUUID() };
    const err = await rejection(adapter.createUser(session));
    expect(err.type).toBe('ProviderUnavailable');
    expect(err.nonRetryable).toBe(false);
    expect(failureDetails(err)).toMatchObject({ status: 500 });
    expect((await adapter.createUser(session)).id).toBeTruthy();
  });

  it('maps a 429 to ProviderRateLimited with nextRetryDelay of at least Retry-After', async () => {
    sandbox.faults.add({ provider: 'stokn', route: 'POST /v1/user/sign-up', rateLimits: 1, retryAfterSeconds: 3 });
    const err = await rejection(adapter.createUser({ input: input(), userKey: randomUUID() }));
    expect(err.type).toBe('ProviderRateLimited');
    expect(err.nonRetryable).toBe(false);
    expect(Number(err.nextRetryDelay)).toBeGreaterThanOrEqual(3_000);
  });

  it("a sign-up conflict on the first attempt is somebody else's: ProviderConflict", async () => {
    const mine = input();
    await adapter.createUser({ input: mine, userKey: randomUUID() });
    if (mine.provider !== 'stokn') throw new Error('unreachable');
    const someoneElse = input({ person: { email: mine.person.email, phone: '+33699887766' } });
    const err = await rejection(adapter.createUser({ input: someoneElse, userKey: randomUUID() }));
    expect(err.type).toBe('ProviderConflict');
    expect(failureDetails(err)).toMatchObject({ status: 409, code: '1090' });
  });

  describe('a lost answer on every creating and verifying call', () => {
    const drop = (route: string) => sandbox.faults.add({ provider: 'stokn', route, drops: 1 });
    const partner = () => axios.create({ baseURL: `${sandbox.url}/stokn`, headers: { authorization: `Bearer ${CLIENT}` }, validateStatus: () => true });

    it('POST /v1/user/sign-up: no second user; the retry stops for support (Stokn documents no lookup)', async () => {
      const usersBefore = (await admin.get('/users')).data.length;
      const session: Session = { input: input(), userKey: randomUUID() };
      drop('POST /v1/user/sign-up');
      const unknown = outcomeUnknownOf(await retryAfterLostAnswer(() => adapter.createUser(session)));
      expect(unknown.found).toEqual({ object: 'user', ids: ['id', 'accountId'] });
      expect(unknown.check).toContain('GET /v1/user/by-email');
      if (session.input.provider !== 'stokn') throw new Error('unreachable');
      const { email, phone } = session.input.person;
      for (const pii of [email, phone, phone.slice(1)]) expect(unknown.check + unknown.failure.message).not.toContain(pii);
      expect((await admin.get('/users')).data).toHaveLength(usersBefore + 1);

      // Support makes the check by hand and answers "found" with the ids: the workflow fills the
      // user and skips the sign-up; login and OTP go on from there.
      const found = (await partner().get('/v1/user/by-email', { params: { email } })).data.data;
      const user: ProviderUser = { id: found.userId, accountId: found.accounts[0].accountId };
      const challenge = await adapter.sendOtp!({ ...session, user }, 'sms');
      expect((await adapter.verifyOtp!({ ...session, user, challenge }, smsCode(user.id))).accepted).toBe(true);
    });

    it("POST /v1/user/sign-up: a later attempt cannot tell somebody else's email from its own: support decides", async () => {
      const mine = input();
      await adapter.createUser({ input: mine, userKey: randomUUID() });
      if (mine.provider !== 'stokn') throw new Error('unreachable');
      const someoneElse = input({ person: { email: mine.person.email, phone: '+33699887766' } });
      outcomeUnknownOf(await attempt(2, () => adapter.createUser({ input: someoneElse, userKey: randomUUID() })));
    });

    it('POST /v1/user/login: the retry logs in again; the newest code works (the person got two SMS)', async () => {
      const session: Session = { input: input(), userKey: randomUUID() };
      const user = await adapter.createUser(session);
      drop('POST /v1/user/login');
      const challenge = valueOf(await retryAfterLostAnswer(() => adapter.sendOtp!({ ...session, user }, 'sms')));
      expect(sandbox.outbox.list({ provider: 'stokn', userId: user.id })).toHaveLength(2);
      expect((await adapter.verifyOtp!({ ...session, user, challenge }, smsCode(user.id))).accepted).toBe(true);
    });

    it("POST /v1/user/otp: the retry after a lost success asks for a new code, never counts the person's code as wrong", async () => {
      const session: Session = { input: input(), userKey: randomUUID() };
      const user = await adapter.createUser(session);
      const challenge = await adapter.sendOtp!({ ...session, user }, 'sms');
      const code = smsCode(user.id);
      drop('POST /v1/user/otp');
      const warnings: unknown[] = [];
      expect(valueOf(await retryAfterLostAnswer(() => adapter.verifyOtp!({ ...session, user, challenge }, code), warnings))).toEqual({
        accepted: false,
        reason: 'expired',
      });
      // The same in words we do not know (a real Stokn): still "a new code is needed", not a wrong code.
      const again = await adapter.sendOtp!({ ...session, user }, 'sms');
      sandbox.faults.add({
        provider: 'stokn',
        route: 'POST /v1/user/otp',
        answers: 1,
        answerStatus: 400,
        answerBody: { success: false, errorCode: 77, errorMessage: 'Session not valid' },
      });
      expect(valueOf(await attempt(2, () => adapter.verifyOtp!({ ...session, user, challenge: again }, smsCode(user.id)), warnings))).toEqual({
        accepted: false,
        reason: 'expired',
      });
      expect(warnings).toEqual([
        expect.objectContaining({ provider: 'stokn', status: 400, shape: '{success: boolean, errorCode: number, errorMessage: string}' }),
      ]);
      expect(JSON.stringify(warnings)).not.toContain(smsCode(user.id));
      // A resend gives a code that works: one user session, the phone verified.
      const last = await adapter.sendOtp!({ ...session, user }, 'sms');
      expect((await adapter.verifyOtp!({ ...session, user, challenge: last }, smsCode(user.id))).accepted).toBe(true);
    });

    it('POST /v1/user/refresh: the retry refreshes again and its token works', async () => {
      const s = await signedIn();
      drop('POST /v1/user/refresh');
      const credential = valueOf(await retryAfterLostAnswer(() => adapter.refreshCredential!(s)));
      expect(await adapter.getKycStatus({ ...s, credential })).toMatchObject({ state: 'pending' });
    });

    it('GET /v1/kyc/start: the retry gets the same identification', async () => {
      const s = await signedIn();
      drop('GET /v1/kyc/start');
      const start = valueOf(await retryAfterLostAnswer(() => adapter.startKyc!(s)));
      expect((await admin.get(`/users/${s.user.id}`)).data.kyc).toMatchObject({ numberOfAttempts: 1 });
      expect(start.identificationUrl).toContain((await admin.get(`/users/${s.user.id}`)).data.kyc.identificationId);
    });

    it('POST /v1/account/portfolio: the retry finds it in the account (documented list): one portfolio', async () => {
      const s = await signedIn();
      await adapter.startKyc!(s);
      await admin.post(`/users/${s.user.id}/kyc`, { decision: 'VERIFIED' });
      drop('POST /v1/account/portfolio');
      const holder = valueOf(await retryAfterLostAnswer(() => adapter.createHolder(s)));
      const portfolios = (await admin.get(`/users/${s.user.id}`)).data.portfolios as { portfolioId: string }[];
      expect(portfolios).toEqual([expect.objectContaining({ portfolioId: holder.id })]);
    });
  });

  describe('OTP verdicts in words we do not recognise (a real Stokn)', () => {
    async function challenged() {
      const session: Session = { input: input(), userKey: randomUUID() };
      const user = await adapter.createUser(session);
      const challenge = await adapter.sendOtp!({ ...session, user }, 'sms');
      return { ...session, user, challenge };
    }
    const answer = (answerStatus: number, answerBody: unknown) =>
      sandbox.faults.add({ provider: 'stokn', route: 'POST /v1/user/otp', answers: 1, answerStatus, answerBody });

    it('any refusal about the code counts as a wrong code, and only its shape is logged', async () => {
      const s = await challenged();
      const warnings: unknown[] = [];
      answer(400, { success: false, errorCode: 9, errorMessage: 'CodeMismatchException: 4711 is invalid' });
      expect(valueOf(await attempt(1, () => adapter.verifyOtp!(s, '4711'), warnings))).toEqual({ accepted: false, reason: 'wrong-code' });
      answer(422, 'code mismatch');
      expect(valueOf(await attempt(1, () => adapter.verifyOtp!(s, '4711'), warnings))).toEqual({ accepted: false, reason: 'wrong-code' });
      expect(warnings).toEqual([
        expect.objectContaining({ status: 400, shape: '{success: boolean, errorCode: number, errorMessage: string}' }),
        expect.objectContaining({ status: 422, shape: 'string' }),
      ]);
      expect(JSON.stringify(warnings)).not.toContain('4711');
    });

    it('a refused partner key or a missing route is a failure, never a wrong code', async () => {
      const s = await challenged();
      answer(401, { success: false, errorCode: 1001, errorMessage: 'Unauthorized' });
      expect((await rejection(adapter.verifyOtp!(s, '1234'))).type).toBe('ProviderAuth');
      answer(403, { success: false, errorCode: 1, errorMessage: 'Forbidden' });
      expect((await rejection(adapter.verifyOtp!(s, '1234'))).type).toBe('ProviderForbidden');
      answer(404, { success: false, errorCode: 1, errorMessage: 'Not Found' });
      expect((await rejection(adapter.verifyOtp!(s, '1234'))).type).toBe('ProviderNotFound');
    });
  });

  it('returns a portfolio of that name that already exists instead of creating another; sms only', async () => {
    const s = await signedIn();
    await adapter.startKyc!(s);
    await admin.post(`/users/${s.user.id}/kyc`, { decision: 'VERIFIED' });
    const partner = axios.create({ baseURL: `${sandbox.url}/stokn`, headers: { authorization: `Bearer ${CLIENT}` }, validateStatus: () => true });
    const created = await partner.post('/v1/account/portfolio', { accountId: s.user.accountId, name: 'Trading', portfolioAccountType: 'TRADING' });
    expect(created.status).toBe(200);
    const holder = await adapter.createHolder(s);
    expect(holder.id).toBe(created.data.data.portfolios[0].portfolioId);
    expect((await admin.get(`/users/${s.user.id}`)).data.portfolios).toHaveLength(1);
    expect(isFailure(await rejection(adapter.sendOtp!(s, 'email')), 'InvalidInput')).toBe(true);
  });
});
