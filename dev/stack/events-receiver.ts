import { createServer } from 'node:http';
import { verifyWebhook } from '../../webhooks/signature';

/**
 * The stack's backend: receives the onboardings' signed events (ONBOARDING_EVENTS_URL), as a
 * customer's backend would, and keeps every delivery it accepted, redeliveries included, so a test
 * can check each event arrived and was never duplicated under another id. `GET /received` lists
 * them. Run by `npm run stack` as the `events` service; EVENTS_RECEIVER_PORT, ONBOARDING_EVENTS_SECRET.
 */
interface Delivery {
  id: string;
  reference: string;
  type: string;
  sequence: number;
  receivedAt: string;
}

const port = Number(process.env.EVENTS_RECEIVER_PORT);
const secret = process.env.ONBOARDING_EVENTS_SECRET;
if (!Number.isInteger(port) || !secret) {
  console.error('EVENTS_RECEIVER_PORT and ONBOARDING_EVENTS_SECRET must be set');
  process.exit(2);
}
const received: Delivery[] = [];

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/received') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(received));
    return;
  }
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(200).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const verified = verifyWebhook({ secrets: [secret], headers: req.headers, rawBody: body, toleranceSeconds: 300 });
    if (req.method !== 'POST' || !verified.ok) {
      res.writeHead(401).end();
      return;
    }
    const event = JSON.parse(body.toString('utf8')) as Omit<Delivery, 'receivedAt'>;
    received.push({ id: event.id, reference: event.reference, type: event.type, sequence: event.sequence, receivedAt: new Date().toISOString() });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
server.listen(port, '127.0.0.1', () => console.log(`events receiver on http://127.0.0.1:${port}`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
