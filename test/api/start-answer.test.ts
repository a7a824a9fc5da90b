import { randomUUID } from 'node:crypto';
import { harnessWithApi, startTestApi, type TestApi } from '../support/api';
import { reachStep } from '../support/person';
import { usersOfPerson } from '../support/provider-people';
import { soveraRequest, stoknRequest } from '../support/requests';

/** POST /v1/onboardings answers with the first wait in the same round trip (Update-With-Start), on the real dev server. */
describe('the start answers what comes next', () => {
  // A bound far above a start's own time on a loaded machine: these answers are never the 202.
  const setup = harnessWithApi({ api: { startAnswerWaitMs: 60_000 } });
  const hourly = { kycPollInterval: '1 hour', kycDeadline: '2 hours' };

  const start = (body: unknown, key: string, api: TestApi = setup.api) =>
    api.call('POST', '/v1/onboardings', { role: 'backend', body, headers: { 'idempotency-key': key } });

  test('an OTP flow: 201 with the code sent, masked, and who acts; the same request again answers 200 with the same run and answer', async () => {
    const request = stoknRequest({ wait: hourly });
    const key = randomUUID();
    const first = await start(request, key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      reference: request.reference,
      created: true,
      next: { step: 'verifying-contact', needsAction: 'otp', who: 'person', otp: { channel: 'sms', sentTo: expect.stringContaining('***') } },
    });
    expect(first.body.next.action).toContain(`sent to ${first.body.next.otp.sentTo}`);
    const digits = String(request.person.phone).replace(/\D/g, '');
    expect(JSON.stringify(first.body)).not.toContain(digits);
    expect(JSON.stringify(first.body)).not.toContain(request.person.email);

    const again = await start(request, key);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, created: false });
    await setup.h.client.cancel(request.reference);
  });

  test('a flow without a code: 201 once KYC is awaited, with the provider user id', async () => {
    const request = soveraRequest({ wait: hourly });
    const answer = await start(request, randomUUID());
    expect(answer.status).toBe(201);
    expect(answer.body.next).toMatchObject({ step: 'awaiting-kyc', needsAction: 'kyc', who: 'person', userId: expect.any(String) });
    expect((await setup.h.client.status(request.reference)).userId).toBe(answer.body.next.userId);
    await setup.h.client.cancel(request.reference);
  });

  test("a provider's refusal comes back in the same answer, 409 naming the field; the failed onboarding is readable and a repeat gets the same refusal", async () => {
    const holder = soveraRequest({ wait: hourly });
    expect((await start(holder, randomUUID())).status).toBe(201);
    const request = { ...soveraRequest({ wait: hourly }), person: { ...soveraRequest().person, phone: holder.person.phone } };
    const key = randomUUID();
    const refused = await start(request, key);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ type: '/problems/provider-refused', status: 409, errors: [{ field: 'phone_number' }] });
    expect(refused.body.detail).toContain('ProviderConflict');
    expect(JSON.stringify(refused.body)).not.toContain(holder.person.phone.number);
    // Nothing half-made left silently: the onboarding says it failed, and the provider holds no second user.
    const status = await setup.api.call('GET', `/v1/onboardings/${request.reference}`, { role: 'backend' });
    expect(status.body).toMatchObject({ step: 'failed', running: false, failure: { type: 'ProviderConflict' } });
    expect(await usersOfPerson(setup.h.admin, request)).toHaveLength(0);
    const again = await start(request, key);
    expect(again.status).toBe(409);
    expect(again.body).toEqual(refused.body);
    await setup.h.client.cancel(holder.reference);
  });

  test('past the bounded wait: 202 with the status URL in Location and the body; the onboarding goes on', async () => {
    const hurried = await startTestApi(setup.h.client, { startAnswerWaitMs: 0, roleKeys: setup.api.keys });
    try {
      const request = stoknRequest({ wait: hourly });
      const answer = await start(request, randomUUID(), hurried);
      expect(answer.status).toBe(202);
      const statusUrl = `/v1/onboardings/${request.reference}`;
      expect(answer.headers.get('location')).toBe(statusUrl);
      expect(answer.body).toMatchObject({ reference: request.reference, runId: expect.any(String), statusUrl });
      expect(answer.body.next).toBeUndefined();
      await reachStep(setup.h, request.reference, 'verifying-contact');
      const read = await hurried.call('GET', statusUrl, { role: 'backend' });
      expect(read.status).toBe(200);
      await setup.h.client.cancel(request.reference);
    } finally {
      await hurried.close();
    }
  });

  test('the OpenAPI document names the answers: 202 and the provider refusal, and `next` in the Started schema', async () => {
    const doc = (await setup.api.call('GET', '/openapi.json')).body;
    expect(Object.keys(doc.paths['/v1/onboardings'].post.responses)).toEqual(expect.arrayContaining(['201', '202', '409', '422']));
    expect(Object.keys(doc.components.schemas.Started.properties)).toEqual(expect.arrayContaining(['next', 'statusUrl']));
  });
});
