import { enterAllCodes, reachStep } from '../support/person';
import { sampleFlows, type SampleFlowName } from '../../providers/registry';
import { flowRequest, soveraRequest } from '../support/requests';
import { sampleSum, scrapeWorkers } from './support/metrics';
import { stackActors, type StackActors } from './support/stack-actors';

/**
 * Every sample flow on the production topology: PostgreSQL-backed Temporal server, two
 * compiled workers sharing the task queue, the sandbox as its own process; and the workers'
 * Prometheus metrics counting what happened.
 */
describe('seed flows on the stack', () => {
  let s: StackActors;
  beforeAll(async () => {
    s = await stackActors();
  });
  afterAll(async () => {
    try {
      if (s) console.log(`seed flows: ${await s.replay()} onboarding histories replayed on the workers' bundle`);
    } finally {
      await s?.close();
    }
  });

  test.each(Object.keys(sampleFlows) as SampleFlowName[])('%s: codes entered, KYC approved at the provider, a deposit address', async (flow) => {
    const request = await flowRequest(flow, s.admin);
    await s.client.start(request);
    await enterAllCodes(s, request.provider, request.reference);
    const waiting = await reachStep(s, request.reference, 'awaiting-kyc', 60_000);
    await s.admin.decideKyc(request.provider, waiting.userId!, 'VERIFIED');
    const outcome = await s.client.result(request.reference);
    expect(outcome.status).toBe('completed');
    expect(outcome.status === 'completed' ? outcome.result.deposit.address.length : 0).toBeGreaterThan(20);
  });

  test('the workers count onboardings by step and provider calls by outcome on /metrics', async () => {
    const steps = (texts: string[]) => sampleSum(texts, 'onboarding_steps_entered', { provider: 'sovera', step: 'completed' });
    const calls = (texts: string[]) => sampleSum(texts, 'onboarding_provider_calls', { provider: 'sovera', call: 'createUser', outcome: 'ok' });
    const unavailable = (texts: string[]) =>
      sampleSum(texts, 'onboarding_provider_calls', { provider: 'sovera', call: 'createUser', outcome: 'ProviderUnavailable' });
    const before = await scrapeWorkers(s.ctx);

    await s.admin.fault({ provider: 'sovera', route: 'POST /users', failures: 1 });
    const request = soveraRequest();
    await s.client.start(request);
    const waiting = await reachStep(s, request.reference, 'awaiting-kyc', 60_000);
    await s.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    expect((await s.client.result(request.reference)).status).toBe('completed');

    const after = await scrapeWorkers(s.ctx);
    expect(steps(after) - steps(before)).toBe(1);
    expect(calls(after) - calls(before)).toBe(1);
    expect(unavailable(after) - unavailable(before)).toBe(1);
    // The SDK's own metrics are there too.
    expect(sampleSum(after, 'temporal_workflow_completed')).toBeGreaterThan(0);
  });
});
