import swagger from '@fastify/swagger';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { OnboardingClient } from '../client/onboarding-client';
import type { ApiConfig } from './config';
import { loadSecretsKeys } from '../codec/keys';
import { consoleRoutes } from '../console/routes';
import { SessionSigner } from '../console/session';
import { registerJsonBody } from './json-body';
import { registerSecurityHeaders } from './security-headers';
import { answerUnreadableRequest, answerUnroutableRequest, refuseLongHeaders } from './unreadable-request';
import { problemBody, problemFromError, sendProblem } from './problems';
import { healthRoutes } from './routes/health';
import { workerRoutes } from './routes/workers';
import { onboardingRoutes } from './routes/onboardings';
import { webhookRoutes } from './routes/webhooks';

export type ApiOptions = Pick<ApiConfig, 'keys' | 'webhookSecrets' | 'webhookToleranceSeconds' | 'bodyLimitBytes' | 'otpLimits'> &
  Partial<Pick<ApiConfig, 'consoleSecureCookie' | 'startAnswerWaitMs'>> & {
    client: OnboardingClient;
    /** pino logger for request and audit lines (JSON on stdout by default). */
    logger?: Logger;
  };

/** The HTTP API over the client library: routes, auth, audit, limits, problem+json, its OpenAPI document, and the support console (/console). */
export async function buildApi(options: ApiOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: true }),
    bodyLimit: options.bodyLimitBytes,
    // Request ids in log lines; a caller's X-Request-Id is kept so lines can be matched to its logs.
    requestIdHeader: 'x-request-id',
    // Headers too large or a request Node cannot read: a problem, with our headers (api/unreadable-request.ts).
    clientErrorHandler: answerUnreadableRequest,
    frameworkErrors: answerUnroutableRequest,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerJsonBody(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Crypto onboarding API',
        version: '1.0.0',
        description:
          'Start and drive onboardings of crypto accounts. Errors are RFC 7807 problem+json with field-level `errors`. Authenticate with `Authorization: Bearer <API key>`; the key\'s role decides what it may do (docs/api.md, "Roles and keys").',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'an API key from ONBOARDING_API_KEYS' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(rateLimit, { global: false });
  await registerSecurityHeaders(app);
  refuseLongHeaders(app);

  app.setErrorHandler((error, request, reply) => {
    const { problem, headers } = problemFromError(error as Parameters<typeof problemFromError>[0], request);
    if (problem.status >= 500) request.log.error({ err: error, ...(problem.errorId ? { errorId: problem.errorId } : {}) }, 'request failed');
    return sendProblem(reply, problem, headers);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, problemBody(404, 'no-route', `${request.method} ${request.url.split('?')[0]}`)));

  healthRoutes(app, options.client);
  onboardingRoutes(app, { client: options.client, keys: options.keys, otpLimits: options.otpLimits, startAnswerWaitMs: options.startAnswerWaitMs });
  workerRoutes(app, { client: options.client, keys: options.keys });
  webhookRoutes(app, { client: options.client, secrets: options.webhookSecrets, toleranceSeconds: options.webhookToleranceSeconds });
  await app.register(consoleRoutes, {
    prefix: '/console',
    client: options.client,
    keys: options.keys,
    signer: new SessionSigner(loadSecretsKeys().current.key),
    secureCookie: options.consoleSecureCookie,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
