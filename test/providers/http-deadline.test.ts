import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { ProviderHttp } from '../../providers/http';
import { failureDetails } from '../../providers/failures';

/**
 * A provider that answers one byte at a time keeps the socket busy: a timeout on a silent socket
 * never fires. The per-call deadline bounds the whole call (real HTTP, a real trickling server).
 */
describe('a provider call has a total deadline', () => {
  let server: Server;
  let url: string;
  const trickles = new Set<NodeJS.Timeout>();
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":"');
      const drip = setInterval(() => res.write('x'), 100);
      trickles.add(drip);
      res.on('close', () => clearInterval(drip));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const t of trickles) clearInterval(t);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('an answer still trickling in at the deadline is a retryable ProviderUnavailable', async () => {
    const http = new ProviderHttp({ provider: 'sovera', baseURL: url, timeoutMs: 1_000, describeError: () => ({ message: 'refused' }) });
    const failure = await http.request({ method: 'GET', url: '/users/u1' }, z.object({ data: z.string() })).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    expect(failureDetails(failure as never)).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
  }, 15_000);
});
