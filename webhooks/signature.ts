import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed HTTP deliveries, one scheme for the providers' KYC webhooks we receive and the events
 * we send to the backend. (ours) None of the four providers documents a webhook, so the scheme is
 * our choice; it follows the Standard Webhooks layout so receivers can use an existing library:
 *
 *   webhook-id:        a unique delivery id (the same on every retry of one delivery)
 *   webhook-timestamp: seconds since the epoch when it was signed
 *   webhook-signature: "v1,<base64 HMAC-SHA256(secret, `${id}.${timestamp}.${rawBody}`)>",
 *                      several space-separated while a secret is being rotated
 *
 * The signature covers the raw bytes of the body, so a receiver must verify before parsing.
 */
export const webhookHeaderNames = { id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' } as const;

export type WebhookHeaders = Record<(typeof webhookHeaderNames)[keyof typeof webhookHeaderNames], string>;

function sign(secret: string, id: string, timestamp: number, rawBody: string | Buffer): Buffer {
  return createHmac('sha256', secret).update(`${id}.${timestamp}.`).update(rawBody).digest();
}

/** The headers of one signed delivery. */
export function signWebhook(secret: string, id: string, rawBody: string | Buffer, nowMs = Date.now()): WebhookHeaders {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    [webhookHeaderNames.id]: id,
    [webhookHeaderNames.timestamp]: String(timestamp),
    [webhookHeaderNames.signature]: `v1,${sign(secret, id, timestamp, rawBody).toString('base64')}`,
  };
}

export type WebhookVerification = { ok: true; id: string; timestamp: number } | { ok: false; reason: 'missing-headers' | 'stale-timestamp' | 'bad-signature' };

/**
 * Checks a delivery: the headers are there, the timestamp is within `toleranceSeconds` of now
 * (either way), and one of the signatures matches one of `secrets` (rotation).
 */
export function verifyWebhook(options: {
  secrets: readonly string[];
  headers: Record<string, string | string[] | undefined>;
  rawBody: string | Buffer;
  toleranceSeconds: number;
  nowMs?: number;
}): WebhookVerification {
  const header = (name: string) => {
    const v = options.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const id = header(webhookHeaderNames.id);
  const timestampText = header(webhookHeaderNames.timestamp);
  const signatures = header(webhookHeaderNames.signature);
  if (!id || !timestampText || !signatures || !/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: 'missing-headers' };
  const timestamp = Number(timestampText);
  const now = Math.floor((options.nowMs ?? Date.now()) / 1000);
  if (Math.abs(now - timestamp) > options.toleranceSeconds) return { ok: false, reason: 'stale-timestamp' };
  const given = signatures
    .split(' ')
    .map((s) => s.match(/^v1,([A-Za-z0-9+/=]+)$/)?.[1])
    .filter((s): s is string => s !== undefined)
    .map((s) => Buffer.from(s, 'base64'));
  for (const secret of options.secrets) {
    const expected = sign(secret, id, timestamp, options.rawBody);
    if (given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) return { ok: true, id, timestamp };
  }
  return { ok: false, reason: 'bad-signature' };
}

/**
 * "name:secret,name:secret" as the environment gives per-provider webhook secrets; a name may
 * appear twice while its secret is rotated. Secrets are at least 16 characters.
 */
export function parseWebhookSecrets(spec: string | undefined, variable: string): Map<string, string[]> {
  const secrets = new Map<string, string[]>();
  for (const [i, entry] of (spec ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
    .entries()) {
    const at = entry.indexOf(':');
    const name = entry.slice(0, at);
    const secret = entry.slice(at + 1);
    if (at <= 0 || secret.length < 16) throw new Error(`${variable} entry ${i + 1} must be "<name>:<secret of at least 16 characters>"`);
    secrets.set(name, [...(secrets.get(name) ?? []), secret]);
  }
  return secrets;
}
