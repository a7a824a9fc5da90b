import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { z } from 'zod';

/**
 * Where the Temporal server is, how to reach it securely, and which task queue the onboarding
 * uses. The connection variables are Temporal's own (its "environment configuration", also read
 * by the `temporal` CLI), so one set of variables serves the worker, the client, our CLI and
 * Temporal's: mTLS for a self-hosted cluster or Temporal Cloud, or an API key for Temporal Cloud.
 */
const env = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  ONBOARDING_TASK_QUEUE: z.string().min(1).default('onboarding'),
  /** Temporal Cloud API key; turns TLS on unless TEMPORAL_TLS=false. */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).optional(),
  TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CLIENT_CERT_DATA: z.string().min(1).optional(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CLIENT_KEY_DATA: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
});

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** Absent: plaintext (a local dev server). `{}`: TLS trusting the system's CAs (Temporal Cloud with an API key). */
  tls?: TLSConfig;
  apiKey?: string;
}

/** A PEM given inline (…_DATA) or as a file (…_PATH), never both; the error names the variable, never the content. */
function pem(e: Record<string, string | undefined>, name: string): Buffer | undefined {
  const data = e[`${name}_DATA`];
  const file = e[`${name}_PATH`];
  if (data && file) throw new Error(`set ${name}_DATA or ${name}_PATH, not both`);
  if (data) return Buffer.from(data);
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`${name}_PATH: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function tlsFrom(e: z.output<typeof env>): TLSConfig | undefined {
  const crt = pem(e, 'TEMPORAL_TLS_CLIENT_CERT');
  const key = pem(e, 'TEMPORAL_TLS_CLIENT_KEY');
  const ca = pem(e, 'TEMPORAL_TLS_SERVER_CA_CERT');
  if (!crt !== !key) throw new Error('TEMPORAL_TLS_CLIENT_CERT_* and TEMPORAL_TLS_CLIENT_KEY_* go together (mTLS needs both)');
  const anyTls = Boolean(crt || ca || e.TEMPORAL_TLS_SERVER_NAME);
  if (e.TEMPORAL_TLS === 'false') {
    if (anyTls) throw new Error('TEMPORAL_TLS=false contradicts the TEMPORAL_TLS_* certificate settings');
    return undefined;
  }
  if (e.TEMPORAL_TLS !== 'true' && !anyTls && !e.TEMPORAL_API_KEY) return undefined;
  return {
    ...(e.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: e.TEMPORAL_TLS_SERVER_NAME } : {}),
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
  };
}

export function temporalConfigFrom(source: NodeJS.ProcessEnv = process.env): TemporalConfig {
  const e = env.parse(source);
  const tls = tlsFrom(e);
  return {
    address: e.TEMPORAL_ADDRESS,
    namespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.ONBOARDING_TASK_QUEUE,
    ...(tls ? { tls } : {}),
    ...(e.TEMPORAL_API_KEY ? { apiKey: e.TEMPORAL_API_KEY } : {}),
  };
}

/**
 * The options of a connection to Temporal, for the client's `Connection.connect` and the worker's
 * `NativeConnection.connect` alike (their address, TLS and API-key options have the same shape).
 */
export function temporalConnectionOptions(config: TemporalConfig): { address: string; tls?: TLSConfig; apiKey?: string } {
  return {
    address: config.address,
    ...(config.tls ? { tls: config.tls } : {}),
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
  };
}
