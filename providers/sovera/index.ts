import { z } from 'zod';
import { providerRuntime } from '../runtime';
import { createSoveraAdapter } from './adapter';
import { createSoveraEmulator, soveraSandboxPath } from './emulator';
import { soveraProfile } from './profile';
import { soveraSamples } from './samples';

/** The sandbox's partner key: never valid at the real Sovera (config/production.ts refuses it there). */
const sandboxKey = 'sandbox-sovera-owner-key';

/** Sovera as the worker and the sandbox run it: its settings, its adapter and its emulator. */
export const sovera = providerRuntime({
  profile: soveraProfile,
  settings: z.object({ SOVERA_OWNER_KEY: z.string().min(1).default(sandboxKey) }),
  partnerKey: { variable: 'SOVERA_OWNER_KEY', sandboxDefault: sandboxKey },
  sandboxPath: soveraSandboxPath,
  createAdapter: ({ baseURL, settings, timeoutMs }) => createSoveraAdapter({ baseURL, ownerKey: settings.SOVERA_OWNER_KEY }, timeoutMs),
  samples: soveraSamples,
  createEmulator: createSoveraEmulator,
});
