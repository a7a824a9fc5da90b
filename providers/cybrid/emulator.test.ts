import axios, { type AxiosInstance } from 'axios';
import { isBitcoinTestnetAddress } from '../../dev/sandbox/addresses';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { startReceiver } from '../../test/support/receiver';
import { cybridMessageCodes as codes } from './emulator';
import { cybridSandboxClient } from './index';

const storingMs = 1_000;
const autoDecideKycAfterMs = 60_000;
let seq = 0;

describe('cybrid emulator', () => {
  let sandbox: Sandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let anon: AxiosInstance;
  let bank: AxiosInstance;
  let admin: AxiosInstance;

  beforeAll(async () => {
    receiver = await startReceiver();
    const webhooks = { url: receiver.url, secrets: new Map([['cybrid', ['whsec-cybrid']]]) };
    sandbox = await startSandbox({ cybrid: { storingMs, autoDecideKycAfterMs }, webhooks });
    const base = { baseURL: `${sandbox.url}/cybrid`, validateStatus: () => true };
    anon = axios.create(base);
    const token = await anon.post('/oauth/token', {
      grant_type: 'client_credentials',
      client_id: cybridSandboxClient.clientId,
      client_secret: cybridSandboxClient.clientSecret,
      scope: 'customers:execute',
    });
    expect(token.status).toBe(200);
    expect(token.data).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'customers:execute' });
    bank = axios.create({ ...base, headers: { authorization: `Bearer ${token.data.access_token}` } });
    admin = axios.create({ baseURL: `${sandbox.url}/_sandbox/cybrid`, validateStatus: () => true });
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  async function customer(tag = '') {
    seq++;
    const res = await bank.post('/api/customers', { type: 'individual', email_address: `person${seq}${tag}@example.com`, labels: [`l-${seq}`] });
    expect(res.status).toBe(201);
    return res.data.guid as string;
  }

  it('refuses a wrong client secret, a missing bank token and a malformed body, field by field', async () => {
    const token = await anon.post('/oauth/token', {
      grant_type: 'client_credentials',
      client_id: cybridSandboxClient.clientId,
      client_secret: 'wrong',
      scope: 'x',
    });
    expect(token.status).toBe(401);
    expect(token.data).toEqual({ status: 401, error_message: expect.any(String), message_code: codes.unauthorized });
    expect((await anon.get('/api/customers')).status).toBe(401);

    const bad = await bank.post('/api/customers', { type: 'robot', labels: [] });
    expect(bad.status).toBe(400);
    expect(bad.data.message_code).toBe(codes.invalidParameter);
    expect(bad.data.error_message).toMatch(/^type: .*; email_address: .*; labels: /);
    const unknown = await bank.post('/api/identity_verifications', { type: 'kyc', method: 'id_and_selfie', customer_guid: 'nobody' });
    expect(unknown.status).toBe(404);
    expect(unknown.data.message_code).toBe(codes.notFound);
  });

  it('moves each object from storing on the sandbox clock, and decides KYC by the persona rule when due', async () => {
    const guid = await customer();
    expect((await bank.get(`/api/customers/${guid}`)).data.state).toBe('storing');
    sandbox.clock.advance(storingMs);
    expect((await bank.get(`/api/customers/${guid}`)).data.state).toBe('unverified');

    const created = await bank.post('/api/identity_verifications', { type: 'kyc', method: 'id_and_selfie', customer_guid: guid });
    expect(created.data).toMatchObject({ type: 'kyc', method: 'id_and_selfie', state: 'storing', outcome: null, persona_inquiry_id: null });
    sandbox.clock.advance(storingMs);
    const waiting = (await bank.get(`/api/identity_verifications/${created.data.guid}`)).data;
    expect(waiting).toMatchObject({ state: 'waiting', persona_inquiry_id: expect.stringMatching(/^inq_/) });

    const persona = await bank.post('/api/persona_sessions', { persona_inquiry_id: waiting.persona_inquiry_id, identity_verification_guid: waiting.guid });
    expect(persona.status).toBe(200);
    expect(persona.data).toMatchObject({ identity_verification_guid: waiting.guid, persona_session_token: expect.any(String) });
    expect((await bank.get(`/api/identity_verifications/${waiting.guid}`)).data.state).toBe('pending');

    sandbox.clock.advance(autoDecideKycAfterMs);
    expect((await bank.get(`/api/identity_verifications/${waiting.guid}`)).data).toMatchObject({ state: 'completed', outcome: 'passed' });
    expect((await bank.get(`/api/customers/${guid}`)).data.state).toBe('verified');
    expect(sandbox.webhooks?.list().map((d) => d.event)).toContainEqual(
      expect.objectContaining({ userId: guid, decision: 'VERIFIED', providerStatus: 'completed/passed' }),
    );
    const late = await bank.post('/api/persona_sessions', { persona_inquiry_id: waiting.persona_inquiry_id, identity_verification_guid: waiting.guid });
    expect(late.status).toBe(422);
    expect(late.data.message_code).toBe(codes.invalidState);

    const account = await bank.post('/api/accounts', { type: 'trading', customer_guid: guid, asset: 'BTC', name: 'Trading', labels: ['a'] });
    expect(account.data).toMatchObject({ type: 'trading', asset: 'BTC', state: 'storing' });
    const tooEarly = await bank.post('/api/deposit_addresses', { account_guid: account.data.guid, labels: ['a'] });
    expect(tooEarly.status).toBe(422);
    expect(tooEarly.data.message_code).toBe(codes.accountNotReady);
    sandbox.clock.advance(storingMs);
    const address = await bank.post('/api/deposit_addresses', { account_guid: account.data.guid, labels: ['a'] });
    expect(address.data).toMatchObject({ state: 'storing', asset: 'BTC' });
    expect(address.data.address).toBeUndefined();
    sandbox.clock.advance(storingMs);
    const made = (await bank.get(`/api/deposit_addresses/${address.data.guid}`)).data;
    expect(made).toMatchObject({ state: 'created', format: 'standard' });
    expect(isBitcoinTestnetAddress(made.address)).toBe(true);
  });

  it('rejects a persona whose email says "+rejected", and settles expected_behaviours without the person', async () => {
    const rejected = await customer('+rejected');
    sandbox.clock.advance(storingMs);
    await bank.post('/api/identity_verifications', { type: 'kyc', method: 'id_and_selfie', customer_guid: rejected });
    sandbox.clock.advance(autoDecideKycAfterMs);
    expect((await bank.get(`/api/customers/${rejected}`)).data.state).toBe('rejected');

    const immediate = await customer();
    await bank.post('/api/identity_verifications', {
      type: 'kyc',
      method: 'id_and_selfie',
      customer_guid: immediate,
      expected_behaviours: ['failed_immediately'],
    });
    sandbox.clock.advance(storingMs);
    const listed = await bank.get('/api/identity_verifications', { params: { customer_guid: immediate, type: 'kyc' } });
    expect(listed.data).toMatchObject({ total: 1, objects: [{ state: 'completed', outcome: 'failed', failure_codes: ['id_check_failure'] }] });
  });

  it('lists by label, and shows a frozen customer', async () => {
    const guid = await customer();
    const byLabel = await bank.get('/api/customers', { params: { label: `l-${seq}` } });
    expect(byLabel.data).toMatchObject({ total: 1, objects: [{ guid }] });
    expect((await admin.post(`/users/${guid}/freeze`)).status).toBe(200);
    sandbox.clock.advance(storingMs);
    expect((await bank.get(`/api/customers/${guid}`)).data.state).toBe('frozen');
  });
});
