import { z } from 'zod';
import { HttpError, json } from './http';
import { Router } from './router';
import { faultRuleSchema, type FaultInjector } from './faults';
import type { RequestLog } from './request-log';
import type { Outbox } from './outbox';
import type { ProviderEmulator } from './emulator';
import type { SandboxClock } from './clock';
import type { WebhookSender } from './webhooks';

/** Controls under /_sandbox shared by all providers: faults, request log, counters, outbox, clock, outbound webhooks. */
export function createAdminRouter(deps: {
  emulators: ReadonlyMap<string, ProviderEmulator>;
  faults: FaultInjector;
  log: RequestLog;
  outbox: Outbox;
  clock: SandboxClock;
  webhooks?: WebhookSender;
}): Router {
  const router = new Router()
    .post('/faults', (req) => {
      const parsed = faultRuleSchema.safeParse(req.body);
      if (!parsed.success) throw new HttpError(json(422, { error: z.prettifyError(parsed.error) }));
      if (!deps.emulators.has(parsed.data.provider)) throw new HttpError(json(404, { error: 'unknown provider' }));
      deps.faults.add(parsed.data);
      return json(201, parsed.data);
    })
    .delete('/faults', () => {
      deps.faults.clear();
      return json(204, undefined);
    })
    .get('/requests', (req) => json(200, deps.log.list({ provider: req.query.get('provider') ?? undefined, route: req.query.get('route') ?? undefined })))
    .get('/counters', () => json(200, deps.log.counters()))
    .post('/clock/advance', (req) => {
      const parsed = z.object({ ms: z.number().int().min(0) }).safeParse(req.body);
      if (!parsed.success) throw new HttpError(json(422, { error: z.prettifyError(parsed.error) }));
      deps.clock.advance(parsed.data.ms);
      return json(200, { now: new Date(deps.clock.now()).toISOString() });
    })
    .get('/outbox', (req) =>
      json(
        200,
        deps.outbox.list({
          provider: req.query.get('provider') ?? undefined,
          userId: req.query.get('userId') ?? undefined,
          channel: req.query.get('channel') ?? undefined,
        }),
      ),
    )
    .get('/webhooks', () => json(200, deps.webhooks?.list() ?? []))
    // Sends a delivery again, same id (a provider's retry, or a replay for tests).
    .post('/webhooks/:id/redeliver', (req) => {
      const delivery = deps.webhooks?.redeliver(req.params.id);
      if (!delivery) throw new HttpError(json(404, { error: 'no such delivery' }));
      return json(202, { id: delivery.id });
    });

  return router;
}
