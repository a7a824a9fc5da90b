import { z } from 'zod';
import { providerRuntime } from '../runtime';
import { createSoveraAdapter } from './adapter';
import { soveraProfile } from './profile';
import { soveraSamples } from './samples';

/** The sandbox's partner key: never valid at the real Sovera (config/production.ts refuses it there). */
const sandboxKey = 'sandbox-sovera-owner-key';

/** Sovera as the worker runs it: its settings, its adapter and its samples; the sandbox finds its emulator in emulator.ts. */
export const sovera = providerRuntime({
  profile: soveraProfile,
  settings: z.object({ SOVERA_OWNER_KEY: z.string().min(1).default(sandboxKey) }),
  partnerKey: { variable: 'SOVERA_OWNER_KEY', sandboxDefault: sandboxKey },
  sandboxPath: '/sovera/sovx/v1',
  createAdapter: ({ baseURL, settings, timeoutMs }) => createSoveraAdapter({ baseURL, ownerKey: settings.SOVERA_OWNER_KEY }, timeoutMs),
  samples: soveraSamples,
});
