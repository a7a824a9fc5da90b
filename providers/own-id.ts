import { ApplicationFailure } from '@temporalio/common';
import { failureDetails, isFailure } from './failures';

/**
 * Creating under an id we chose (Sovera's and sFOX's `user_id`: our uuid v4 `userKey`). When the
 * provider refuses the create with one of `statuses`, an object under our id can only be the one
 * an earlier attempt of ours made before its answer was lost, whatever the attempt number: it is
 * read back by that id. When there is none, the refusal stands (an email used by someone else,
 * invalid data).
 */
export async function createUnderOwnId<R>(create: () => Promise<R>, readOwn: () => Promise<R>, statuses: readonly number[]): Promise<R> {
  try {
    return await create();
  } catch (err) {
    const status = err instanceof ApplicationFailure && err.nonRetryable ? failureDetails(err)?.status : undefined;
    if (status === undefined || !statuses.includes(status)) throw err;
    const own = await unlessNotFound(readOwn);
    if (own !== undefined) return own;
    throw err;
  }
}

/** Reads something that may not exist: undefined on ProviderNotFound. */
export async function unlessNotFound<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (isFailure(err, 'ProviderNotFound')) return undefined;
    throw err;
  }
}
