import path from 'node:path';
import { Connection } from '@temporalio/client';
import { devServerDynamicConfig } from '../../config/dev-server';
import { removeDevDatabase, startDevServer, temporalVersions } from '../dev-server';
import { onboardingSearchAttributes } from '../../workflows/search-attributes';
import { freePort } from '../port-check';

/** The Temporal server a bench run measures. */
export interface BenchServer {
  address: string;
  namespace: string;
  /** What the report says about it ("dev server (SQLite file), project dynamic config"). */
  description: string;
  /** The server's process, when the bench started it. */
  pid?: number;
  stop(): Promise<void>;
}

export type ServerChoice =
  | { kind: 'dev'; db: 'file' | 'memory'; dynamicConfig: 'project' | 'stock'; extraDynamicConfig: Record<string, number | boolean | string> }
  | { kind: 'external'; address: string; namespace: string; label: string };

const dataDir = path.resolve(__dirname, '..', '..', '.data', 'bench');

/**
 * `dev`: the project's dev server (dev/dev-server.ts) on free ports, a fresh database, removed
 * afterwards. `external`: a server someone else runs (the PostgreSQL stack), with our search
 * attributes registered.
 */
export async function benchServer(choice: ServerChoice): Promise<BenchServer> {
  if (choice.kind === 'external') {
    await checkSearchAttributes(choice.address, choice.namespace);
    return { address: choice.address, namespace: choice.namespace, description: `${choice.label} at ${choice.address}`, async stop() {} };
  }
  const dbFile = choice.db === 'file' ? path.join(dataDir, `dev-${process.pid}-${Date.now()}.db`) : undefined;
  const server = await startDevServer({
    port: await freePort(),
    dbFile,
    dynamicConfig: { ...(choice.dynamicConfig === 'project' ? devServerDynamicConfig : {}), ...choice.extraDynamicConfig },
  });
  const extra = Object.keys(choice.extraDynamicConfig).length > 0 ? ` + ${JSON.stringify(choice.extraDynamicConfig)}` : '';
  return {
    address: server.address,
    namespace: 'default',
    pid: server.pid,
    description: `dev server (Temporal ${temporalVersions().TEMPORAL_SERVER_VERSION}, SQLite ${choice.db}), ${choice.dynamicConfig === 'project' ? 'the project' : 'stock'} dynamic config${extra}`,
    async stop() {
      await server.stop();
      if (dbFile) removeDevDatabase(dbFile);
    },
  };
}

async function checkSearchAttributes(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 5_000 });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = onboardingSearchAttributes.map((k) => k.name).filter((name) => !(name in (customAttributes ?? {})));
    if (missing.length > 0) throw new Error(`the server at ${address} lacks the search attributes ${missing.join(', ')}: register them first`);
  } finally {
    await connection.close();
  }
}
