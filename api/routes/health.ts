import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { OnboardingClient } from '../../client/onboarding-client';
import { health } from '../schemas';

/** /healthz: the process answers. /readyz: Temporal answers too (a balancer sends traffic only then). */
export function healthRoutes(app: FastifyInstance, client: OnboardingClient): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/healthz', { schema: { summary: 'The API process is alive', tags: ['health'], response: { 200: health } } }, async () => ({
    status: 'ok' as const,
  }));
  api.get(
    '/readyz',
    { schema: { summary: 'Temporal is reachable from the API', tags: ['health'], response: { 200: health, 503: health } } },
    async (_req, reply) => {
      try {
        await client.client.connection.withDeadline(Date.now() + 3_000, () => client.client.workflowService.getSystemInfo({}));
        return { status: 'ok' as const };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, detail: 'Temporal did not answer within 3 s' });
      }
    },
  );
}
