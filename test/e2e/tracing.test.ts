import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Client } from '@temporalio/client';
import { OnboardingClient } from '../../client/onboarding-client';
import { dataConverter } from '../../codec/data-converter';
import { installTracing, tracingClientInterceptors, type Tracing } from '../../observability/tracing';
import { startHarness, type Harness } from '../support/harness';
import { reachStep } from '../support/person';
import { soveraRequest } from '../support/requests';

/**
 * One trace from the client that starts an onboarding, through the workflow and its activities,
 * down to each HTTP call to the provider (OpenTelemetry interceptors, context carried in headers).
 */
describe('tracing (end to end)', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let h: Harness;
  let client: OnboardingClient;
  beforeAll(async () => {
    tracing = installTracing(new SimpleSpanProcessor(exporter), 'onboarding-test');
    h = await startHarness({ tracing });
    const traced = new Client({ connection: h.env.client.connection, dataConverter: dataConverter(), interceptors: tracingClientInterceptors() });
    client = new OnboardingClient(traced, h.client.taskQueue);
  });
  afterAll(async () => {
    await h?.close();
    await tracing?.shutdown();
  });

  test('client → workflow → activity → provider call share one trace, each span the child of the one before', async () => {
    const request = soveraRequest();
    await client.start(request);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc', 30_000, client);
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    expect((await client.result(request.reference)).status).toBe('completed');
    await tracing.spanProcessor.forceFlush();

    const spans = exporter.getFinishedSpans();
    const one = (name: string, parent?: ReadableSpan) => {
      const found = spans.filter((s) => s.name === name && (!parent || s.parentSpanId === parent.spanContext().spanId));
      expect({ name, found: found.length > 0 }).toEqual({ name, found: true });
      return found[0];
    };
    const start = one('StartWorkflow:onboarding');
    const run = one('RunWorkflow:onboarding', start);
    const schedule = one('StartActivity:createUser', run);
    const execute = one('RunActivity:createUser', schedule);
    const call = one('sovera POST', execute);
    expect(new Set([start, run, schedule, execute, call].map((s) => s.spanContext().traceId)).size).toBe(1);
    expect(call.attributes).toMatchObject({ 'onboarding.provider': 'sovera', 'http.request.method': 'POST', 'http.response.status_code': 201 });
    // Spans carry ids and types, never the person's data.
    const everything = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })));
    for (const plain of [request.person.email, request.person.phone.number, request.person.lastName]) expect(everything).not.toContain(plain);
  });
});
