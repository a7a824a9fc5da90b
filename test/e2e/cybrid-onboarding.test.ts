import { address, networks } from 'bitcoinjs-lib';
import { startHarness, type Harness } from '../support/harness';
import { reachStep } from '../support/person';
import { cybridRequest } from '../support/requests';
import { usersOfPerson } from '../support/provider-people';
import { reveal } from '../../domain/secret';

/**
 * Cybrid, the provider added from its published Bank API: no OTP, KYC through a Persona session
 * the person's app asks for, a BTC trading account and its deposit address.
 */
describe('Cybrid onboarding (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('a customer, a Persona session for the app, KYC passed, a trading account and an address bitcoinjs-lib accepts', async () => {
    const request = cybridRequest();
    await h.client.start(request);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    expect(waiting.userId).toMatch(/^[0-9a-f]{32}$/);
    // The Persona session token is minted when the app asks, and never kept by the workflow.
    const access = await h.client.issueKycAccess(request.reference);
    const token = reveal(access.accessToken!);
    expect(token.length).toBeGreaterThan(20);
    expect(JSON.stringify(await h.client.status(request.reference))).not.toContain(token);

    await h.admin.decideKyc('cybrid', waiting.userId!, 'VERIFIED');
    const outcome = await h.client.result(request.reference);
    expect(outcome.status).toBe('completed');
    if (outcome.status !== 'completed') return;
    expect(outcome.result.holder.kind).toBe('account');
    expect(outcome.result.deposit).toMatchObject({ currency: 'btc', network: 'bitcoin-testnet' });
    const deposit = outcome.result.deposit.address;
    // An independent library's decoder: a testnet address, and so not a mainnet one.
    expect(address.toOutputScript(deposit, networks.testnet).length).toBeGreaterThan(0);
    expect(() => address.toOutputScript(deposit, networks.bitcoin)).toThrow();

    const status = await h.client.status(request.reference);
    expect(status.timeline.map((t) => t.step)).not.toContain('verifying-contact');
    expect(await usersOfPerson(h.admin, request)).toEqual([waiting.userId]);
    const customer = await h.admin.user<{ state: string; accounts: unknown[]; depositAddresses: { address: string }[] }>('cybrid', waiting.userId!);
    expect(customer.state).toBe('verified');
    expect(customer.accounts).toHaveLength(1);
    expect(customer.depositAddresses.map((d) => d.address)).toEqual([deposit]);
  });

  test('KYC failed at Cybrid ends the onboarding (KycRejected), with no account made', async () => {
    const request = cybridRequest();
    await h.client.start(request);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.decideKyc('cybrid', waiting.userId!, 'REJECTED');
    expect(await h.client.result(request.reference)).toMatchObject({ status: 'failed', type: 'KycRejected' });
    const customer = await h.admin.user<{ state: string; accounts: unknown[] }>('cybrid', waiting.userId!);
    expect(customer.state).toBe('rejected');
    expect(customer.accounts).toEqual([]);
  });
});
