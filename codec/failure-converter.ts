import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces move into an encoded payload, so the codec encrypts them too
 * (a provider's message may name a field of a person). Loaded by path: workflows run in a sandbox.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
