import type { DataConverter } from '@temporalio/common';
import { isProductionMode } from '../config/mode';
import { EncryptionCodec, type EncryptionCodecOptions } from './encryption-codec';
import { loadCodecKeys, loadSecretsKeys, type CodecKeys } from './keys';
import { SecretsCodec } from './secrets-codec';

/**
 * The one data converter of the project: client, worker, tests and the demo all use it. It seals
 * credentials with the secrets key (which the codec server lacks), then encrypts each payload. In
 * production mode (config/mode.ts) the codec refuses unencrypted payloads.
 */
export function dataConverter(
  keys: CodecKeys = loadCodecKeys(),
  options: EncryptionCodecOptions = { refusePlaintext: isProductionMode() },
  secretsKeys: CodecKeys = loadSecretsKeys(),
): DataConverter {
  return {
    // Encoded first to last, decoded last to first: sealing happens on the plaintext JSON.
    payloadCodecs: [new SecretsCodec(secretsKeys), new EncryptionCodec(keys, options)],
    failureConverterPath: require.resolve('./failure-converter'),
  };
}
