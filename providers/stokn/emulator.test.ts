import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { sandboxAdmin } from '../../dev/sandbox/admin-client';
import { usersOfPerson } from '../../test/support/provider-people';
import { stoknRequest } from '../../test/support/requests';
import { isBitcoinTestnetAddress, isChecksumAddress } from '../../dev/sandbox/addresses';
import { stoknErrorCodes as codes } from './emulator';
import { providerClients } from '../../test/support/provider-clients';

const CLIENT = 'sandbox-stokn-client-token';
let seq = 0;
function person(tag = '') {
  seq++;
  const n = `${Date.now() % 1_000_000}`.padStart(6, '0');
  return {
    email: `person${seq}${tag}@example.com`,
    phoneNumber: `+33612${String((Number(n) + seq * 7919) % 1_000_000).padStart(6, '0')}`,
    password: 'secret123A',
    roles: ['USER'],
  };
}

function clients(sandbox: Sandbox) {
  return providerClients(sandbox, 'stokn', '/stokn', CLIENT);
}

type Clients = ReturnType<typeof clients>;

async function signUp(c: Clients, p = person()) {
  const res = await c.partner.post('/v1/user/sign-up', p);
  expect(res.status).toBe(200);
  return { p, userId: res.data.data.userId as string, accountId: res.data.data.accounts[0].accountId as string };
}

async function login(c: Clients, sandbox: Sandbox, p: { email: string; password: string }, userId: string) {
  const res = await c.partner.post('/v1/user/login', { username: p.email, password: p.password });
  expect(res.status).toBe(200);
  const code = sandbox.outbox.latest({ provider: 'stokn', userId })!.code;
  return { sessionId: res.data.data.sessionId as string, code };
}

async function session(c: Clients, sandbox: Sandbox, tag = '') {
  const u = await signUp(c, person(tag));
  const { sessionId, code } = await login(c, sandbox, u.p, u.userId);
  const res = await c.partner.post('/v1/user/otp', { sessionId, username: u.p.email, challengeType: 'SMS_MFA', code });
  expect(res.status).toBe(200);
  return { ...u, accessToken: res.data.data.accessToken as string, refreshToken: res.data.data.refreshToken as string };
}

describe('stokn emulator', () => {
  let sandbox: Sandbox;
  let c: Clients;
  beforeAll(async () => {
    sandbox = await startSandbox();
    c = clients(sandbox);
  });
  afterAll(() => sandbox.close());

  it('runs the whole flow: sign-up, login, OTP, KYC, portfolio, deposit addresses', async () => {
    const p = person();
    const signUpRes = await c.partner.post('/v1/user/sign-up', p);
    expect(signUpRes.status).toBe(200);
    expect(signUpRes.data).toMatchObject({ success: true, errorCode: 0 });
    const { userId, accounts, userAccountStatus } = signUpRes.data.data;
    expect(accounts).toHaveLength(1);
    expect(accounts[0].active).toBe(false);
    expect(userAccountStatus).toBe('PENDING_KYC');
    const accountId = accounts[0].accountId as string;

    const loginRes = await c.partner.post('/v1/user/login', { username: p.email, password: p.password });
    expect(loginRes.status).toBe(200);
    expect(loginRes.data.data).toMatchObject({ challengeType: 'SMS_MFA', expiresIn: 300 });
    const sms = sandbox.outbox.latest({ provider: 'stokn', userId })!;
    expect(sms).toMatchObject({ channel: 'sms', to: p.phoneNumber });
    expect(sms.code).toMatch(/^\d{4}$/);

    const wrong = sms.code === '0000' ? '1111' : '0000';
    const wrongRes = await c.partner.post('/v1/user/otp', {
      sessionId: loginRes.data.data.sessionId,
      username: p.email,
      challengeType: 'SMS_MFA',
      code: wrong,
    });
    expect(wrongRes.status).toBe(400);
    expect(wrongRes.data).toMatchObject({ success: false, data: null, errorCode: codes.OTP_WRONG_CODE });
    expect(wrongRes.data.errorMessage).toContain('2 attempts left');

    const otpRes = await c.partner.post('/v1/user/otp', {
      sessionId: loginRes.data.data.sessionId,
      username: p.email,
      challengeType: 'SMS_MFA',
      code: sms.code,
    });
    expect(otpRes.status).toBe(200);
    expect(otpRes.data.data).toMatchObject({ expiresIn: 900 });
    const user = c.as(otpRes.data.data.accessToken);

    const me = await user.get('/v1/user/me');
    expect(me.status).toBe(200);
    expect(me.data.data).toMatchObject({ userId, userAccountStatus: 'PENDING_KYC', accounts: [{ accountId, active: false }] });

    const early = await c.partner.post('/v1/account/portfolio', { accountId, name: 'Trading', portfolioAccountType: 'TRADING' });
    expect(early.status).toBe(403);
    expect(early.data.errorCode).toBe(codes.ACCOUNT_NOT_ACTIVE);

    const kyc1 = await user.get('/v1/kyc/start');
    expect(kyc1.status).toBe(200);
    expect(kyc1.data.data).toMatchObject({ userId, phoneNumber: p.phoneNumber, numberOfAttempts: 1 });
    expect(kyc1.data.data.identificationUrl).toMatch(/^https:\/\/.+\/identification\//);
    const kyc2 = await user.get('/v1/kyc/start');
    expect(kyc2.data.data.identificationId).toBe(kyc1.data.data.identificationId);
    expect((await user.get('/v1/user/me')).data.data.userAccountStatus).toBe('KYC_IN_PROGRESS');

    const decided = await c.admin.post(`/users/${userId}/kyc`, { decision: 'VERIFIED' });
    expect(decided.status).toBe(200);
    expect(decided.data).toMatchObject({ userId, status: 'VERIFIED', active: true });
    const meAfter = await user.get('/v1/user/me');
    expect(meAfter.data.data).toMatchObject({ userAccountStatus: 'VERIFIED', accounts: [{ active: true, portfolios: [] }] });

    const noPortfolio = await user.get(`/v1/wallet/deposit/${accountId}/BTC/BTC`);
    expect(noPortfolio.status).toBe(403);
    expect(noPortfolio.data.errorCode).toBe(codes.NO_TRADING_PORTFOLIO);

    const portfolio = await c.partner.post('/v1/account/portfolio', { accountId, name: 'Trading', portfolioAccountType: 'TRADING' });
    expect(portfolio.status).toBe(200);
    expect(portfolio.data.data.portfolios).toHaveLength(1);
    const portfolioId = portfolio.data.data.portfolios[0].portfolioId;
    expect(portfolio.data.data.tradingPortfolioId).toBe(portfolioId);
    const dup = await c.partner.post('/v1/account/portfolio', { accountId, name: 'Trading', portfolioAccountType: 'TRADING' });
    expect(dup.status).toBe(409);
    expect(dup.data.errorCode).toBe(codes.DUPLICATE_PORTFOLIO);
    expect((await user.get('/v1/user/me')).data.data.accounts[0].portfolios).toEqual([expect.objectContaining({ portfolioId, name: 'Trading' })]);

    const btc = await user.get(`/v1/wallet/deposit/${accountId}/BTC/BTC`);
    expect(btc.status).toBe(200);
    expect(btc.data.data).toMatchObject({ coin: 'BTC', network: 'BTC' });
    expect(btc.data.data.address).toMatch(/^tb1q/);
    expect(isBitcoinTestnetAddress(btc.data.data.address)).toBe(true);
    expect((await user.get(`/v1/wallet/deposit/${accountId}/BTC/BTC`)).data.data.address).toBe(btc.data.data.address);
    const eth = await user.get(`/v1/wallet/deposit/${accountId}/ETH/ETH`);
    expect(isChecksumAddress(eth.data.data.address)).toBe(true);
    const usdc = await user.get(`/v1/wallet/deposit/${accountId}/USDC/ETH`);
    expect(usdc.data.data).toMatchObject({ coin: 'USDC', network: 'ETH', address: eth.data.data.address });
    const unknown = await user.get(`/v1/wallet/deposit/${accountId}/DOGE/BTC`);
    expect(unknown.status).toBe(400);
    expect(unknown.data.errorCode).toBe(codes.UNSUPPORTED_ASSET);

    const view = await c.admin.get(`/users/${userId}`);
    expect(view.data).toMatchObject({ userId, status: 'VERIFIED', active: true, phoneVerified: true, otp: { challenges: 1, open: null } });
    expect(view.data.portfolios).toHaveLength(1);
    const all = await c.admin.get('/users');
    expect(all.data.filter((u: { userId: string }) => u.userId === userId)).toHaveLength(1);
  });

  it('validates sign-up fields with field-level messages that do not echo values', async () => {
    const res = await c.partner.post('/v1/user/sign-up', { phoneNumber: '0612345678', email: 'not-an-email', password: 'short', roles: 'USER' });
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({ success: false, errorCode: codes.VALIDATION });
    for (const field of ['phoneNumber:', 'email:', 'password:', 'roles:']) expect(res.data.errorMessage).toContain(field);
    expect(res.data.errorMessage).not.toContain('0612345678');
    expect(res.data.errorMessage).not.toContain('not-an-email');

    const noDigit = await c.partner.post('/v1/user/sign-up', { ...person(), password: 'onlyletters' });
    expect(noDigit.status).toBe(400);
    expect(noDigit.data.errorMessage).toMatch(/^password:/);
    const invalidNumber = await c.partner.post('/v1/user/sign-up', { ...person(), phoneNumber: '+33012345678' });
    expect(invalidNumber.status).toBe(400);
    expect(invalidNumber.data.errorMessage).toMatch(/^phoneNumber:/);
    const missing = await c.partner.post('/v1/user/sign-up', {});
    expect(missing.data.errorMessage).toContain('email: is required');
  });

  it('refuses partner calls without the client token and user calls without an access token', async () => {
    const noAuth = await c.anon.post('/v1/user/sign-up', person());
    expect(noAuth.status).toBe(401);
    expect(noAuth.data).toMatchObject({ success: false, errorCode: codes.UNAUTHORIZED });
    const wrong = await c.as('nope').post('/v1/user/login', { username: 'a@b.co', password: 'x' });
    expect(wrong.status).toBe(401);
    const partnerOnUser = await c.partner.get('/v1/user/me');
    expect(partnerOnUser.status).toBe(401);
    expect(partnerOnUser.data.errorCode).toBe(codes.UNAUTHORIZED);
    expect((await c.anon.get('/v1/kyc/start')).status).toBe(401);
    const missingRoute = await c.partner.get('/v1/nothing');
    expect(missingRoute.status).toBe(404);
    expect(missingRoute.data).toMatchObject({ success: false, errorCode: codes.NOT_FOUND });
  });

  it('refuses a duplicate email or phone with 409 and finds users by email (ours)', async () => {
    const { p, userId } = await signUp(c);
    const dupEmail = await c.partner.post('/v1/user/sign-up', { ...person(), email: p.email.toUpperCase() });
    expect(dupEmail.status).toBe(409);
    expect(dupEmail.data.errorCode).toBe(codes.DUPLICATE_EMAIL);
    const dupPhone = await c.partner.post('/v1/user/sign-up', { ...person(), phoneNumber: p.phoneNumber });
    expect(dupPhone.status).toBe(409);
    expect(dupPhone.data.errorCode).toBe(codes.DUPLICATE_PHONE);

    const found = await c.partner.get('/v1/user/by-email', { params: { email: p.email } });
    expect(found.status).toBe(200);
    expect(found.data.data.userId).toBe(userId);
    const notFound = await c.partner.get('/v1/user/by-email', { params: { email: 'nobody@example.com' } });
    expect(notFound.status).toBe(404);
    expect(notFound.data.errorCode).toBe(codes.NOT_FOUND);
    expect((await c.anon.get('/v1/user/by-email', { params: { email: p.email } })).status).toBe(401);
  });

  it('refuses a wrong password at login', async () => {
    const { p } = await signUp(c);
    const res = await c.partner.post('/v1/user/login', { username: p.email, password: 'wrong123456' });
    expect(res.status).toBe(401);
    expect(res.data.errorCode).toBe(codes.INVALID_CREDENTIALS);
  });

  it('kills a challenge after 3 wrong codes and supersedes it on a new login', async () => {
    const { p, userId } = await signUp(c);
    const { sessionId, code } = await login(c, sandbox, p, userId);
    const wrong = code === '9999' ? '8888' : '9999';
    const answers = [];
    for (let i = 0; i < 4; i++) {
      answers.push(await c.partner.post('/v1/user/otp', { sessionId, username: p.email, challengeType: 'SMS_MFA', code: wrong }));
    }
    expect(answers.map((a) => a.data.errorCode)).toEqual([codes.OTP_WRONG_CODE, codes.OTP_WRONG_CODE, codes.OTP_WRONG_CODE, codes.OTP_ATTEMPTS_EXCEEDED]);
    expect(answers[2].data.errorMessage).toContain('0 attempts left');
    const dead = await c.partner.post('/v1/user/otp', { sessionId, username: p.email, challengeType: 'SMS_MFA', code });
    expect(dead.data.errorCode).toBe(codes.OTP_ATTEMPTS_EXCEEDED);

    const first = await login(c, sandbox, p, userId);
    const second = await login(c, sandbox, p, userId);
    const old = await c.partner.post('/v1/user/otp', { sessionId: first.sessionId, username: p.email, challengeType: 'SMS_MFA', code: first.code });
    expect(old.status).toBe(400);
    expect(old.data.errorCode).toBe(codes.OTP_EXPIRED);
    const ok = await c.partner.post('/v1/user/otp', { sessionId: second.sessionId, username: p.email, challengeType: 'SMS_MFA', code: second.code });
    expect(ok.status).toBe(200);
    const reused = await c.partner.post('/v1/user/otp', { sessionId: second.sessionId, username: p.email, challengeType: 'SMS_MFA', code: second.code });
    expect(reused.data.errorCode).toBe(codes.OTP_EXPIRED);
    const badType = await c.partner.post('/v1/user/otp', { sessionId: second.sessionId, username: p.email, challengeType: 'EMAIL', code: '12' });
    expect(badType.status).toBe(400);
    expect(badType.data.errorMessage).toContain('challengeType:');
    expect(badType.data.errorMessage).toContain('code:');
    expect((await c.admin.get(`/users/${userId}`)).data.otp).toMatchObject({ challenges: 3, states: ['dead', 'superseded', 'used'] });
  });

  it('returns 404 for admin reads of unknown users and 422 for a bad decision', async () => {
    expect((await c.admin.get('/users/nope')).status).toBe(404);
    expect((await c.admin.post('/users/nope/kyc', { decision: 'VERIFIED' })).status).toBe(404);
    const { userId } = await signUp(c);
    expect((await c.admin.post(`/users/${userId}/kyc`, { decision: 'MAYBE' })).status).toBe(422);
  });

  it('answers injected faults in the Stokn envelope', async () => {
    sandbox.faults.add({ provider: 'stokn', route: 'POST /v1/user/sign-up', rateLimits: 1, retryAfterSeconds: 2 });
    const limited = await c.partner.post('/v1/user/sign-up', person());
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('2');
    expect(limited.data).toMatchObject({ success: false, errorCode: codes.RATE_LIMITED });
    sandbox.faults.clear();
  });
});

describe('stokn emulator with short lifetimes and automatic KYC', () => {
  let sandbox: Sandbox;
  let c: Clients;
  beforeAll(async () => {
    sandbox = await startSandbox({ stokn: { accessTokenTtlMs: 120_000, otpTtlMs: 120_000, autoDecideKycAfterMs: 60_000 } });
    c = clients(sandbox);
  });
  afterAll(() => sandbox.close());

  it('expires access tokens (401 token expired) and refreshes them', async () => {
    const s = await session(c, sandbox);
    expect((await c.as(s.accessToken).get('/v1/user/me')).status).toBe(200);
    sandbox.clock.advance(120_000);
    const expired = await c.as(s.accessToken).get('/v1/user/me');
    expect(expired.status).toBe(401);
    expect(expired.data).toMatchObject({ success: false, errorCode: codes.TOKEN_EXPIRED, errorMessage: 'Access token expired' });

    const bad = await c.partner.post('/v1/user/refresh', { username: s.p.email, refreshToken: 'nope' });
    expect(bad.status).toBe(401);
    expect(bad.data.errorCode).toBe(codes.INVALID_REFRESH_TOKEN);
    const refreshed = await c.partner.post('/v1/user/refresh', { username: s.p.email, refreshToken: s.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.data.data.accessToken).not.toBe(s.accessToken);
    expect((await c.as(refreshed.data.data.accessToken).get('/v1/user/me')).status).toBe(200);
  });

  it('expires OTP codes', async () => {
    const { p, userId } = await signUp(c);
    const { sessionId, code } = await login(c, sandbox, p, userId);
    sandbox.clock.advance(120_000);
    const res = await c.partner.post('/v1/user/otp', { sessionId, username: p.email, challengeType: 'SMS_MFA', code });
    expect(res.status).toBe(400);
    expect(res.data.errorCode).toBe(codes.OTP_EXPIRED);
  });

  it('decides KYC automatically: VERIFIED, or REJECTED for the +rejected persona', async () => {
    const good = await session(c, sandbox);
    const bad = await session(c, sandbox, '+rejected');
    for (const s of [good, bad]) expect((await c.as(s.accessToken).get('/v1/kyc/start')).status).toBe(200);
    expect((await c.admin.get(`/users/${good.userId}`)).data.status).toBe('KYC_IN_PROGRESS');
    sandbox.clock.advance(60_000);
    expect((await c.admin.get(`/users/${good.userId}`)).data).toMatchObject({ status: 'VERIFIED', active: true });
    expect((await c.admin.get(`/users/${bad.userId}`)).data).toMatchObject({ status: 'REJECTED', active: false });
    const portfolio = await c.partner.post('/v1/account/portfolio', { accountId: bad.accountId, name: 'Trading', portfolioAccountType: 'TRADING' });
    expect(portfolio.status).toBe(403);
  });

  it('never decides KYC before it is started', async () => {
    const { userId } = await signUp(c);
    sandbox.clock.advance(60_000);
    expect((await c.admin.get(`/users/${userId}`)).data).toMatchObject({ status: 'PENDING_KYC', active: false });
  });

  it("a twin planted by the admin route is a second user of the same person: the e2e tests' one-user-per-person count fails on it", async () => {
    const request = stoknRequest();
    const { userId } = await signUp(c, { ...person(), email: request.person.email });
    const admin = sandboxAdmin(sandbox.url);
    expect(await usersOfPerson(admin, request)).toEqual([userId]);
    const twin = (await c.admin.post(`/users/${userId}/twin`)).data as { userId: string };
    expect((await usersOfPerson(admin, request)).sort()).toEqual([userId, twin.userId].sort());
  });
});
