import type { FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OnboardingClient } from '../../client/onboarding-client';
import type { Actor } from '../../domain/actor';
import { inputIssues } from '../../domain/input';
import { kycWebhookEvent } from '../../webhooks/kyc-event';
import { verifyWebhook, webhookHeaderNames } from '../../webhooks/signature';
import { audit } from '../audit';
import { viaClient } from '../client-errors';
import { DeliveryLedger } from '../delivery-ledger';
import { malformedBody } from '../json-body';
import { ProblemError, problemSchema } from '../problems';
import { providerParams } from '../schemas';
import { readWellFormedJson } from '../well-formed';

/**
 * POST /v1/webhooks/{provider}: a provider tells us its KYC decision. (ours) The event and its
 * signature scheme are our own (webhooks/), as no provider documents a KYC webhook. The signature
 * is checked over the raw bytes before anything is parsed, then the body must be well-formed
 * (../well-formed.ts); nothing is signalled unless both hold.
 */
export function webhookRoutes(
  app: FastifyInstance,
  deps: { client: OnboardingClient; secrets: ReadonlyMap<string, string[]>; toleranceSeconds: number },
): void {
  const ledger = new DeliveryLedger(2 * deps.toleranceSeconds * 1000);

  void app.register(async (scope) => {
    // The raw body, as signed: parsed only after the signature is verified.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    scope.withTypeProvider<ZodTypeProvider>().post(
      '/v1/webhooks/:provider',
      {
        schema: {
          summary: "A provider's KYC decision (ours: event shape and Standard-Webhooks-style signature, see docs/api.md)",
          tags: ['webhooks'],
          params: providerParams,
          headers: z.looseObject({
            [webhookHeaderNames.id]: z.string().optional(),
            [webhookHeaderNames.timestamp]: z.string().optional(),
            [webhookHeaderNames.signature]: z.string().optional(),
          }),
          body: kycWebhookEvent,
          response: {
            202: z.object({ received: z.literal(true), reference: z.string(), deliveryId: z.string() }),
            ...Object.fromEntries([400, 401, 404, 409, 413, 503].map((s) => [s, problemSchema])),
          },
        },
        // The body schema documents the event; it is checked after the signature, in the handler.
        validatorCompiler: (route) =>
          route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]),
        onResponse: audit('webhook-kyc-decision'),
      },
      async (req, reply) => {
        const { provider } = req.params;
        const secrets = deps.secrets.get(provider);
        if (!secrets) throw new ProblemError(401, 'unauthenticated', `no webhook secret is configured for ${provider}`);
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const verified = verifyWebhook({ secrets, headers: req.headers, rawBody: raw, toleranceSeconds: deps.toleranceSeconds });
        if (!verified.ok) throw new ProblemError(401, 'unauthenticated', `webhook refused: ${verified.reason}`);
        req.auditDetails = { deliveryId: verified.id };
        // Well-formed only now, after the signature: the check walks nothing (a linear scan), so it could
        // run first, but a stranger's bytes then get a 401 and learn nothing of how we read a body.
        const read = readWellFormedJson(raw);
        if (!read.ok) throw malformedBody(read.problem);

        const ledgerKey = `${provider}:${verified.id}`;
        if (!ledger.claim(ledgerKey)) throw new ProblemError(409, 'replayed-delivery', `delivery ${verified.id} was already received`);
        try {
          const parsed = kycWebhookEvent.safeParse(read.value);
          if (!parsed.success) {
            throw new ProblemError(400, 'invalid-request', undefined, inputIssues(parsed.error));
          }
          const event = parsed.data;
          const reference = await viaClient(() => deps.client.findByProviderUserId(provider, event.userId));
          if (!reference) throw new ProblemError(404, 'unknown-user', `no running ${provider} onboarding for that user`);
          const actor: Actor = { id: `webhook:${provider}`, role: 'webhook' };
          await viaClient(() =>
            deps.client.decideKyc(reference, { decision: event.decision, reason: event.reason ?? event.providerStatus }, actor, verified.id),
          );
          req.auditDetails = { ...req.auditDetails, referenceFound: reference };
          return reply.status(202).send({ received: true as const, reference, deliveryId: verified.id });
        } catch (err) {
          ledger.release(ledgerKey);
          throw err;
        }
      },
    );
  });
}
