import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OnboardingClient } from '../client/onboarding-client';
import { authenticate, type ApiKeyTable } from '../api/auth';
import { writeAudit, type AuditedAction } from '../api/audit';
import { allows } from '../api/permissions';
import { ProblemError } from '../api/problems';
import { viaClient } from '../api/client-errors';
import { referenceParams } from '../api/schemas';
import { personViewOf } from '../codec-server/redaction';
import { onboardingSteps } from '../domain/onboarding-steps';
import type { OnboardingStep } from '../workflows/definitions';
import { providerNames, type ProviderName } from '../domain/providers';
import { actionById, consoleActions } from './actions';
import { clearedSessionCookieHeader, readCookie, sessionCookieHeader } from './cookie';
import { confirmPage, outcomePage, problemPage } from './pages/action';
import type { PageContext } from './pages/layout';
import { onboardingLive, onboardingPage, type OnboardingLiveData } from './pages/onboarding';
import { queuePage, queueTable, type QueueFilters } from './pages/queue';
import { signInPage } from './pages/sign-in';
import { personLines, type PersonLines } from './person';
import { queueById } from './queues';
import { sessionCookieName, type SessionSigner } from './session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The audit line a console request ends with (sign-in, sign-out, an action). */
    consoleAudit?: AuditedAction;
  }
}

export interface ConsoleOptions {
  client: OnboardingClient;
  keys: ApiKeyTable;
  signer: SessionSigner;
  /** Set the cookie's Secure flag even over http: the console is behind a proxy that ends TLS. */
  secureCookie?: boolean;
}

const assets: Record<string, { type: string; body: string }> = {
  'app.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(join(__dirname, 'assets', 'app.js'), 'utf8') },
  'console.css': { type: 'text/css; charset=utf-8', body: readFileSync(join(__dirname, 'assets', 'console.css'), 'utf8') },
};

/** A form's fields: small (a reason, a few ids, a key), so anything larger is refused unread. */
const formLimitBytes = 8 * 1024;

/**
 * The support console under /console (docs/console.md): pages for people, on the API's own
 * client, permission table and audit log. A session is a signed cookie naming the principal of
 * the key that signed in; every POST carries a token bound to that cookie (CSRF).
 */
export async function consoleRoutes(app: FastifyInstance, options: ConsoleOptions): Promise<void> {
  const { client, keys, signer } = options;

  // Pages for people, not part of the API's contract: kept out of /openapi.json.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: formLimitBytes }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.setErrorHandler((error, request, reply) => {
    const problem = error instanceof ProblemError ? error : undefined;
    const statusCode = (error as { statusCode?: number }).statusCode;
    const status = problem?.status ?? (statusCode !== undefined && statusCode < 500 ? statusCode : 500);
    if (status >= 500 && !problem) request.log.error({ err: error }, 'console request failed');
    const sentence = problem
      ? sentenceOf(problem)
      : status < 500
        ? 'The request could not be read.'
        : `Something went wrong on our side; it is logged with request id ${request.id}.`;
    return html(reply.status(status), problemPage('Something went wrong', sentence, sessions.get(request)));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .type('text/html; charset=utf-8')
      .send(problemPage('Not found', 'There is no such page in the console.', sessions.get(request))),
  );

  const secure = (request: FastifyRequest) => options.secureCookie === true || request.protocol === 'https';

  /** The signed-in session, or undefined: a forged or expired cookie, or a key since removed from ONBOARDING_API_KEYS. */
  function signedIn(request: FastifyRequest): PageContext | undefined {
    const cookie = readCookie(request.headers.cookie, sessionCookieName);
    const session = signer.verify(cookie);
    if (!cookie || !session) return undefined;
    const stillKnown = [...keys.values()].some((p) => p.id === session.id && p.role === session.role && p.tenant === undefined);
    if (!stillKnown || !allows(session.role, 'console')) return undefined;
    request.principal = { id: session.id, role: session.role };
    return { session, csrf: signer.csrfToken(cookie) };
  }
  const sessions = new WeakMap<FastifyRequest, PageContext>();
  /** The session of a page behind the preHandler below (which has refused any request without one). */
  const contextOf = (request: FastifyRequest) => sessions.get(request) as PageContext;

  /** Audit lines are written once the answer is known, as the API's are (api/audit.ts): refusals included. */
  app.addHook('onResponse', async (request, reply) => {
    if (request.consoleAudit) writeAudit(request, request.consoleAudit, reply.statusCode);
  });

  /** Pages need a session: a GET without one goes to the sign-in form, anything else is 401. */
  app.addHook('preHandler', async (request, reply) => {
    const path = request.url.split('?')[0];
    if (path === '/console/sign-in' || path.startsWith('/console/assets/')) return;
    const context = signedIn(request);
    if (context) {
      sessions.set(request, context);
    } else if (request.method === 'GET') {
      return reply.redirect('/console/sign-in', 303);
    } else {
      return html(reply.status(401), problemPage('Signed out', 'Your session has ended or was never started: sign in again.'));
    }
    if (request.method === 'POST') checkToken(request);
  });

  /**
   * Every form comes from this site, where the browser says where it comes from (a sign-in form
   * too). Under `Referrer-Policy: no-referrer` Chromium says `Origin: null` even for our own
   * forms, so null proves nothing either way: the session's token (below) and the SameSite=Strict
   * cookie still hold. The headers themselves are the API's (api/security-headers.ts).
   */
  app.addHook('preValidation', async (request) => {
    const origin = request.headers.origin;
    if (request.method === 'POST' && origin !== undefined && origin !== 'null' && origin !== `${request.protocol}://${request.headers.host}`) {
      throw new ProblemError(403, 'forbidden', 'This form was sent from another site, so it was refused.');
    }
  });

  /** …and carries the token of its session (CSRF). */
  function checkToken(request: FastifyRequest): void {
    const token = (request.body as Record<string, string> | undefined)?.csrf;
    const cookie = readCookie(request.headers.cookie, sessionCookieName) as string;
    if (!signer.checkCsrf(cookie, token)) {
      throw new ProblemError(
        403,
        'forbidden',
        'This form does not carry your session’s token (it may come from another page or an old tab), so it was refused: reload the page and try again.',
      );
    }
  }

  app.get('/', async (_request, reply) => reply.redirect('/console/queues/kyc', 303));

  app.get('/assets/:file', async (request, reply) => {
    const asset = assets[(request.params as { file: string }).file];
    if (!asset) return html(reply.status(404), problemPage('Not found', 'There is no such file.'));
    return reply.type(asset.type).send(asset.body);
  });

  app.get('/sign-in', async (_request, reply) => html(reply, signInPage()));

  app.post('/sign-in', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const key = (request.body as Record<string, string> | undefined)?.key?.trim() ?? '';
    const principal = key ? authenticate(keys, `Bearer ${key}`) : undefined;
    request.consoleAudit = 'console-sign-in';
    const refuse = (status: number, sentence: string) => html(reply.status(status), signInPage(sentence));
    if (!principal) return refuse(401, 'That key is not known: check it and try again.');
    request.principal = principal;
    if (!allows(principal.role, 'console'))
      return refuse(403, `The role "${principal.role}" may not use the console: it is for support, operators and compliance. Backends use the HTTP API.`);
    if (principal.tenant !== undefined) return refuse(403, 'A key scoped to a tenant cannot sign in to the console: it is for staff, who see every tenant.');
    return reply.header('set-cookie', sessionCookieHeader(signer.issue(principal), secure(request))).redirect('/console/queues/kyc', 303);
  });

  app.post('/sign-out', async (request, reply) => {
    request.consoleAudit = 'console-sign-out';
    return reply.header('set-cookie', clearedSessionCookieHeader(secure(request))).redirect('/console/sign-in', 303);
  });

  app.get('/queues/:queue', async (request, reply) => {
    const queue = queueById((request.params as { queue: string }).queue);
    const context = contextOf(request);
    if (!queue) return html(reply.status(404), problemPage('Not found', 'There is no such queue.', context));
    const query = request.query as Record<string, string | undefined>;
    const filters: QueueFilters = {
      provider: providerNames.includes(query.provider as ProviderName) ? query.provider : undefined,
      step: onboardingSteps.includes(query.step as OnboardingStep) && !queue.filter.step ? query.step : undefined,
      pageSize: /^([1-9]|[1-9][0-9]|100)$/.test(query.pageSize ?? '') ? query.pageSize : undefined,
    };
    const pageToken = /^[A-Za-z0-9_-]{1,4000}$/.test(query.pageToken ?? '') ? query.pageToken : undefined;
    const list = await viaClient(() =>
      client.list(
        { ...queue.filter, provider: filters.provider as ProviderName | undefined, ...(filters.step ? { step: filters.step as OnboardingStep } : {}) },
        { pageSize: Number(filters.pageSize ?? 20), pageToken },
      ),
    );
    if (isLiveRefresh(request)) return html(reply, queueTable(queue, filters, list).html);
    return html(reply, queuePage(queue, filters, list, context));
  });

  /** An onboarding as it stands, and the actions this role may take on it now. */
  async function liveData(reference: string, context: PageContext): Promise<OnboardingLiveData> {
    const view = await viaClient(() => client.status(reference));
    return { view, actions: consoleActions.filter((a) => allows(context.session.role, a.permission) && a.offered(view)) };
  }

  /** The person as this role may see them (undefined: not at all); compliance's full reads are audited. */
  async function personFor(request: FastifyRequest, reference: string, context: PageContext): Promise<PersonLines | undefined> {
    const view = personViewOf(context.session);
    if (view === 'hidden') return undefined;
    if (view === 'full') writeAudit(request, 'person-read', 200);
    return personLines(await viaClient(() => client.startRequest(reference)), view);
  }

  const referenceOf = (request: FastifyRequest) => {
    const parsed = referenceParams.safeParse({ reference: (request.params as { reference: string }).reference });
    if (!parsed.success) throw new ProblemError(404, 'not-found', 'There is no onboarding with that reference.');
    return parsed.data.reference;
  };

  app.get('/onboardings/:reference', async (request, reply) => {
    const context = contextOf(request);
    const reference = referenceOf(request);
    const data = await liveData(reference, context);
    if (isLiveRefresh(request)) return html(reply, onboardingLive(data).html);
    return html(reply, onboardingPage(data, await personFor(request, reference, context), context));
  });

  /** The action named in the URL, if this role may take it on this onboarding now; else a page saying why not. */
  async function actionFor(request: FastifyRequest, context: PageContext) {
    const action = actionById((request.params as { action: string }).action);
    if (!action) throw new ProblemError(404, 'not-found', 'There is no such action.');
    if (!allows(context.session.role, action.permission)) {
      throw new ProblemError(403, 'forbidden', `The role "${context.session.role}" may not ${action.label.toLowerCase()}.`);
    }
    const view = await viaClient(() => client.status(referenceOf(request)));
    if (!action.offered(view)) {
      throw new ProblemError(
        409,
        'message-refused',
        `“${action.label}” does not apply now: the onboarding is ${view.running ? `at ${view.step}` : `closed (${view.step})`}.`,
      );
    }
    return { action, view };
  }

  app.get('/onboardings/:reference/actions/:action', async (request, reply) => {
    const context = contextOf(request);
    const { action, view } = await actionFor(request, context);
    return html(reply, confirmPage(action, view, context));
  });

  // Audited from the start, so a refused form (no token, wrong role, not now) leaves its line too.
  const auditAction = async (request: FastifyRequest) => {
    request.consoleAudit = actionById((request.params as { action: string }).action)?.auditAs;
    request.auditDetails = { via: 'console' };
  };

  app.post('/onboardings/:reference/actions/:action', { onRequest: auditAction }, async (request, reply) => {
    const context = contextOf(request);
    const { action, view } = await actionFor(request, context);
    const form = (request.body ?? {}) as Record<string, string>;
    try {
      const outcome = await action.perform(client, view, form, { id: context.session.id, role: context.session.role });
      return html(reply, outcomePage(action, view, outcome, context));
    } catch (err) {
      // Refused (a field, the workflow's answer): the same form again, filled in, with the sentence.
      if (!(err instanceof ProblemError)) throw err;
      return html(reply.status(err.status), confirmPage(action, view, context, sentenceOf(err), form));
    }
  });
}

function html(reply: FastifyReply, body: string): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(body);
}

function isLiveRefresh(request: FastifyRequest): boolean {
  return request.headers['x-console-live'] === '1';
}

/** A problem as one sentence: its detail, and each field's message. */
function sentenceOf(problem: ProblemError): string {
  const fields = (problem.errors ?? []).map((e) => `${e.field} ${e.message}`).join('; ');
  return [problem.detail ?? problem.message, fields].filter(Boolean).join(': ');
}
