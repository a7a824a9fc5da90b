import axios, { type AxiosInstance } from 'axios';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { ProviderAdapter, Session } from '../adapter';
import type { ProviderUser } from '../../domain/onboarding';
import { reveal } from '../../domain/secret';
import { isBitcoinTestnetAddress } from '../../dev/sandbox/addresses';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { retryAfterLostAnswer, valueOf } from '../../test/support/attempts';
import { createCybridAdapter, type CybridConnection } from './adapter';
import { cybridSandboxClient } from './index';
import { cybridInput } from './input';

const storingMs = 1_000;
let seq = 0;

/** A session for a Cybrid onboarding. */
function session(tag = ''): Session {
  seq++;
  return {
    input: cybridInput.parse({ provider: 'cybrid', reference: `ref-${seq}`, person: { email: `cybrid${seq}${tag}@example.com` } }),
    userKey: randomUUID(),
  };
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

describe('cybrid adapter against its emulator', () => {
  let sandbox: Sandbox;
  let admin: AxiosInstance;
  const adapterWith = (overrides: Partial<CybridConnection> = {}): ProviderAdapter =>
    createCybridAdapter({ baseURL: `${sandbox.url}/cybrid`, idpURL: `${sandbox.url}/cybrid`, ...cybridSandboxClient, ...overrides }, 5_000);

  beforeAll(async () => {
    sandbox = await startSandbox({ cybrid: { storingMs } });
    admin = axios.create({ baseURL: `${sandbox.url}/_sandbox/cybrid`, validateStatus: () => true });
  });
  afterEach(() => sandbox.faults.clear());
  afterAll(() => sandbox.close());

  const afterStoring = () => sandbox.clock.advance(storingMs);

  it('runs the flow: customer, identity verification, Persona session, decision, account, deposit address', async () => {
    const adapter = adapterWith();
    const s = session();
    const user: ProviderUser = await adapter.createUser(s);
    const su = { ...s, user };
    expect(await adapter.startKyc!(su)).toEqual({});
    expect(await adapter.getKycStatus(su)).toEqual({ state: 'pending', providerStatus: 'storing' });
    const early = await rejection(adapter.issueKycAccess!(su));
    expect(early.type).toBe('ProviderNotReady');
    expect(early.nonRetryable).toBe(false);

    afterStoring();
    expect(await adapter.getKycStatus(su)).toEqual({ state: 'pending', providerStatus: 'waiting' });
    const access = await adapter.issueKycAccess!(su);
    expect(reveal(access.accessToken!).length).toBeGreaterThan(20);
    expect(await adapter.getKycStatus(su)).toEqual({ state: 'pending', providerStatus: 'pending' });
    expect(await adapter.startKyc!(su)).toEqual({});
    expect((await admin.get(`/users/${user.id}`)).data.verifications).toHaveLength(1);

    expect((await admin.post(`/users/${user.id}/kyc`, { decision: 'REVIEWING' })).status).toBe(200);
    expect(await adapter.getKycStatus(su)).toEqual({ state: 'pending', providerStatus: 'reviewing' });
    expect((await admin.post(`/users/${user.id}/kyc`, { decision: 'VERIFIED' })).status).toBe(200);
    expect(await adapter.getKycStatus(su)).toEqual({ state: 'verified', providerStatus: 'verified' });

    const holder = await adapter.createHolder(su);
    expect(holder).toMatchObject({ kind: 'account', ready: false });
    afterStoring();
    expect(await adapter.getHolder!({ ...su, holder })).toEqual({ ...holder, ready: true });

    const storing = await rejection(adapter.depositAddress({ ...su, holder }));
    expect(storing.type).toBe('ProviderNotReady');
    afterStoring();
    const deposit = await adapter.depositAddress({ ...su, holder });
    expect(deposit).toMatchObject({ currency: 'btc', network: 'bitcoin-testnet' });
    expect(isBitcoinTestnetAddress(deposit.address)).toBe(true);
    expect(await adapter.depositAddress({ ...su, holder })).toEqual(deposit);
    expect((await admin.get(`/users/${user.id}`)).data).toMatchObject({ state: 'verified', accounts: [{ guid: holder.id, name: 'Trading' }] });
  });

  it.each([
    ['passed_immediately', { state: 'verified', providerStatus: 'verified' }],
    ['failed_immediately', { state: 'rejected', providerStatus: 'rejected' }],
  ] as const)('settles KYC without the person under the sandbox behaviour %s', async (expectedBehaviour, observed) => {
    const adapter = adapterWith({ expectedBehaviour });
    const s = session();
    const su = { ...s, user: await adapter.createUser(s) };
    await adapter.startKyc!(su);
    afterStoring();
    expect(await adapter.getKycStatus(su)).toEqual(observed);
  });

  it('reports an expired verification, and a failed one (the customer rejected), as rejected', async () => {
    const adapter = adapterWith();
    const expired = session();
    const eu = { ...expired, user: await adapter.createUser(expired) };
    await adapter.startKyc!(eu);
    afterStoring();
    await admin.post(`/users/${eu.user.id}/kyc`, { decision: 'EXPIRED' });
    expect(await adapter.getKycStatus(eu)).toMatchObject({ state: 'rejected', providerStatus: 'expired' });
    // Starting again after an expiry opens a new verification.
    await adapter.startKyc!(eu);
    expect((await admin.get(`/users/${eu.user.id}`)).data.verifications).toHaveLength(2);

    const failed = session();
    const fu = { ...failed, user: await adapter.createUser(failed) };
    await adapter.startKyc!(fu);
    afterStoring();
    await admin.post(`/users/${fu.user.id}/kyc`, { decision: 'REJECTED' });
    expect(await adapter.getKycStatus(fu)).toEqual({ state: 'rejected', providerStatus: 'rejected' });
  });

  it('finds what it created after a lost answer on every creating call, by its label', async () => {
    const adapter = adapterWith({ expectedBehaviour: 'passed_immediately' });
    const s = session();
    sandbox.faults.add({ provider: 'cybrid', route: 'POST /api/customers', drops: 1 });
    const user = valueOf(await retryAfterLostAnswer(() => adapter.createUser(s)));
    const su = { ...s, user };
    sandbox.faults.add({ provider: 'cybrid', route: 'POST /api/identity_verifications', drops: 1 });
    valueOf(await retryAfterLostAnswer(() => adapter.startKyc!(su)));
    afterStoring();
    sandbox.faults.add({ provider: 'cybrid', route: 'POST /api/accounts', drops: 1 });
    const holder = valueOf(await retryAfterLostAnswer(() => adapter.createHolder(su)));
    afterStoring();
    sandbox.faults.add({ provider: 'cybrid', route: 'POST /api/deposit_addresses', drops: 1 });
    const first = await retryAfterLostAnswer(() => adapter.depositAddress({ ...su, holder: { ...holder, ready: true } }));
    expect('failure' in first && first.failure.type).toBe('ProviderNotReady');
    afterStoring();
    await adapter.depositAddress({ ...su, holder });

    const view = (await admin.get('/users')).data.filter((c: { labels: string[] }) => c.labels.includes(`onboarding-${s.userKey}`));
    expect(view).toHaveLength(1);
    expect(view[0].verifications).toHaveLength(1);
    expect(view[0].accounts).toHaveLength(1);
    expect(view[0].depositAddresses).toHaveLength(1);
  });

  it('renews a bank token the API refuses, and fails as ProviderAuth on a wrong client secret', async () => {
    const adapter = adapterWith();
    await adapter.createUser(session());
    sandbox.faults.add({ provider: 'cybrid', route: 'GET /api/customers', failures: 1, failureStatus: 401 });
    expect((await adapter.createUser(session())).id).toMatch(/^[0-9a-f]{32}$/);

    const wrong = await rejection(adapterWith({ clientSecret: 'not-the-secret' }).createUser(session()));
    expect(wrong.type).toBe('ProviderAuth');
    expect(wrong.nonRetryable).toBe(true);
    expect(wrong.message).not.toContain('not-the-secret');
  });
});
