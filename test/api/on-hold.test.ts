import { randomUUID } from 'node:crypto';
import { workflowIdFor } from '../../client/onboarding-client';
import { harnessWithApi } from '../support/api';
import { reachStep } from '../support/person';
import { stoknRequest } from '../support/requests';

/**
 * An onboarding under a compliance hold (Workflow Pause, docs/runbooks.md) answers no query and
 * takes no message until it is released: the API says so, 409 on-hold, not a 500.
 */
describe('an onboarding on hold', () => {
  const setup = harnessWithApi();

  test("its status and the person's code are 409 on-hold while held; once released, it answers again", async () => {
    const request = stoknRequest();
    await setup.h.client.start(request);
    await reachStep(setup.h, request.reference, 'verifying-contact');
    const hold = { namespace: setup.h.env.namespace, workflowId: workflowIdFor(request.reference), identity: 'compliance', requestId: randomUUID() };
    await setup.h.env.client.workflowService.pauseWorkflowExecution({ ...hold, reason: 'compliance review' });

    const status = await setup.api.call('GET', `/v1/onboardings/${request.reference}`, { role: 'backend' });
    expect(status.status).toBe(409);
    expect(status.body).toMatchObject({ type: '/problems/on-hold', status: 409 });
    expect(status.body.detail).toContain(request.reference);
    const code = await setup.api.call('POST', `/v1/onboardings/${request.reference}/otp`, { role: 'backend', body: { code: '123456' } });
    expect(code.status).toBe(409);
    expect(code.body).toMatchObject({ type: '/problems/on-hold' });

    await setup.h.env.client.workflowService.unpauseWorkflowExecution({ ...hold, requestId: randomUUID(), reason: 'review done' });
    const released = await setup.api.call('GET', `/v1/onboardings/${request.reference}`, { role: 'backend' });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ step: 'verifying-contact', running: true });
    await setup.h.client.cancel(request.reference);
  });
});
