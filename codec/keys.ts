import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { declaredMode, isProductionMode } from '../config/mode';

export interface CodecKeys {
  /** The key new payloads are encrypted with. */
  current: { id: string; key: Buffer };
  /** Every key that may still decrypt old payloads (after a rotation), by id. */
  all: ReadonlyMap<string, Buffer>;
}

/** The checkout's `.data/`, found from here whether this runs from source or compiled in dist/. */
function dataDir(): string {
  for (let dir = path.resolve(__dirname, '..'); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, '.data');
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..', '.data');
  }
}

/** Key ids travel in the clear in each payload's metadata: short, plain and unambiguous. */
const keyIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * ONBOARDING_CODEC_KEYS="id1:base64key,id0:base64oldkey": the first encrypts, all decrypt; ids
 * are unique. Unset, with ONBOARDING_MODE=development, a random development key is made once in
 * .data/ (git-ignored) so the demo and the tests never run with plaintext payloads, nor with a key
 * that lives in the source; otherwise it must be set (config/mode.ts).
 */
export function loadCodecKeys(env: NodeJS.ProcessEnv = process.env): CodecKeys {
  return loadKeys('ONBOARDING_CODEC_KEYS', 'codec-dev-key', env);
}

/**
 * ONBOARDING_SECRETS_KEYS, same form: seals credentials inside payloads (codec/secrets-codec.ts).
 * Only the processes that handle credentials in plaintext hold it (workers, API, client); never
 * the codec server, so the Web UI shows a sealed marker where a password or token was.
 */
export function loadSecretsKeys(env: NodeJS.ProcessEnv = process.env): CodecKeys {
  return loadKeys('ONBOARDING_SECRETS_KEYS', 'secrets-dev-key', env);
}

function loadKeys(variable: string, devKeyFileName: string, env: NodeJS.ProcessEnv): CodecKeys {
  const spec = env[variable]?.trim();
  if (!spec) {
    if (isProductionMode(env)) throw new Error(`${variable} must be set in production mode (the development key is refused)`);
    if (declaredMode(env) !== 'development') {
      throw new Error(`${variable} is not set: set it (the same keys in every process), or ONBOARDING_MODE=development to use this machine's development key`);
    }
    return single(devKey(path.join(dataDir(), devKeyFileName)));
  }
  const entries = spec.split(',').map((entry, i) => {
    const [id, b64, ...rest] = entry.trim().split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!id || !keyIdPattern.test(id) || rest.length > 0 || key.length !== 32) {
      throw new Error(`${variable} entry ${i + 1} must be "<keyId>:<base64 of 32 bytes>", the id made of letters, digits, ".", "_" or "-"`);
    }
    return { id, key };
  });
  const ids = entries.map((e) => e.id);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0) {
    throw new Error(`${variable} repeats the key id ${[...new Set(repeated)].map((id) => `"${id}"`).join(', ')}: every key needs its own id`);
  }
  return { current: entries[0], all: new Map(entries.map((e) => [e.id, e.key])) };
}

function single(entry: { id: string; key: Buffer }): CodecKeys {
  return { current: entry, all: new Map([[entry.id, entry.key]]) };
}

/**
 * This machine's development key. Its id is "dev-" and a fingerprint of the key (the first 16
 * hex digits of its SHA-256), so keys made on two machines never share an id: a payload from
 * another machine is reported as encrypted with an unknown key, not as a failed decryption.
 */
function devKey(devKeyFile: string): { id: string; key: Buffer } {
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
  const key = Buffer.from(readFileSync(devKeyFile, 'utf8').trim(), 'base64');
  return { id: `dev-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`, key };
}
