import type { ProviderName } from '../domain/providers';
import type { ProviderAdapter } from './adapter';
import type { ProvidersConfig } from './config';
import type { z } from 'zod';
import type { ProviderProfile } from './profile';
import type { ProviderRuntime } from './runtime';
import type { SampleFlows } from './samples';
import { sovera } from './sovera';
import { stokn } from './stokn';
import { sfox } from './sfox';
import { sumvin } from './sumvin';
import { cybrid } from './cybrid';

/**
 * Each provider of the catalog (providers/catalog.ts) as the worker and the sandbox run it. The
 * type asks for every name of the catalog, so a provider added there is added here too.
 */
export const providerRuntimes = { sovera, stokn, sfox, sumvin, cybrid } satisfies { [P in ProviderName]: { profile: { name: P } } };

export type Adapters = Record<ProviderName, ProviderAdapter>;

type Runtimes = typeof providerRuntimes;
/** Every provider's sample flows by name ("stokn", "sfox-corporation"). */
export type SampleFlowName = { [P in ProviderName]: keyof Runtimes[P]['samples'] & string }[ProviderName];

/** Each sample flow, with the provider it belongs to. */
export const sampleFlows = Object.fromEntries(
  (Object.values(providerRuntimes) as AnyRuntime[]).flatMap((r) =>
    Object.entries(r.samples).map(([flow, build]) => [flow, { provider: r.profile.name as ProviderName, build }]),
  ),
) as Record<SampleFlowName, { provider: ProviderName; build: SampleFlows[string] }>;

export function createAdapters(config: ProvidersConfig): Adapters {
  return Object.fromEntries(
    Object.entries(config.providers).map(([name, connection]) => [
      name,
      (providerRuntimes[name as ProviderName] as AnyRuntime).createAdapter({ ...connection, timeoutMs: config.timeoutMs }),
    ]),
  ) as Adapters;
}

/** A runtime whatever its settings: what generic code (the config, the sandbox) handles. */
export type AnyRuntime = ProviderRuntime<ProviderProfile, z.ZodObject>;
