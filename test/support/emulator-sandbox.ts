import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorContext, ProviderEmulator } from '../../sandbox/emulator';
import { FaultInjector } from '../../sandbox/faults';
import { HttpError, json, readBody, write } from '../../sandbox/http';
import { Outbox } from '../../sandbox/outbox';
import { routeName, type RouteMatch } from '../../sandbox/router';
import { SandboxClock } from '../../sandbox/clock';

/** A sandbox with one emulator that the registry does not list yet: what sandbox/server.ts does, cut to routes, admin, failures and dropped answers. */
export interface EmulatorSandbox {
  readonly url: string;
  readonly clock: SandboxClock;
  readonly faults: FaultInjector;
  readonly kycDecisions: { userId: string; decision: string; providerStatus: string }[];
  close(): Promise<void>;
}

export async function startEmulatorSandbox(create: (context: EmulatorContext) => ProviderEmulator): Promise<EmulatorSandbox> {
  const clock = new SandboxClock();
  const faults = new FaultInjector();
  const kycDecisions: EmulatorSandbox['kycDecisions'] = [];
  const emulator = create({
    outbox: new Outbox(),
    now: () => clock.now(),
    kycDecided: (_provider, userId, decision, providerStatus) => kycDecisions.push({ userId, decision, providerStatus }),
  });

  async function run(match: RouteMatch, req: IncomingMessage, url: URL, body: unknown) {
    try {
      return await match.route.handler({
        method: req.method ?? 'GET',
        path: url.pathname,
        params: match.params,
        query: url.searchParams,
        headers: req.headers,
        body,
      });
    } catch (err) {
      if (err instanceof HttpError) return err.response;
      throw err;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? 'GET';
    const adminPath = `/_sandbox/${emulator.name}`;
    const isAdmin = url.pathname.startsWith(adminPath + '/');
    const router = isAdmin ? emulator.admin : emulator.routes;
    const match =
      url.pathname.startsWith(emulator.basePath + '/') || isAdmin
        ? router.match(method, url.pathname.slice((isAdmin ? adminPath : emulator.basePath).length))
        : undefined;
    const body = await readBody(req);
    if (!match || match === 'method-not-allowed' || !body.ok) return write(res, json(404, emulator.errorBody(404, 'Not Found')));
    if (isAdmin) return write(res, await run(match, req, url, body.value));
    const route = routeName(match.route);
    const fault = faults.beforeHandler(emulator.name, route);
    if (fault.kind === 'fail') return write(res, json(fault.status, emulator.errorBody(fault.status, 'Injected failure')));
    const response = await run(match, req, url, body.value);
    if (response.status < 300 && match.route.mutates && faults.dropAfterCommit(emulator.name, route)) return void req.socket.destroy();
    write(res, response);
  }

  const server = createServer((req, res) => void handle(req, res).catch(() => write(res, json(500, emulator.errorBody(500, 'sandbox internal error')))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    clock,
    faults,
    kycDecisions,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
