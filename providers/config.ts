import { z } from 'zod';
import { providerCallTimeoutMs } from '../domain/provider-calls';

/** The partner credentials' defaults: the sandbox's, never valid at a real provider (config/production.ts refuses them there). */
export const sandboxPartnerKeys = {
  SOVERA_OWNER_KEY: 'sandbox-sovera-owner-key',
  STOKN_CLIENT_TOKEN: 'sandbox-stokn-client-token',
  SFOX_ENTERPRISE_KEY: 'sandbox-sfox-enterprise-key',
} as const;

/**
 * Where each provider lives and the partner credentials we use. Every default points at the
 * local sandbox; pointing at a real provider is a matter of these variables.
 */
const env = z.object({
  SANDBOX_URL: z.url().default('http://127.0.0.1:4010'),
  SOVERA_BASE_URL: z.url().optional(),
  SOVERA_OWNER_KEY: z.string().min(1).default(sandboxPartnerKeys.SOVERA_OWNER_KEY),
  STOKN_BASE_URL: z.url().optional(),
  STOKN_CLIENT_TOKEN: z.string().min(1).default(sandboxPartnerKeys.STOKN_CLIENT_TOKEN),
  SFOX_BASE_URL: z.url().optional(),
  SFOX_ENTERPRISE_KEY: z.string().min(1).default(sandboxPartnerKeys.SFOX_ENTERPRISE_KEY),
  SUMVIN_BASE_URL: z.url().optional(),
  SUMVIN_ORG_ID: z.string().min(1).optional(),
  // The activity timeouts are sized for calls of at most this long (domain/provider-calls.ts).
  PROVIDER_HTTP_TIMEOUT_MS: z.coerce.number().int().positive().max(providerCallTimeoutMs).default(providerCallTimeoutMs),
});

export interface ProvidersConfig {
  timeoutMs: number;
  sovera: { baseURL: string; ownerKey: string };
  stokn: { baseURL: string; clientToken: string };
  sfox: { baseURL: string; enterpriseKey: string };
  sumvin: { baseURL: string; orgId?: string };
}

export function providersConfigFrom(source: NodeJS.ProcessEnv = process.env): ProvidersConfig {
  const e = env.parse(source);
  const sandbox = e.SANDBOX_URL.replace(/\/$/, '');
  return {
    timeoutMs: e.PROVIDER_HTTP_TIMEOUT_MS,
    sovera: { baseURL: e.SOVERA_BASE_URL ?? `${sandbox}/sovera/sovx/v1`, ownerKey: e.SOVERA_OWNER_KEY },
    stokn: { baseURL: e.STOKN_BASE_URL ?? `${sandbox}/stokn`, clientToken: e.STOKN_CLIENT_TOKEN },
    sfox: { baseURL: e.SFOX_BASE_URL ?? `${sandbox}/sfox`, enterpriseKey: e.SFOX_ENTERPRISE_KEY },
    sumvin: { baseURL: e.SUMVIN_BASE_URL ?? `${sandbox}/sumvin`, orgId: e.SUMVIN_ORG_ID },
  };
}
