import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, defaultPayloadConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { CodecKeys } from './keys';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface EncryptionCodecOptions {
  /**
   * Refuse what is not encrypted (production mode): inputs, signals and updates then come only
   * from holders of the key, so a stock `temporal workflow signal` with a plaintext payload cannot
   * reject a person's KYC. A refused payload is not an error (that would fail the workflow task
   * again and again, wedging the onboarding until someone resets it): it decodes to
   * `refusedPlaintext`, which every message schema and the input check refuse, so a signal is
   * ignored, an update is rejected by its validator, and a start fails as invalid input. What
   * legitimately arrives unencrypted never reaches a codec (headers and search attributes are
   * not coded): test/e2e/plaintext-refused.test.ts runs whole onboardings with this on.
   */
  refusePlaintext?: boolean;
}

/** What a refused plaintext payload decodes to. */
export const refusedPlaintext = {
  refusedPlaintextPayload:
    'an unencrypted payload was refused: in production mode inputs, signals and updates must come from a client holding ONBOARDING_CODEC_KEYS',
};

/**
 * AES-256-GCM over each whole payload (metadata included), so the Temporal server and its
 * database only ever hold ciphertext: PII in inputs, tokens in results, failure messages.
 * The key id travels in the clear so that payloads written before a key rotation still decrypt.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(
    private readonly keys: CodecKeys,
    private readonly options: EncryptionCodecOptions = {},
  ) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys.current;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCODING), [KEY_ID]: Buffer.from(id) },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.[METADATA_ENCODING_KEY] ?? []).toString() !== ENCODING) {
        return this.options.refusePlaintext ? defaultPayloadConverter.toPayload(refusedPlaintext) : payload;
      }
      const id = Buffer.from(payload.metadata?.[KEY_ID] ?? []).toString();
      const key = this.keys.all.get(id);
      if (!key) throw new Error(`payload encrypted with unknown key id "${id}"`);
      const data = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}
