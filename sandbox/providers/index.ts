import type { EmulatorContext, ProviderEmulator } from '../emulator';
import { createSoveraEmulator, type SoveraEmulatorOptions } from '../../providers/sovera/emulator';
import { createStoknEmulator, type StoknEmulatorOptions } from '../../providers/stokn/emulator';
import { createSfoxEmulator, type SfoxEmulatorOptions } from '../../providers/sfox/emulator';
import { createSumvinEmulator, type SumvinEmulatorOptions } from '../../providers/sumvin/emulator';

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
