import { z } from 'zod';
import type { ProviderName } from '../domain/providers';
import { providerCallTimeoutMs } from '../domain/provider-calls';
import { providerRuntimes, type AnyRuntime } from './registry';
import { baseUrlVariable } from './runtime';

const runtimes = Object.values(providerRuntimes) as AnyRuntime[];

/**
 * Where each provider lives and the partner credentials we use: `<NAME>_BASE_URL` and each
 * provider's own settings (providers/<name>/index.ts). Every default points at the local sandbox;
 * pointing at a real provider is a matter of these variables.
 */
const common = z.object({
  SANDBOX_URL: z.url().default('http://127.0.0.1:4010'),
  // The activity timeouts are sized for calls of at most this long (domain/provider-calls.ts).
  PROVIDER_HTTP_TIMEOUT_MS: z.coerce.number().int().positive().max(providerCallTimeoutMs).default(providerCallTimeoutMs),
});
const env = common.extend({
  ...Object.fromEntries(runtimes.map((r) => [baseUrlVariable(r.profile.name), z.url().optional()])),
  ...Object.assign({}, ...runtimes.map((r) => r.settings.shape)),
});

/** One provider's connection: its base URL and its settings as its runtime parsed them. */
export interface ProviderConnection {
  baseURL: string;
  settings: Record<string, unknown>;
}

export interface ProvidersConfig {
  timeoutMs: number;
  providers: Record<ProviderName, ProviderConnection>;
}

export function providersConfigFrom(source: NodeJS.ProcessEnv = process.env): ProvidersConfig {
  const e = env.parse(source) as Record<string, unknown> & z.output<typeof common>;
  const sandbox = e.SANDBOX_URL.replace(/\/$/, '');
  const providers = Object.fromEntries(
    runtimes.map((r) => [
      r.profile.name,
      { baseURL: (e[baseUrlVariable(r.profile.name)] as string | undefined) ?? `${sandbox}${r.sandboxPath}`, settings: r.settings.parse(source) },
    ]),
  );
  return { timeoutMs: e.PROVIDER_HTTP_TIMEOUT_MS, providers: providers as ProvidersConfig['providers'] };
}
