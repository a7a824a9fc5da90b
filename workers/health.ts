import { createServer, type Server } from 'node:http';
import type { Worker } from '@temporalio/worker';

/** `GET /healthz`: 200 while the worker runs (polling, or retrying a lost server), 503 once it stops or fails. */
export function startHealthServer(address: string, worker: Pick<Worker, 'getState'>): Promise<Server> {
  const separator = address.lastIndexOf(':');
  const host = address.slice(0, separator);
  const port = Number(address.slice(separator + 1));
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/healthz') {
      res.writeHead(404).end();
      return;
    }
    const state = worker.getState();
    res.writeHead(state === 'RUNNING' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ state }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
