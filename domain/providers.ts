import { providerProfiles } from '../providers/catalog';
import type { Capabilities } from '../providers/profile';

export type { Capabilities, OtpChannel } from '../providers/profile';

/**
 * What the workflow knows of a provider, from the catalog: its name and capabilities, never URLs
 * or field names. Pure data, safe to import from workflow code.
 */
type Profiles = typeof providerProfiles;
export type ProviderProfileOf<P extends ProviderName> = Extract<Profiles[number], { name: P }>;
export type ProviderName = Profiles[number]['name'];

/** A tuple's element names (a mapped type over a type parameter keeps the tuple). */
type NamesOf<T extends readonly { name: string }[]> = { readonly [K in keyof T]: T[K]['name'] };

/** The names, in the catalog's order (a tuple, as z.enum wants it). */
export const providerNames = providerProfiles.map((p) => p.name) as unknown as NamesOf<Profiles>;

const byName = new Map<string, Profiles[number]>(providerProfiles.map((p) => [p.name, p]));

/** The catalog's entry for a provider name. */
export function profileOf<P extends ProviderName>(name: P): ProviderProfileOf<P> {
  return byName.get(name) as ProviderProfileOf<P>;
}

/** Capabilities for one onboarding: its provider's, for its input. */
export function capabilitiesOf<T extends { provider: ProviderName }>(input: T): Capabilities {
  return (profileOf(input.provider).capabilities as (input: unknown) => Capabilities)(input);
}
