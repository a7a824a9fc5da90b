import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OnboardingClient } from '../client/onboarding-client';
import { authenticate, type ApiKeyTable } from '../api/auth';
import { writeAudit } from '../api/audit';
import { allows } from '../api/permissions';
import { ProblemError } from '../api/problems';
import { viaClient } from '../api/client-errors';
import { referenceParams } from '../api/schemas';
import { personViewOf } from '../codec-server/redaction';
import { onboardingSteps } from '../domain/onboarding-steps';
import type { OnboardingStep } from '../workflows/definitions';
import { providerNames, type ProviderName } from '../domain/providers';
import { actionById, consoleActions, type ConsoleAction } from './actions';
import { clearedSessionCookieHeader, readCookie, sessionCookieHeader } from './cookie';
import { confirmPage, outcomePage, problemPage } from './pages/action';
import type { PageContext } from './pages/layout';
import { onboardingLive, onboardingPage, type OnboardingPageData } from './pages/onboarding';
import { queuePage, queueTable, type QueueFilters } from './pages/queue';
import { signInPage } from './pages/sign-in';
import { personLines } from './person';
import { queueById } from './queues';
import { sessionCookieName, type SessionSigner } from './session';

export interface ConsoleOptions {
  client: OnboardingClient;
  keys: ApiKeyTable;
  signer: SessionSigner;
  /** Set the cookie's Secure flag even over http: the console is behind a proxy that ends TLS. */
  secureCookie?: boolean;
}

/**
 * Script-free pages: no inline script or style runs, frames and other sites' forms are refused,
 * nothing is cached (a shared machine's back button shows no one's onboarding). The referrer stays
 * same-origin: with none at all, Chromium sends `Origin: null` on our own forms.
 */
const securityHeaders = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

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

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: formLimitBytes }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addHook('onSend', async (_request, reply) => {
    void reply.headers(securityHeaders);
  });
  app.setErrorHandler((error, request, reply) => {
    const problem = error instanceof ProblemError ? error : undefined;
    if (!problem) request.log.error({ err: error }, 'console request failed');
    const status = problem?.status ?? ((error as { statusCode?: number }).statusCode && (error as { statusCode: number }).statusCode < 500 ? (error as { statusCode: number }).statusCode : 500);
    const sentence = problem ? sentenceOf(problem) : status < 500 ? 'The request could not be read.' : `Something went wrong on our side; it is logged with request id ${request.id}.`;
    return reply.status(status).type('text/html; charset=utf-8').send(problemPage('Something went wrong', sentence, contextOf(request)));
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).type('text/html; charset=utf-8').send(problemPage('Not found', 'There is no such page in the console.', contextOf(request))));

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
  const contextOf = (request: FastifyRequest) => sessions.get(request);

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

  /** Every form comes from this site (where the browser says where it comes from: a sign-in form too). */
  app.addHook('preValidation', async (request) => {
    const origin = request.headers.origin;
    if (request.method === 'POST' && origin !== undefined && origin !== `${request.protocol}://${request.headers.host}`) {
      throw new ProblemError(403, 'forbidden', 'This form was sent from another site, so it was refused.');
    }
  });

  /** …and carries the token of its session (CSRF). */
  function checkToken(request: FastifyRequest): void {
    const token = (request.body as Record<string, string> | undefined)?.csrf;
    const cookie = readCookie(request.headers.cookie, sessionCookieName) as string;
    if (!signer.checkCsrf(cookie, token)) {
      throw new ProblemError(403, 'forbidden', 'This form does not carry your session’s token (it may come from another page or an old tab), so it was refused: reload the page and try again.');
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
    const refuse = (status: number, sentence: string) => {
      writeAudit(request, 'console-sign-in', status);
      return html(reply.status(status), signInPage(sentence));
    };
    if (!principal) return refuse(401, 'That key is not known: check it and try again.');
    request.principal = principal;
    if (!allows(principal.role, 'console')) return refuse(403, `The role "${principal.role}" may not use the console: it is for support, operators and compliance. Backends use the HTTP API.`);
    if (principal.tenant !== undefined) return refuse(403, 'A key scoped to a tenant cannot sign in to the console: it is for staff, who see every tenant.');
    writeAudit(request, 'console-sign-in', 303);
    return reply.header('set-cookie', sessionCookieHeader(signer.issue(principal), secure(request))).redirect('/console/queues/kyc', 303);
  });

  app.post('/sign-out', async (request, reply) => {
    writeAudit(request, 'console-sign-out', 303);
    return reply.header('set-cookie', clearedSessionCookieHeader(secure(request))).redirect('/console/sign-in', 303);
  });

  app.get('/queues/:queue', async (request, reply) => {
    const queue = queueById((request.params as { queue: string }).queue);
    const context = sessions.get(request) as PageContext;
    if (!queue) return html(reply.status(404), problemPage('Not found', 'There is no such queue.', context));
    const query = request.query as Record<string, string | undefined>;
    const filters: QueueFilters = {
      provider: providerNames.includes(query.provider as ProviderName) ? query.provider : undefined,
      step: onboardingSteps.includes(query.step as OnboardingStep) && !queue.filter.step ? query.step : undefined,
      pageSize: /^([1-9]|[1-9][0-9]|100)$/.test(query.pageSize ?? '') ? query.pageSize : undefined,
    };
    const pageToken = /^[A-Za-z0-9_-]{1,4000}$/.test(query.pageToken ?? '') ? query.pageToken : undefined;
    const list = await viaClient(() =>
      client.list({ ...queue.filter, provider: filters.provider as ProviderName | undefined, ...(filters.step ? { step: filters.step as OnboardingStep } : {}) }, { pageSize: Number(filters.pageSize ?? 20), pageToken }),
    );
    if (isLiveRefresh(request)) return html(reply, queueTable(queue, filters, list).html);
    return html(reply, queuePage(queue, filters, list, context));
  });

  /** An onboarding as this role may see it: person data by role (compliance's reads audited), the actions it may take now. */
  async function pageData(request: FastifyRequest, reference: string, context: PageContext): Promise<OnboardingPageData> {
    const view = await viaClient(() => client.status(reference));
    const personView = personViewOf(context.session);
    const person = personView === 'hidden' ? [] : personLines(await viaClient(() => client.startRequest(reference)), personView);
    if (personView === 'full') writeAudit(request, 'person-read', 200);
    const actions = consoleActions.filter((a) => allows(context.session.role, a.permission) && a.offered(view));
    return { view, person, personHidden: personView === 'hidden', actions };
  }

  const referenceOf = (request: FastifyRequest) => {
    const parsed = referenceParams.safeParse({ reference: (request.params as { reference: string }).reference });
    if (!parsed.success) throw new ProblemError(404, 'not-found', 'There is no onboarding with that reference.');
    return parsed.data.reference;
  };

  app.get('/onboardings/:reference', async (request, reply) => {
    const context = sessions.get(request) as PageContext;
    const data = await pageData(request, referenceOf(request), context);
    if (isLiveRefresh(request)) return html(reply, onboardingLive(data).html);
    return html(reply, onboardingPage(data, context));
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
      throw new ProblemError(409, 'message-refused', `“${action.label}” does not apply now: the onboarding is ${view.running ? `at ${view.step}` : `closed (${view.step})`}.`);
    }
    return { action, view };
  }

  app.get('/onboardings/:reference/actions/:action', async (request, reply) => {
    const context = sessions.get(request) as PageContext;
    const { action, view } = await actionFor(request, context);
    return html(reply, confirmPage(action, view, context));
  });

  app.post('/onboardings/:reference/actions/:action', async (request, reply) => {
    const context = sessions.get(request) as PageContext;
    let chosen: { action: ConsoleAction; view: Awaited<ReturnType<typeof client.status>> };
    try {
      chosen = await actionFor(request, context);
    } catch (err) {
      const action = actionById((request.params as { action: string }).action);
      if (action) writeAudit(request, action.auditAs, err instanceof ProblemError ? err.status : 500);
      throw err;
    }
    const { action, view } = chosen;
    const form = (request.body ?? {}) as Record<string, string>;
    request.auditDetails = { via: 'console' };
    try {
      const outcome = await action.perform(client, view, form, { id: context.session.id, role: context.session.role });
      writeAudit(request, action.auditAs, 200);
      return html(reply, outcomePage(action, view, outcome, context));
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      writeAudit(request, action.auditAs, err.status);
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
