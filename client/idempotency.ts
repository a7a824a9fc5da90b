import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { loadCodecKeys, type CodecKeys } from '../codec/keys';

/**
 * What the start request leaves on the workflow (in its memo, which the codec encrypts as well)
 * so that a retried start can be recognised by any API instance, after any restart: keyed
 * HMACs of the Idempotency-Key alone and of the key with the request. Never the request itself,
 * and HMACs rather than plain hashes so that nobody can test guesses (an SSN) against them.
 * The HMAC key is derived from the codec key (HKDF), which every client already shares; the
 * codec key id is kept so that the check still works after a key rotation.
 */
export interface IdempotencyRecord {
  keyId: string;
  /** HMAC of the Idempotency-Key. */
  key: string;
  /** HMAC of the Idempotency-Key and the canonical JSON of the request. */
  request: string;
}

export type IdempotencyMatch = 'same-request' | 'same-key-other-request' | 'other-key';

/** JSON with object keys sorted, so that key order does not make two equal requests differ. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export class IdempotencyFingerprints {
  constructor(private readonly keys: CodecKeys = loadCodecKeys()) {}

  record(idempotencyKey: string, request: unknown): IdempotencyRecord {
    const { id } = this.keys.current;
    return { keyId: id, ...this.macs(id, idempotencyKey, request)! };
  }

  /** How a start request relates to the record of the run that holds its reference. */
  compare(stored: unknown, idempotencyKey: string, request: unknown): IdempotencyMatch {
    const record = stored as Partial<IdempotencyRecord> | undefined;
    if (!record || typeof record.keyId !== 'string' || typeof record.key !== 'string' || typeof record.request !== 'string') {
      return 'other-key';
    }
    const macs = this.macs(record.keyId, idempotencyKey, request);
    if (!macs || !equal(macs.key, record.key)) return 'other-key';
    return equal(macs.request, record.request) ? 'same-request' : 'same-key-other-request';
  }

  private macs(keyId: string, idempotencyKey: string, request: unknown): { key: string; request: string } | undefined {
    const codecKey = this.keys.all.get(keyId);
    if (!codecKey) return undefined;
    const macKey = Buffer.from(hkdfSync('sha256', codecKey, Buffer.alloc(0), 'onboarding idempotency fingerprint v1', 32));
    const mac = (text: string) => createHmac('sha256', macKey).update(text).digest('base64url');
    return { key: mac(`key\n${idempotencyKey}`), request: mac(`request\n${idempotencyKey}\n${canonicalJson(request)}`) };
  }
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
