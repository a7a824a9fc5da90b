import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy that loses every answer: it forwards the request, waits until the upstream has
 * answered in full, then drops the connection. The caller sees a network failure after the
 * server did its work: a client's timeout, with the order forced rather than raced.
 */
export async function startLossyProxy(upstream: string): Promise<{ url: string; answered: { status: number; body: string }[]; close(): Promise<void> }> {
  const answered: { status: number; body: string }[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'content-length'),
      ) as Record<string, string>;
      const response = await fetch(upstream + req.url, { method: req.method, headers, body: body.length > 0 ? body : undefined });
      answered.push({ status: response.status, body: await response.text() });
      res.socket?.destroy();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
