import { setTimeout as sleep } from 'node:timers/promises';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { NativeConnection } from '@temporalio/worker';

const { IndexedValueType } = temporal.api.enums.v1;
const indexedTypes: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Text: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Double: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

type Services = Pick<NativeConnection, 'workflowService' | 'operatorService'>;

/** gRPC status codes the server answers with. */
const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

/** Registers the namespace unless it exists. Answers whether it had to. */
export async function ensureNamespace(connection: Services, namespace: string, retentionDays: number): Promise<boolean> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return false;
  } catch (err) {
    if ((err as { code?: number }).code !== NOT_FOUND) throw err;
  }
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`) });
  } catch (err) {
    if ((err as { code?: number }).code !== ALREADY_EXISTS) throw err; // a concurrent setup won
  }
  return true;
}

/**
 * Adds the search attributes that are missing (name → type, as in workflows/search-attributes.ts);
 * one that exists with another type is an error to fix by hand, never silently kept. Answers the
 * names it added.
 */
export async function ensureSearchAttributes(connection: Services, namespace: string, wanted: Record<string, string>): Promise<string[]> {
  const existing = (await listOnceKnown(connection, namespace)).customAttributes ?? {};
  const missing: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const [name, type] of Object.entries(wanted)) {
    const indexed = indexedTypes[type];
    if (indexed === undefined) throw new Error(`search attribute ${name}: unknown type ${type}`);
    if (existing[name] === undefined) missing[name] = indexed;
    else if (existing[name] !== indexed) throw new Error(`search attribute ${name} exists in ${namespace} with another type than ${type}`);
  }
  if (Object.keys(missing).length === 0) return [];
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  const after = (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  const absent = Object.keys(missing).filter((name) => after[name] === undefined);
  if (absent.length > 0) throw new Error(`search attributes not registered in ${namespace}: ${absent.join(', ')}`);
  return Object.keys(missing);
}

/**
 * A namespace just registered is unknown to the server's other services until their namespace
 * cache refreshes (up to ~10 s): until then they answer NOT_FOUND, so wait for it, up to a minute.
 */
async function listOnceKnown(connection: Services, namespace: string) {
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      return await connection.operatorService.listSearchAttributes({ namespace });
    } catch (err) {
      if ((err as { code?: number }).code !== NOT_FOUND || Date.now() > until) throw err;
      await sleep(1_000);
    }
  }
}
