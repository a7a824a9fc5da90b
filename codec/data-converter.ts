import type { DataConverter } from '@temporalio/common';
import { isProductionMode } from '../config/mode';
import { EncryptionCodec, type EncryptionCodecOptions } from './encryption-codec';
import { loadCodecKeys, type CodecKeys } from './keys';

/**
 * The one data converter of the project: client, worker, tests and the demo all use it. In
 * production mode (config/mode.ts) the codec refuses unencrypted payloads.
 */
export function dataConverter(
  keys: CodecKeys = loadCodecKeys(),
  options: EncryptionCodecOptions = { refusePlaintext: isProductionMode() },
): DataConverter {
  return {
    payloadCodecs: [new EncryptionCodec(keys, options)],
    failureConverterPath: require.resolve('./failure-converter'),
  };
}
