import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec';
import { loadCodecKeys, type CodecKeys } from './keys';

/** The one data converter of the project: client, worker, tests and the demo all use it. */
export function dataConverter(keys: CodecKeys = loadCodecKeys()): DataConverter {
  return {
    payloadCodecs: [new EncryptionCodec(keys)],
    failureConverterPath: require.resolve('./failure-converter'),
  };
}
