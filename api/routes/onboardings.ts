import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InvalidOnboardingInput, OnboardingFailedAtStart, type OnboardingClient } from '../../client/onboarding-client';
import { onboardingInput } from '../../domain/input';
import type { ApiKeyTable } from '../auth';
import { audit } from '../audit';
import { viaClient } from '../client-errors';
import { defaultStartAnswerWaitMs, type OtpLimits } from '../config';
import { guard, principalOf } from '../guard';
import { otpRateLimit } from '../otp-limits';
import { ProblemError, problemSchema } from '../problems';
import { sameTenant } from '../tenant';
import {
  accepted,
  cancelBody,
  credentialBody,
  idempotencyHeaders,
  kycDecisionBody,
  listQuery,
  noBody,
  onboardingList,
  onboardingView,
  otpAnswer,
  otpBody,
  otpSent,
  kycAccessAnswer,
  referenceParams,
  startedAnswer,
  supportResolutionBody,
} from '../schemas';

declare module 'fastify' {
  interface FastifyRequest {
    /** The start request exactly as sent, before defaults: what its idempotency fingerprint covers. */
    rawStartBody?: unknown;
  }
}

/**
 * The failure the start ended on, in the same answer: the provider's refusal is 422 for data it
 * refuses, 409 for a conflict (a taken email), naming the field; any other end before the first
 * wait (a cancel) is 409 onboarding-closed.
 */
function startFailure(err: OnboardingFailedAtStart): ProblemError {
  const failed = `The onboarding ${err.reference} failed (${err.type}) and stays readable`;
  if (!err.type.startsWith('Provider')) return new ProblemError(409, 'onboarding-closed', `${failed}: ${err.message}`);
  const status = err.type === 'ProviderValidation' ? 422 : 409;
  const detail = `${failed}: ${err.message}. Start it again with corrected data and a new Idempotency-Key.`;
  return new ProblemError(status, 'provider-refused', detail, [{ field: err.field ?? 'person', message: err.message }]);
}

const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, problemSchema]));
const security = [{ apiKey: [] }];

/** /v1/onboardings: start, read, list, and the messages a backend or support staff send. */
export function onboardingRoutes(
  app: FastifyInstance,
  deps: { client: OnboardingClient; keys: ApiKeyTable; otpLimits: OtpLimits; startAnswerWaitMs?: number },
): void {
  const { client, keys } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const otpLimit = otpRateLimit(app, deps.otpLimits);
  // Every route under a reference checks its tenant first (api/tenant.ts): this plugin's routes only.
  const ownOnly = sameTenant(client);
  api.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/v1/onboardings/:reference')) return;
    const existing = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    route.preHandler = [ownOnly, ...existing];
  });
  const actorOf = (req: Parameters<typeof principalOf>[0]) => {
    const { id, role } = principalOf(req);
    return { id, role };
  };

  api.post(
    '/v1/onboardings',
    {
      schema: {
        summary: 'Start an onboarding',
        description:
          'Answers once the person exists at the provider and the onboarding first waits (Update-With-Start): 201 with `next` (a code sent, KYC, support). Past API_START_ANSWER_WAIT_MS, 202 with the status URL (Location). A provider refusal (a taken email or phone) is 409 or 422 `provider-refused` naming the field; the failed onboarding stays readable. Idempotent: a retry with the same Idempotency-Key and body answers 200 with the same onboarding and the same `next` or refusal; the same key with another body is 409. A reference whose onboarding failed may be started again with a new key; a running or completed one is 409.',
        tags: ['onboardings'],
        security,
        headers: idempotencyHeaders,
        body: onboardingInput,
        response: { 200: startedAnswer, 201: startedAnswer, 202: startedAnswer, ...problems(400, 401, 403, 409, 413, 415, 422, 503) },
      },
      onRequest: guard(keys, 'start'),
      preValidation: async (req) => {
        req.rawStartBody = structuredClone(req.body);
      },
      onResponse: audit('start'),
    },
    async (req, reply) => {
      const reference = req.body.reference;
      const started = await viaClient(() =>
        client
          .startAndAwaitFirstWait(req.rawStartBody as z.input<typeof onboardingInput>, {
            actor: actorOf(req),
            idempotencyKey: req.headers['idempotency-key'],
            tenant: principalOf(req).tenant,
            waitMs: deps.startAnswerWaitMs ?? defaultStartAnswerWaitMs,
          })
          .catch((err: unknown) => {
            throw err instanceof OnboardingFailedAtStart ? startFailure(err) : err;
          }),
      );
      req.auditDetails = { reference, runId: started.runId, created: started.created, answered: started.next ? 'first-wait' : 'pending' };
      const statusUrl = `/v1/onboardings/${encodeURIComponent(reference)}`;
      if (!started.next)
        return reply
          .status(202)
          .header('location', statusUrl)
          .send({ reference, ...started, statusUrl });
      return reply.status(started.created ? 201 : 200).send({ reference, ...started });
    },
  );

  api.get(
    '/v1/onboardings',
    {
      schema: {
        summary: 'List onboardings (Temporal visibility), filtered by search attributes, newest first',
        tags: ['onboardings'],
        security,
        querystring: listQuery,
        response: { 200: onboardingList, ...problems(400, 401, 403, 503) },
      },
      onRequest: guard(keys, 'read'),
    },
    async (req) => {
      const { pageSize, pageToken, ...filter } = req.query;
      return viaClient(() =>
        client.list({ ...filter, tenant: principalOf(req).tenant }, { pageSize, pageToken }).catch((err: unknown) => {
          // The client names its own parameters; over HTTP they are the query's.
          throw err instanceof InvalidOnboardingInput
            ? new InvalidOnboardingInput(
                err.issues.map((i) => ({ ...i, field: `query.${i.field}` })),
                'page request',
              )
            : err;
        }),
      );
    },
  );

  api.get(
    '/v1/onboardings/:reference',
    {
      schema: {
        summary: 'Status of an onboarding, with the call it is making and its attempt',
        tags: ['onboardings'],
        security,
        params: referenceParams,
        response: { 200: onboardingView, ...problems(400, 401, 403, 404, 409, 503) },
      },
      onRequest: guard(keys, 'read'),
    },
    async (req) => viaClient(() => client.status(req.params.reference)),
  );

  api.post(
    '/v1/onboardings/:reference/otp',
    {
      schema: {
        summary: 'Submit the code the person received (the workflow answers whether it was accepted)',
        tags: ['messages'],
        security,
        params: referenceParams,
        body: otpBody,
        response: { 200: otpAnswer, ...problems(400, 401, 403, 404, 409, 429, 503) },
      },
      onRequest: guard(keys, 'submit-otp'),
      preHandler: otpLimit,
      onResponse: audit('submit-otp'),
    },
    async (req) => viaClient(() => client.submitOtp(req.params.reference, req.body.code, actorOf(req))),
  );

  api.post(
    '/v1/onboardings/:reference/otp/resend',
    {
      schema: {
        summary: 'Send the person a new code',
        tags: ['messages'],
        security,
        params: referenceParams,
        body: noBody,
        response: { 200: otpSent, ...problems(400, 401, 403, 404, 409, 429, 503) },
      },
      onRequest: guard(keys, 'resend-otp'),
      preHandler: otpLimit,
      onResponse: audit('resend-otp'),
    },
    async (req) => viaClient(() => client.resendOtp(req.params.reference, actorOf(req))),
  );

  api.post(
    '/v1/onboardings/:reference/kyc-decision',
    {
      schema: {
        summary: 'Record a KYC decision; decidedBy is the authenticated principal (a VERIFIED claim is checked with the provider)',
        tags: ['messages'],
        security,
        params: referenceParams,
        body: kycDecisionBody,
        response: { 202: accepted, ...problems(400, 401, 403, 404, 409, 503) },
      },
      onRequest: guard(keys, 'kyc-decision'),
      onResponse: audit('kyc-decision'),
    },
    async (req, reply) => {
      const actor = actorOf(req);
      await viaClient(() => client.decideKyc(req.params.reference, { decision: req.body.decision, reason: req.body.reason }, actor));
      return reply.status(202).send({ reference: req.params.reference, accepted: true as const, actor });
    },
  );

  api.post(
    '/v1/onboardings/:reference/credential',
    {
      schema: {
        summary: 'Hand over a fresh credential for the person (Sumvin: their new JWT) after the old one expired',
        tags: ['messages'],
        security,
        params: referenceParams,
        body: credentialBody,
        response: { 202: accepted, ...problems(400, 401, 403, 404, 409, 503) },
      },
      onRequest: guard(keys, 'credential'),
      onResponse: audit('credential'),
    },
    async (req, reply) => {
      const actor = actorOf(req);
      await viaClient(() => client.supplyCredential(req.params.reference, req.body.credential.secret, actor));
      return reply.status(202).send({ reference: req.params.reference, accepted: true as const, actor });
    },
  );

  api.post(
    '/v1/onboardings/:reference/kyc-access',
    {
      schema: {
        summary: 'What the person needs for KYC now: the identification URL, or a freshly minted token for their KYC app (Sumvin); the onboarding keeps none',
        tags: ['messages'],
        security,
        params: referenceParams,
        body: noBody,
        response: { 200: kycAccessAnswer, ...problems(400, 401, 403, 404, 409, 503) },
      },
      onRequest: guard(keys, 'kyc-access'),
      onResponse: audit('kyc-access'),
    },
    async (req) => {
      const access = await viaClient(() => client.issueKycAccess(req.params.reference, actorOf(req)));
      return { reference: req.params.reference, identificationUrl: access.identificationUrl, accessToken: access.accessToken?.secret };
    },
  );

  api.post(
    '/v1/onboardings/:reference/support-resolution',
    {
      schema: {
        summary: 'Answer an onboarding waiting in awaiting-support: "retry" (nothing was created at the provider) or "found" with the ids its status asks for',
        tags: ['messages'],
        security,
        params: referenceParams,
        body: supportResolutionBody,
        response: { 200: accepted, ...problems(400, 401, 403, 404, 409, 503) },
      },
      onRequest: guard(keys, 'resolve-support'),
      onResponse: audit('support-resolution'),
    },
    async (req) => {
      const actor = actorOf(req);
      const { actor: _none, ...resolution } = req.body;
      req.auditDetails = { decision: resolution.decision };
      await viaClient(() => client.resolveSupport(req.params.reference, resolution, actor));
      return { reference: req.params.reference, accepted: true as const, actor };
    },
  );

  api.post(
    '/v1/onboardings/:reference/cancel',
    {
      schema: {
        summary: 'Cancel a running onboarding (and undo at the provider where it can), optionally saying why; 409 when it has already ended',
        tags: ['messages'],
        security,
        params: referenceParams,
        body: cancelBody,
        response: { 202: accepted, ...problems(400, 401, 403, 404, 409, 503) },
      },
      onRequest: guard(keys, 'cancel'),
      onResponse: audit('cancel'),
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const reason = req.body?.reason;
      req.auditDetails = { reasonGiven: reason !== undefined };
      await viaClient(() => client.cancel(req.params.reference, actor, reason));
      return reply.status(202).send({ reference: req.params.reference, accepted: true as const, actor });
    },
  );
}
