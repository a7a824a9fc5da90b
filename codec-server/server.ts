import cors from '@fastify/cors';
import { registerSecurityHeaders } from '../api/security-headers';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import type { Logger } from 'pino';
import { z } from 'zod';
import { authenticate, type ApiKeyTable } from '../api/auth';
import { audit } from '../api/audit';
import { guard, principalOf } from '../api/guard';
import { registerJsonBody } from '../api/json-body';
import { answerUnreadableRequest, answerUnroutableRequest, refuseLongHeaders } from '../api/unreadable-request';
import { maxJsonDepth, maxJsonItems, readWellFormedJson, type JsonLimits } from '../api/well-formed';
import { allows } from '../api/permissions';
import { ProblemError, problemBody, problemFromError, sendProblem } from '../api/problems';
import { workflowIdFor } from '../client/onboarding-client';
import { encodablePayload } from './encodable';
import { personViewOf, redactPayload } from './redaction';

/**
 * The codec server of the Temporal Web UI (and of `temporal … --codec-endpoint`): POST …/decode and
 * …/encode with {payloads: [...]} in protobuf JSON (bytes as base64), as Temporal's convention
 * has it. Callers authenticate like the API (same keys and roles): support, operators and
 * compliance may decode, and see what ./redaction.ts lets their role see (credentials never);
 * only support may encode, and only the messages support sends from the UI (./encodable.ts).
 *
 * How the Web UI authenticates (UI 2.42.1 and 2.56.4): with "pass access token" it sends `Authorization:
 * Bearer <its OIDC access token>`, only to an https endpoint and only when the UI itself has a
 * login; with `includeCredentials` (the UI server's codec setting) it sends the browser's
 * credentials for this server's origin. deploy/temporal/ui/onboarding.yaml turns that on (the
 * demo and the stack run that UI server: the CLI's embedded UI cannot), so a person opens this
 * server once (GET /: the browser asks for principal and API key, Basic auth) and the browser then
 * sends `Authorization: Basic …` with every decode. Scripts use `Authorization: Bearer <key>`.
 */
export interface CodecServerOptions {
  keys: ApiKeyTable;
  codec: PayloadCodec;
  /** Origins of the Web UI allowed to call from the browser. */
  corsOrigins: string[];
  bodyLimitBytes?: number;
  logger?: Logger;
}

const payloadJson = z.object({ metadata: z.record(z.string(), z.string()).nullish(), data: z.string().nullish() });
const payloadsBody = z.object({ payloads: z.array(payloadJson) });
type PayloadJson = z.infer<typeof payloadJson>;

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
const b64 = (u: Uint8Array | null | undefined) => Buffer.from(u ?? []).toString('base64');

function fromJson(p: PayloadJson): Payload {
  return { metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, bytes(v)])), data: bytes(p.data ?? '') };
}
function toJson(p: Payload): PayloadJson {
  return { metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])), data: b64(p.data) };
}

/**
 * A json/plain payload's data is JSON the server walks (redaction, /encode's schemas): it must be
 * well-formed like a body. The caller's own are a 400 naming the payload; a decrypted one that is
 * not was never written by our workers, and cannot be shown (422).
 */
function jsonPayloadProblems(payloads: Payload[], limits: JsonLimits): { index: number; problem: string }[] {
  return payloads.flatMap((p, index) => {
    if (Buffer.from(p.metadata?.[METADATA_ENCODING_KEY] ?? []).toString() !== 'json/plain') return [];
    const read = readWellFormedJson(p.data ?? new Uint8Array(), limits);
    return read.ok ? [] : [{ index, problem: read.problem }];
  });
}

export async function buildCodecServer(options: CodecServerOptions): Promise<FastifyInstance> {
  const bodyLimit = options.bodyLimitBytes ?? 4 * 1024 * 1024;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: true }),
    bodyLimit,
    clientErrorHandler: answerUnreadableRequest,
    frameworkErrors: answerUnroutableRequest,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // A payload's base64 data is one string as long as the payload: only the body limit bounds it.
  // A history page decoded at once may hold many payloads: ten times the API's limit of items.
  const limits: JsonLimits = { maxDepth: maxJsonDepth, maxStringLength: bodyLimit, maxItems: 10 * maxJsonItems };
  registerJsonBody(app, limits);
  await app.register(cors, {
    origin: options.corsOrigins,
    credentials: true,
    methods: ['POST'],
    allowedHeaders: ['authorization', 'authorization-extras', 'content-type', 'x-namespace'],
    maxAge: 600,
  });
  await registerSecurityHeaders(app);
  refuseLongHeaders(app);
  app.setErrorHandler((error, request, reply) => {
    const { problem, headers } = problemFromError(error as Parameters<typeof problemFromError>[0], request);
    if (problem.status >= 500) request.log.error({ err: error }, 'codec request failed');
    return sendProblem(reply, problem, headers);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, problemBody(404, 'no-route', `${request.method} ${request.url.split('?')[0]}`)));

  // Any path ending in /decode or /encode (per-namespace prefixes, as the convention allows).
  const operationOf = (url: string) => url.split('?')[0].split('/').at(-1);
  const guards = { decode: guard(options.keys, 'decode'), encode: guard(options.keys, 'encode') };
  const audits = { decode: audit('decode'), encode: audit('encode') };
  const isOperation = (op: string | undefined): op is 'decode' | 'encode' => op === 'decode' || op === 'encode';
  app.withTypeProvider<ZodTypeProvider>().post(
    '/*',
    {
      schema: { body: payloadsBody },
      onRequest: async function (req, reply) {
        const operation = operationOf(req.url);
        if (!isOperation(operation)) throw new ProblemError(404, 'no-route', 'POST …/decode or …/encode');
        await guards[operation].call(this, req, reply, () => undefined);
      },
      onResponse: async function (req, reply) {
        const operation = operationOf(req.url);
        if (isOperation(operation)) await audits[operation].call(this, req, reply, () => undefined);
      },
    },
    async (req) => {
      const operation = operationOf(req.url) as 'decode' | 'encode';
      const principal = principalOf(req);
      const namespace = String(req.headers['x-namespace'] ?? '');
      const payloads = req.body.payloads.map(fromJson);
      const malformed = jsonPayloadProblems(payloads, limits);
      if (malformed.length > 0) {
        throw new ProblemError(
          400,
          'malformed-json',
          undefined,
          malformed.map(({ index, problem }) => ({ field: `payloads.${index}.data`, message: problem })),
        );
      }
      if (operation === 'encode') {
        const encodable = payloads.map((p, i) => encodablePayload(p, i, principal));
        req.auditDetails = { payloads: String(encodable.length), namespace };
        return { payloads: (await options.codec.encode(encodable)).map(toJson) };
      }
      let decrypted: Payload[];
      try {
        decrypted = await options.codec.decode(payloads);
      } catch {
        throw new ProblemError(422, 'undecodable', 'the payloads could not be decoded (an unknown key id, or not our encryption)');
      }
      const [unshowable] = jsonPayloadProblems(decrypted, limits);
      if (unshowable) throw new ProblemError(422, 'undecodable', `payload ${unshowable.index} decrypts to JSON that ${unshowable.problem}`);
      const view = personViewOf(principal);
      const shown = decrypted.map((p) => redactPayload(p, view));
      // Who read which onboardings, and whether in full (compliance): the UI names no workflow, the payloads do.
      const workflowIds = [...new Set(shown.flatMap((s) => s.references))].map(workflowIdFor);
      req.auditDetails = { payloads: String(shown.length), namespace, personData: view, workflowIds: workflowIds.join(',') };
      return { payloads: shown.map((s) => toJson(s.payload)) };
    },
  );

  // The browser's sign-in: a person opens this page once; the browser then keeps the Basic credentials.
  app.get('/', async (req, reply) => {
    const principal = authenticate(options.keys, req.headers.authorization);
    if (!principal || !allows(principal.role, 'decode')) {
      return reply
        .status(401)
        .header('www-authenticate', 'Basic realm="onboarding codec", charset="UTF-8"')
        .type('text/plain')
        .send('Sign in with your principal as user name and your API key as password (roles support, operator or compliance).');
    }
    return reply
      .type('text/html')
      .send(
        `<!doctype html><title>Onboarding codec server</title><p>Signed in as <b>${principal.id}</b> (${principal.role}). The Temporal Web UI now shows decoded payloads, as your role may see them: open or reload its pages.</p>`,
      );
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  return app;
}
