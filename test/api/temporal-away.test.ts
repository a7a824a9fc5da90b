import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { OnboardingClient } from '../../client/onboarding-client';
import { dataConverter } from '../../codec/data-converter';
import { freePort } from '../support/api-process';
import { startTestApi, type TestApi } from '../support/api';
import { soveraRequest } from '../support/requests';

/**
 * The API with Temporal out of reach (nothing listens where it should be): every route that needs
 * Temporal answers 503 with Retry-After, never a 500; /readyz says not ready while
 * /healthz still answers (the process is alive).
 */
describe('the API while Temporal is unreachable', () => {
  let api: TestApi;
  let connection: Connection;
  beforeAll(async () => {
    connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: '1 second' });
    api = await startTestApi(new OnboardingClient(new Client({ connection, dataConverter: dataConverter() }), 'onboarding'));
  });
  afterAll(async () => {
    await api?.close();
    await connection?.close();
  });

  const reference = 'temporal-away-1';
  const routes: [string, string, 'backend' | 'support' | 'operator', unknown][] = [
    ['POST', '/v1/onboardings', 'backend', soveraRequest()],
    ['GET', '/v1/onboardings', 'operator', undefined],
    ['GET', `/v1/onboardings/${reference}`, 'operator', undefined],
    ['POST', `/v1/onboardings/${reference}/otp`, 'backend', { code: '123456' }],
    ['POST', `/v1/onboardings/${reference}/otp/resend`, 'backend', undefined],
    ['POST', `/v1/onboardings/${reference}/kyc-decision`, 'support', { decision: 'VERIFIED' }],
    ['POST', `/v1/onboardings/${reference}/credential`, 'backend', { credential: { secret: 'eyJ.fresh.jwt' } }],
    ['POST', `/v1/onboardings/${reference}/cancel`, 'support', undefined],
  ];

  // All at once: the client retries an unreachable server for about 20 s before it gives up.
  test('every route that needs Temporal answers 503 unavailable with Retry-After', async () => {
    const answers = await Promise.all(
      routes.map(async ([method, path, role, body]) => {
        const res = await api.call(method, path, { role, body, headers: { 'idempotency-key': randomUUID() } });
        return { route: `${method} ${path}`, status: res.status, type: res.body?.type, retryAfter: res.headers.get('retry-after') };
      }),
    );
    expect(answers).toEqual(routes.map(([method, path]) => ({ route: `${method} ${path}`, status: 503, type: '/problems/unavailable', retryAfter: '5' })));
  });

  test('/readyz answers 503 and /healthz 200', async () => {
    const ready = await api.call('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'unavailable', detail: 'Temporal did not answer within 3 s' });
    expect((await api.call('GET', '/healthz')).status).toBe(200);
  });
});
