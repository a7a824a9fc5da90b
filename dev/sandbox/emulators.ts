import { providerNames, type ProviderName } from '../../domain/providers';
import type { EmulatorContext, ProviderEmulator } from './emulator';

/** Per-provider sandbox settings (partner keys, automatic KYC decisions, lifetimes), as each emulator reads them. */
export type EmulatorOptions = { [P in ProviderName]?: Record<string, unknown> };

/** What every `providers/<name>/emulator.ts` exports. */
interface EmulatorModule {
  createEmulator(context: EmulatorContext, options?: Record<string, unknown>): ProviderEmulator;
}

/**
 * Every catalog provider's emulator, found by its folder's convention: the emulators are
 * development code, which the production image leaves out, so no shipped module imports them.
 */
export function createEmulators(context: EmulatorContext, options: EmulatorOptions): ProviderEmulator[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module per catalog name, by convention
  return providerNames.map((name) => (require(`../../providers/${name}/emulator`) as EmulatorModule).createEmulator(context, options[name]));
}
