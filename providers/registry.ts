import type { ProviderName } from '../domain/providers';
import type { ProviderAdapter } from './adapter';
import type { ProvidersConfig } from './config';
import { createSoveraAdapter } from './sovera/adapter';
import { createStoknAdapter } from './stokn/adapter';
import { createSfoxAdapter } from './sfox/adapter';
import { createSumvinAdapter } from './sumvin/adapter';

export type Adapters = Record<ProviderName, ProviderAdapter>;

export function createAdapters(config: ProvidersConfig): Adapters {
  return {
    sovera: createSoveraAdapter(config.sovera, config.timeoutMs),
    stokn: createStoknAdapter(config.stokn, config.timeoutMs),
    sfox: createSfoxAdapter(config.sfox, config.timeoutMs),
    sumvin: createSumvinAdapter(config.sumvin, config.timeoutMs),
  };
}
