import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpError, json, readBody, write, type SandboxResponse } from './http';
import { FaultInjector } from './faults';
import { RequestLog } from './request-log';
import { Outbox } from './outbox';
import { routeName, type RouteMatch } from './router';
import type { EmulatorContext, ProviderEmulator } from './emulator';
import { createEmulators, type EmulatorOptions } from './emulators';
import { createAdminRouter } from './admin';
import { SandboxClock } from './clock';
import { WebhookSender, type WebhookOptions } from './webhooks';

export interface SandboxOptions extends EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Outbound KYC webhooks (off when absent). */
  webhooks?: WebhookOptions;
}

export interface Sandbox {
  /** Base URL, e.g. http://127.0.0.1:41234; each provider lives under its own base path. */
  readonly url: string;
  readonly emulators: ReadonlyMap<string, ProviderEmulator>;
  readonly faults: FaultInjector;
  readonly log: RequestLog;
  readonly outbox: Outbox;
  /** Every emulator's time; `advance` it rather than sleeping past a lifetime. */
  readonly clock: SandboxClock;
  readonly webhooks?: WebhookSender;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = new SandboxClock();
  const webhooks = options.webhooks ? new WebhookSender(options.webhooks) : undefined;
  const context: EmulatorContext = {
    outbox: new Outbox(),
    now: () => clock.now(),
    kycDecided: (...args) => webhooks?.kycDecided(...args),
  };
  const emulators = new Map(createEmulators(context, options).map((e) => [e.name, e]));
  const faults = new FaultInjector();
  const log = new RequestLog();
  const admin = createAdminRouter({ emulators, faults, log, outbox: context.outbox, clock, webhooks });

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) write(res, json(500, { error: 'sandbox internal error', detail: String(err) }));
    });
  });
  server.keepAliveTimeout = 5_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/_sandbox/')) {
      // /_sandbox/<provider>/... belongs to that provider's admin routes; the rest is shared.
      const sub = url.pathname.slice('/_sandbox'.length);
      const owner = emulators.get(sub.split('/')[1]);
      const match = owner ? owner.admin.match(method, sub.slice(owner.name.length + 1)) : admin.match(method, sub);
      if (!match || match === 'method-not-allowed') return write(res, json(404, { error: 'no such sandbox control' }));
      const body = await readBody(req);
      if (!body.ok) return write(res, json(400, { error: 'body is not valid JSON' }));
      return write(res, await run(match, { method, url, headers: req.headers, body: body.value }));
    }

    const emulator = [...emulators.values()].find((e) => url.pathname.startsWith(e.basePath + '/'));
    if (!emulator) return write(res, json(404, { error: `no provider is mounted at ${url.pathname}` }));
    const match = emulator.routes.match(method, url.pathname.slice(emulator.basePath.length));
    if (!match) return write(res, json(404, emulator.errorBody(404, 'Not Found')));
    if (match === 'method-not-allowed') return write(res, json(405, emulator.errorBody(405, 'Method Not Allowed')));

    const route = routeName(match.route);
    const end = log.open({ provider: emulator.name, route, mutates: match.route.mutates }, Date.now);
    const gone = clientGone(res);

    // A slow provider: the request waits before it is read. A client that gives up meanwhile
    // (its timeout, a cancelled activity) leaves nothing behind: the request is never handled.
    const latency = faults.latencyMs(emulator.name, route);
    if (latency > 0) await sleep(latency, undefined, { signal: gone.signal }).catch(() => undefined);
    if (gone.now()) return end(0, 'client-gone');

    const body = await readBody(req);
    const fault = faults.beforeHandler(emulator.name, route);
    if (fault.kind === 'rate-limit') {
      end(429, 'injected-rate-limit');
      return write(res, json(429, emulator.errorBody(429, 'Too Many Requests'), { 'retry-after': String(fault.retryAfterSeconds) }));
    }
    if (fault.kind === 'fail') {
      end(fault.status, 'injected-failure');
      return write(res, json(fault.status, emulator.errorBody(fault.status, fault.status >= 500 ? 'Internal Server Error' : 'Injected failure')));
    }
    if (fault.kind === 'answer') {
      end(fault.status, 'injected-answer');
      return write(res, json(fault.status, fault.body));
    }
    if (!body.ok) {
      end(400, 'answered');
      return write(res, json(400, emulator.errorBody(400, 'Request body is not valid JSON')));
    }
    if (gone.now()) return end(0, 'client-gone');

    const response = await run(match, { method, url, headers: req.headers, body: body.value });
    if (response.status < 300 && match.route.mutates && faults.dropAfterCommit(emulator.name, route)) {
      end(response.status, 'dropped-after-commit');
      req.socket.destroy();
      return;
    }
    end(response.status, 'answered');
    write(res, response);
  }

  /** Aborted when the client closes the connection before the answer is written. */
  function clientGone(res: ServerResponse): { signal: AbortSignal; now(): boolean } {
    const left = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) left.abort();
    });
    return { signal: left.signal, now: () => left.signal.aborted };
  }

  async function run(match: RouteMatch, req: { method: string; url: URL; headers: IncomingMessage['headers']; body: unknown }): Promise<SandboxResponse> {
    try {
      return await match.route.handler({
        method: req.method,
        path: req.url.pathname,
        params: match.params,
        query: req.url.searchParams,
        headers: req.headers,
        body: req.body,
      });
    } catch (err) {
      if (err instanceof HttpError) return err.response;
      throw err;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    emulators,
    faults,
    log,
    outbox: context.outbox,
    clock,
    webhooks,
    close: async () => {
      await webhooks?.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
