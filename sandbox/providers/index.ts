import type { EmulatorContext, ProviderEmulator } from '../emulator';
import { createSoveraEmulator, type SoveraEmulatorOptions } from './sovera';
import { createStoknEmulator, type StoknEmulatorOptions } from '../../providers/stokn/emulator';
import { createSfoxEmulator, type SfoxEmulatorOptions } from './sfox';
import { createSumvinEmulator, type SumvinEmulatorOptions } from './sumvin';

/** Per-provider sandbox settings (partner keys, automatic KYC decisions, token lifetimes). */
export interface EmulatorOptions {
  sovera?: SoveraEmulatorOptions;
  stokn?: StoknEmulatorOptions;
  sfox?: SfoxEmulatorOptions;
  sumvin?: SumvinEmulatorOptions;
}

export function createEmulators(context: EmulatorContext, options: EmulatorOptions): ProviderEmulator[] {
  return [
    createSoveraEmulator(context, options.sovera),
    createStoknEmulator(context, options.stokn),
    createSfoxEmulator(context, options.sfox),
    createSumvinEmulator(context, options.sumvin),
  ];
}
