import { z } from 'zod';
import { providerRuntime } from '../runtime';
import { createSfoxAdapter } from './adapter';
import { sfoxProfile } from './profile';
import { sfoxSamples } from './samples';

/** The sandbox's partner key: never valid at the real sFOX (config/production.ts refuses it there). */
const sandboxKey = 'sandbox-sfox-enterprise-key';

/** sFOX as the worker runs it: its settings, its adapter and its samples; the sandbox finds its emulator in emulator.ts. */
export const sfox = providerRuntime({
  profile: sfoxProfile,
  settings: z.object({ SFOX_ENTERPRISE_KEY: z.string().min(1).default(sandboxKey) }),
  partnerKey: { variable: 'SFOX_ENTERPRISE_KEY', sandboxDefault: sandboxKey },
  sandboxPath: '/sfox',
  createAdapter: ({ baseURL, settings, timeoutMs }) => createSfoxAdapter({ baseURL, enterpriseKey: settings.SFOX_ENTERPRISE_KEY }, timeoutMs),
  samples: sfoxSamples,
});
