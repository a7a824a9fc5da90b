import type { ProviderName } from '../domain/providers';
import { providerRuntimes, type AnyRuntime } from '../providers/registry';
import type { EmulatorContext, ProviderEmulator } from './emulator';

/** Per-provider sandbox settings (partner keys, automatic KYC decisions, token lifetimes), as each emulator takes them. */
export type EmulatorOptions = { [P in ProviderName]?: Parameters<(typeof providerRuntimes)[P]['createEmulator']>[1] };

/** Every provider's emulator, from the registry. */
export function createEmulators(context: EmulatorContext, options: EmulatorOptions): ProviderEmulator[] {
  return (Object.values(providerRuntimes) as AnyRuntime[]).map((r) => r.createEmulator(context, options[r.profile.name as ProviderName]));
}
