import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import type { CodecKeys } from './keys';

const JSON_ENCODING = 'json/plain';
const MARKER_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The submitOtp update's code (domain/message-schemas.ts) and verifyOtp's code argument. */
const otpCode = /^\d{4,8}$/;

/** What a credential becomes inside a payload: `{"sealed": "v1:<keyId>:<base64 of iv, ciphertext, tag>"}`. */
interface Sealed {
  sealed: string;
}

function isSecret(value: unknown): value is { secret: string } {
  return isPlainObject(value) && Object.keys(value).length === 1 && typeof value.secret === 'string';
}

function isSealed(value: unknown): value is Sealed {
  return isPlainObject(value) && Object.keys(value).length === 1 && typeof value.sealed === 'string' && value.sealed.startsWith(`${MARKER_VERSION}:`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The submitOtp update's argument, exactly: `{code, actor?}` (its schema is strict). */
function isOtpSubmission(value: unknown): value is { code: string } {
  return isPlainObject(value) && typeof value.code === 'string' && otpCode.test(value.code) && Object.keys(value).every((k) => k === 'code' || k === 'actor');
}

/**
 * Seals credentials inside JSON payloads before the encryption codec runs, with a key the codec
 * server never holds: whoever decodes a history in the Web UI sees `{"sealed": …}` where a
 * password, token, JWT or OTP code was. Sealed are every `{secret: string}` (domain/secret.ts), at
 * any depth; the `code` of a submitOtp update (an object of only `code` and `actor`); and a whole
 * payload that is a 4-to-8-digit string (verifyOtp's code argument: the codec sees no activity
 * name, and sealing such a value elsewhere would only hide it from the Web UI). Workflow code
 * sees plaintext, as the worker unseals on decode. Payloads written before this stage (plaintext
 * credentials) decode unchanged.
 */
export class SecretsCodec implements PayloadCodec {
  constructor(private readonly keys: CodecKeys) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.rewrite(payload, (value) => this.sealAll(value, true)));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.rewrite(payload, (value) => this.unsealAll(value)));
  }

  /** Applies `change` to a JSON payload's value; other payloads, and unchanged ones, keep their bytes. */
  private rewrite(payload: Payload, change: (value: unknown) => unknown): Payload {
    if (Buffer.from(payload.metadata?.[METADATA_ENCODING_KEY] ?? []).toString() !== JSON_ENCODING) return payload;
    const text = Buffer.from(payload.data ?? []).toString('utf8');
    const changed = change(JSON.parse(text));
    const json = JSON.stringify(changed);
    return json === text ? payload : { ...payload, data: Buffer.from(json, 'utf8') };
  }

  private sealAll(value: unknown, topLevel: boolean): unknown {
    if (isSecret(value)) return this.seal(value);
    if (topLevel && typeof value === 'string' && otpCode.test(value)) return this.seal(value);
    if (topLevel && isOtpSubmission(value)) return { ...value, code: this.seal(value.code) };
    if (Array.isArray(value)) return value.map((item) => this.sealAll(item, false));
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.sealAll(v, false)]));
    return value;
  }

  private unsealAll(value: unknown): unknown {
    if (isSealed(value)) return this.unseal(value);
    if (Array.isArray(value)) return value.map((item) => this.unsealAll(item));
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.unsealAll(v)]));
    return value;
  }

  private seal(value: unknown): Sealed {
    const { id, key } = this.keys.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([iv, cipher.update(JSON.stringify(value), 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return { sealed: `${MARKER_VERSION}:${id}:${data.toString('base64')}` };
  }

  private unseal({ sealed }: Sealed): unknown {
    const [, id, b64] = sealed.split(':');
    const key = this.keys.all.get(id ?? '');
    if (!key)
      throw new Error(`a credential in this payload was sealed with the secrets key "${id}", which this process does not hold (ONBOARDING_SECRETS_KEYS)`);
    const data = Buffer.from(b64 ?? '', 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    return JSON.parse(plain.toString('utf8'));
  }
}
