import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { OnboardingClient } from '../../client/onboarding-client';
import type { ApiKeyTable } from '../auth';
import { viaClient } from '../client-errors';
import { guard } from '../guard';
import { problemSchema } from '../problems';
import { referenceParams, workersAnswer } from '../schemas';

const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, problemSchema]));
const security = [{ apiKey: [] }];

/**
 * Who would run an onboarding: a client asks before it starts one (nothing moves on a queue no
 * worker polls) or after it cancels one (nothing acts on the request either). Registered after
 * the onboarding routes, so the per-onboarding one gets their tenant check.
 */
export function workerRoutes(app: FastifyInstance, deps: { client: OnboardingClient; keys: ApiKeyTable }): void {
  const { client, keys } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/v1/workers',
    {
      schema: {
        summary: 'The task queue this API starts onboardings on, and how many workers poll it',
        tags: ['health'],
        security,
        response: { 200: workersAnswer, ...problems(401, 403, 503) },
      },
      onRequest: guard(keys, 'read'),
    },
    async () => ({ taskQueue: client.taskQueue, workers: await viaClient(() => client.pollerCount(client.taskQueue)) }),
  );
  api.get(
    '/v1/onboardings/:reference/workers',
    {
      schema: {
        summary: 'The task queue an onboarding runs on, and how many workers poll it (none: nothing acts on its messages until one does)',
        tags: ['health'],
        security,
        params: referenceParams,
        response: { 200: workersAnswer, ...problems(400, 401, 403, 404, 503) },
      },
      onRequest: guard(keys, 'read'),
    },
    async (req) =>
      viaClient(async () => {
        const taskQueue = await client.taskQueueOf(req.params.reference);
        return { taskQueue, workers: await client.pollerCount(taskQueue) };
      }),
  );
}
