import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export interface CodecKeys {
  /** The key new payloads are encrypted with. */
  current: { id: string; key: Buffer };
  /** Every key that may still decrypt old payloads (after a rotation), by id. */
  all: ReadonlyMap<string, Buffer>;
}

const devKeyFile = path.resolve(__dirname, '..', '.data', 'codec-dev-key');

/**
 * ONBOARDING_CODEC_KEYS="id1:base64key,id0:base64oldkey": the first encrypts, all decrypt.
 * Unset, a random development key is made once in .data/ (git-ignored) so the demo and the tests
 * never run with plaintext payloads, and never with a key that lives in the source.
 */
export function loadCodecKeys(env: NodeJS.ProcessEnv = process.env): CodecKeys {
  const spec = env.ONBOARDING_CODEC_KEYS?.trim() || `dev:${devKey()}`;
  const entries = spec.split(',').map((entry, i) => {
    const [id, b64] = entry.trim().split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!id || key.length !== 32) {
      throw new Error(`ONBOARDING_CODEC_KEYS entry ${i + 1} must be "<keyId>:<base64 of 32 bytes>"`);
    }
    return { id, key };
  });
  return { current: entries[0], all: new Map(entries.map((e) => [e.id, e.key])) };
}

function devKey(): string {
  if (!existsSync(devKeyFile)) {
    mkdirSync(path.dirname(devKeyFile), { recursive: true });
    // 'wx' so two processes starting at once cannot overwrite each other's key.
    try {
      writeFileSync(devKeyFile, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    chmodSync(devKeyFile, 0o600);
  }
  return readFileSync(devKeyFile, 'utf8').trim();
}
