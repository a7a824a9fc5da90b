import { randomUUID } from 'node:crypto';
import axios from 'axios';
import { ApplicationFailure } from '@temporalio/common';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { isBitcoinTestnetAddress, isChecksumAddress } from '../../dev/sandbox/addresses';
import { createSoveraAdapter } from './adapter';
import { failureDetails } from '../failures';
import type { ProviderAdapter, Session } from '../adapter';
import type { Credential, Holder, ProviderUser } from '../../domain/onboarding';
import { soveraInput } from './input';
import { reveal } from '../../domain/secret';
import { attempt, outcomeUnknownOf, retryAfterLostAnswer, valueOf } from '../../test/support/attempts';

const OWNER = 'sandbox-sovera-owner-key';
let counter = 0;

function session(person: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Session {
  counter++;
  const input = soveraInput.parse({
    provider: 'sovera',
    reference: `ref-${counter}-${randomUUID().slice(0, 8)}`,
    person: {
      firstName: 'Jane',
      lastName: 'Doe',
      email: `jane.${counter}.${randomUUID().slice(0, 8)}@example.com`,
      phone: { country: 'US', number: `225254${1000 + counter}` },
      dateOfBirth: '1988-04-02',
      address: { country: 'US', line1: '1 Main St', city: 'Cheyenne', state: 'WY', postalCode: '82001' },
      identity: { type: 'ssn', number: '123456789', country: 'US' },
      ...person,
    },
    ...extra,
  });
  return { input, userKey: randomUUID() };
}

/** Runs the call and returns the ApplicationFailure it throws. */
async function failure(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  }
  throw new Error('expected the call to fail');
}

describe('Sovera adapter against the sandbox', () => {
  let sandbox: Sandbox;
  let adapter: ProviderAdapter;
  const admin = () => axios.create({ baseURL: `${sandbox.url}/_sandbox/sovera`, validateStatus: () => true });

  beforeAll(async () => {
    sandbox = await startSandbox();
    adapter = createSoveraAdapter({ baseURL: `${sandbox.url}/sovera/sovx/v1`, ownerKey: OWNER }, 5_000);
  });
  afterEach(() => sandbox.faults.clear());
  afterAll(() => sandbox.close());

  async function decide(userId: string, decision: 'VERIFIED' | 'REJECTED') {
    const res = await admin().post(`/users/${userId}/kyc`, { decision });
    expect(res.status).toBe(200);
  }

  /** A user created, verified and holding a token. */
  async function verifiedUser(): Promise<Session & { user: ProviderUser; credential: Credential }> {
    const s = session();
    const user = await adapter.createUser(s);
    const credential = await adapter.mintCredential!({ ...s, user });
    await decide(user.id, 'VERIFIED');
    return { ...s, user, credential };
  }

  it('runs the whole onboarding in the order the workflow calls it', async () => {
    expect(adapter.name).toBe('sovera');
    expect(adapter.sendOtp).toBeUndefined();
    expect(adapter.verifyOtp).toBeUndefined();
    expect(adapter.startKyc).toBeUndefined();

    const s = session();
    const user = await adapter.createUser(s);
    expect(user).toEqual({ id: s.userKey });

    const credential = await adapter.mintCredential!({ ...s, user });
    expect(reveal(credential.token)).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(credential.expiresAt!)).toBeGreaterThan(Date.now() + 364 * 86_400_000);

    expect(await adapter.getKycStatus({ ...s, user })).toEqual({ state: 'pending', providerStatus: 'PENDING' });
    await decide(user.id, 'VERIFIED');
    expect(await adapter.getKycStatus({ ...s, user })).toEqual({ state: 'verified', providerStatus: 'VERIFIED' });

    const holder = await adapter.createHolder({ ...s, user, credential });
    expect(holder).toEqual({ kind: 'wallet', id: expect.any(String), ready: true });

    const deposit = await adapter.depositAddress({ ...s, user, credential, holder });
    expect(deposit).toEqual({ address: expect.any(String), currency: 'btc', network: 'bitcoin-testnet' });
    expect(isBitcoinTestnetAddress(deposit.address)).toBe(true);
    expect(await adapter.depositAddress({ ...s, user, credential, holder })).toEqual(deposit);

    const view = (await admin().get(`/users/${user.id}`)).data;
    expect(view.tokensMinted).toBe(1);
    expect(view.wallets).toHaveLength(1);
    expect(view.wallets[0]).toMatchObject({ wallet_id: holder.id, name: `onboarding-${s.input.reference}` });
    expect(view.wallets[0].addresses).toEqual([expect.objectContaining({ address: deposit.address, currency: 'btc', network: 'networks/bitcoin-testnet' })]);
  });

  it('creates the wallet on the input deposit network (ethereum-sepolia / usdc)', async () => {
    const base = session({}, { deposit: { currency: 'usdc', network: 'ethereum-sepolia' } });
    const user = await adapter.createUser(base);
    const credential = await adapter.mintCredential!({ ...base, user });
    await decide(user.id, 'VERIFIED');
    const holder = await adapter.createHolder({ ...base, user, credential });
    const deposit = await adapter.depositAddress({ ...base, user, credential, holder });
    expect(deposit).toMatchObject({ currency: 'usdc', network: 'ethereum-sepolia' });
    expect(isChecksumAddress(deposit.address)).toBe(true);
  });

  it('maps a rejection', async () => {
    const s = session({ lastName: 'Rejected' });
    const user = await adapter.createUser(s);
    await decide(user.id, 'REJECTED');
    expect(await adapter.getKycStatus({ ...s, user })).toEqual({ state: 'rejected', providerStatus: 'REJECTED' });
  });

  it('maps a 422 to a non-retryable ProviderValidation naming the field', async () => {
    // Our input schema refuses both values now; a provider may still refuse for a rule of its own,
    // so the sessions below skip the schema to reach the provider's 422.
    const unchecked = (person: Record<string, unknown>) => {
      const s = session();
      Object.assign((s.input as { person: object }).person, person);
      return s;
    };
    const err = await failure(adapter.createUser(unchecked({ phone: { country: 'US', number: '2000000000' } })));
    expect(err.type).toBe('ProviderValidation');
    expect(err.nonRetryable).toBe(true);
    expect(failureDetails(err)).toMatchObject({ provider: 'sovera', status: 422, code: 'UNPROCESSABLE_ENTITY', field: 'phone_number' });
    expect(err.message).not.toContain('2000000000');

    const minor = await failure(adapter.createUser(unchecked({ dateOfBirth: `${new Date().getUTCFullYear() - 10}-06-01` })));
    expect(minor.type).toBe('ProviderValidation');
    expect(failureDetails(minor)?.field).toBe('individual.dob');
  });

  it("maps a 409 on someone else's email to ProviderConflict, without the email in the message", async () => {
    const first = session();
    await adapter.createUser(first);
    const p = first.input.provider === 'sovera' ? first.input.person : undefined;
    const err = await failure(adapter.createUser(session({ email: p!.email })));
    expect(err.type).toBe('ProviderConflict');
    expect(err.nonRetryable).toBe(true);
    expect(failureDetails(err)).toMatchObject({ status: 409, code: 'CONFLICT', field: 'email' });
    expect(err.message).not.toContain(p!.email);
  });

  it('maps a 500 to a retryable ProviderUnavailable and a 429 to ProviderRateLimited with Retry-After', async () => {
    const s = session();
    sandbox.faults.add({ provider: 'sovera', route: 'POST /users', failures: 1 });
    const unavailable = await failure(adapter.createUser(s));
    expect(unavailable.type).toBe('ProviderUnavailable');
    expect(unavailable.nonRetryable).toBe(false);
    expect(failureDetails(unavailable)?.status).toBe(500);

    sandbox.faults.add({ provider: 'sovera', route: 'POST /users', rateLimits: 1, retryAfterSeconds: 3 });
    const limited = await failure(adapter.createUser(s));
    expect(limited.type).toBe('ProviderRateLimited');
    expect(limited.nonRetryable).toBe(false);
    expect(Number(limited.nextRetryDelay)).toBeGreaterThanOrEqual(3_000);

    expect(await adapter.createUser(s)).toEqual({ id: s.userKey });
    const all = (await admin().get('/users')).data as { userId: string }[];
    expect(all.filter((u) => u.userId === s.userKey)).toHaveLength(1);
  });

  describe('a lost answer on every creating call', () => {
    const drop = (route: string) => sandbox.faults.add({ provider: 'sovera', route, drops: 1 });

    it('POST /users: the retry meets its own user_id (409) and reads that user back: one user', async () => {
      const s = session();
      drop('POST /users');
      expect(valueOf(await retryAfterLostAnswer(() => adapter.createUser(s)))).toEqual({ id: s.userKey });
      const p = s.input.provider === 'sovera' ? s.input.person : undefined;
      const all = (await admin().get('/users')).data as { userId: string; user: { email: string } }[];
      expect(all.filter((u) => u.user.email === p!.email)).toEqual([expect.objectContaining({ userId: s.userKey })]);
    });

    it('POST /users/:userId/token: the retry mints anew; the lost token no longer works, the new one does', async () => {
      const s = session();
      const user = await adapter.createUser(s);
      await decide(user.id, 'VERIFIED');
      drop('POST /users/:userId/token');
      const credential = valueOf(await retryAfterLostAnswer(() => adapter.mintCredential!({ ...s, user })));
      expect((await adapter.createHolder({ ...s, user, credential })).ready).toBe(true);
      expect((await admin().get(`/users/${user.id}`)).data.tokensMinted).toBe(2);
    });

    it('POST /users/:userId/wallets: the retry makes no second wallet and stops for support with the check', async () => {
      const s = await verifiedUser();
      drop('POST /users/:userId/wallets');
      const unknown = outcomeUnknownOf(await retryAfterLostAnswer(() => adapter.createHolder(s)));
      const name = `onboarding-${s.input.reference}`;
      expect(unknown.check).toContain(`GET /users/${s.user.id}/wallets`);
      expect(unknown.check).toContain(name);
      expect(unknown.found).toEqual({ object: 'holder', ids: ['id'] });
      const p = s.input.provider === 'sovera' ? s.input.person : undefined;
      for (const pii of [p!.email, p!.phone.number, p!.lastName]) expect(unknown.check + unknown.failure.message).not.toContain(pii);

      const view = (await admin().get(`/users/${s.user.id}`)).data;
      expect(view.wallets).toEqual([expect.objectContaining({ name })]);
      // Support finds the wallet by hand and answers "found": the workflow fills the holder and
      // skips the creation; the adapter goes on from there.
      const holder: Holder = { kind: 'wallet', id: view.wallets[0].wallet_id, ready: true };
      const deposit = await adapter.depositAddress({ ...s, holder });
      expect(deposit.address).toBe(view.wallets[0].addresses[0].address);
      // A creation run again (support answered "retry" by mistake) still makes no second wallet.
      outcomeUnknownOf(await attempt(1, () => adapter.createHolder(s)));
      expect((await admin().get(`/users/${s.user.id}`)).data.wallets).toHaveLength(1);
    });

    it('POST /users/:userId/wallets: a 400 in other words is a refusal on the first attempt, unknown after a lost one', async () => {
      const s = await verifiedUser();
      const noVault = { success: false, errors: [{ code: 'BAD_REQUEST', message: 'The customer must have a vault configured' }] };
      sandbox.faults.add({ provider: 'sovera', route: 'POST /users/:userId/wallets', answers: 2, answerStatus: 400, answerBody: noVault });
      const first = await attempt(1, () => adapter.createHolder(s));
      expect('failure' in first && first.failure.type).toBe('ProviderValidation');
      outcomeUnknownOf(await attempt(2, () => adapter.createHolder(s)));
      expect((await admin().get(`/users/${s.user.id}`)).data.wallets).toHaveLength(0);
    });

    it('POST /wallets/:walletId/address: the retry gets the existing address (documented idempotent)', async () => {
      const s = await verifiedUser();
      const holder: Holder = await adapter.createHolder(s);
      drop('POST /wallets/:walletId/address');
      const deposit = valueOf(await retryAfterLostAnswer(() => adapter.depositAddress({ ...s, holder })));
      const view = (await admin().get(`/users/${s.user.id}`)).data;
      expect(view.wallets[0].addresses).toHaveLength(1);
      expect(view.wallets[0].addresses[0].address).toBe(deposit.address);
    });

    it("a conflict with somebody else's email stays a conflict on a later attempt too", async () => {
      const first = session();
      await adapter.createUser(first);
      const p = first.input.provider === 'sovera' ? first.input.person : undefined;
      const second = await attempt(2, () => adapter.createUser(session({ email: p!.email })));
      expect('failure' in second && second.failure.type).toBe('ProviderConflict');
    });
  });

  it('reports a rejected user token as CredentialExpired; a new token works', async () => {
    const s = await verifiedUser();
    expect((await admin().post(`/users/${s.user.id}/expire-tokens`)).data.expired).toBe(1);
    const expired = await failure(adapter.createHolder(s));
    expect(expired.type).toBe('CredentialExpired');
    expect(failureDetails(expired)).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(expired.message).not.toContain(reveal(s.credential.token));

    const renewed = await adapter.mintCredential!({ ...s });
    expect(reveal(renewed.token)).not.toBe(reveal(s.credential.token));
    expect((await adapter.createHolder({ ...s, credential: renewed })).ready).toBe(true);

    const none = await failure(adapter.createHolder({ ...s, credential: undefined }));
    expect(none.type).toBe('CredentialExpired');
  });

  it('maps a wallet before KYC to ProviderForbidden and a wrong owner key to ProviderAuth', async () => {
    const s = session();
    const user = await adapter.createUser(s);
    const credential = await adapter.mintCredential!({ ...s, user });
    const forbidden = await failure(adapter.createHolder({ ...s, user, credential }));
    expect(forbidden.type).toBe('ProviderForbidden');
    expect(failureDetails(forbidden)).toMatchObject({ status: 403, code: 'FORBIDDEN' });

    const wrongKey = createSoveraAdapter({ baseURL: `${sandbox.url}/sovera/sovx/v1`, ownerKey: 'wrong' }, 5_000);
    const auth = await failure(wrongKey.getKycStatus({ ...s, user }));
    expect(auth.type).toBe('ProviderAuth');
    expect(auth.nonRetryable).toBe(true);

    const unknown = await failure(adapter.getKycStatus({ ...s, user: { id: randomUUID() } }));
    expect(unknown.type).toBe('ProviderNotFound');
    expect(failureDetails(unknown)?.code).toBe('USER_NOT_FOUND');
  });
});
