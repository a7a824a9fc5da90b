import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { dataConverter } from '../../codec/data-converter';
import { devServerDynamicConfig, type DynamicConfig } from '../../config/dev-server';
import { startDevServer } from '../../dev/dev-server';
import { freePort } from '../../dev/port-check';

/** A test file's own Temporal: the dev server we ship (dev/dev-server.ts), a client and a worker connection to it. */
export interface TemporalEnv {
  address: string;
  namespace: string;
  client: Client;
  nativeConnection: NativeConnection;
  /** The server's log, named in a failure. */
  logFile: string;
  teardown(): Promise<void>;
}

export async function startTemporalEnv(options: { dynamicConfig?: DynamicConfig; dbFile?: string } = {}): Promise<TemporalEnv> {
  const server = await startDevServer({
    port: await freePort(),
    dbFile: options.dbFile,
    dynamicConfig: { ...devServerDynamicConfig, ...options.dynamicConfig },
  });
  const connection = await Connection.connect({ address: server.address });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  return {
    address: server.address,
    namespace: server.namespace,
    client: new Client({ connection, namespace: server.namespace, dataConverter: dataConverter() }),
    nativeConnection,
    logFile: server.logFile,
    async teardown() {
      await Promise.allSettled([connection.close(), nativeConnection.close()]);
      await server.stop();
    },
  };
}
