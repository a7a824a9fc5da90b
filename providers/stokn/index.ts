import { z } from 'zod';
import { providerRuntime } from '../runtime';
import { createStoknAdapter } from './adapter';
import { stoknProfile } from './profile';
import { stoknSamples } from './samples';

/** The sandbox's partner key: never valid at the real Stokn (config/production.ts refuses it there). */
const sandboxKey = 'sandbox-stokn-client-token';

/** Stokn as the worker runs it: its settings, its adapter and its samples; the sandbox finds its emulator in emulator.ts. */
export const stokn = providerRuntime({
  profile: stoknProfile,
  settings: z.object({ STOKN_CLIENT_TOKEN: z.string().min(1).default(sandboxKey) }),
  partnerKey: { variable: 'STOKN_CLIENT_TOKEN', sandboxDefault: sandboxKey },
  sandboxPath: '/stokn',
  createAdapter: ({ baseURL, settings, timeoutMs }) => createStoknAdapter({ baseURL, clientToken: settings.STOKN_CLIENT_TOKEN }, timeoutMs),
  samples: stoknSamples,
});
