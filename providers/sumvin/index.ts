import { z } from 'zod';
import { providerRuntime } from '../runtime';
import { createSumvinAdapter } from './adapter';
import { createSumvinEmulator, sumvinSandboxPath } from './emulator';
import { sumvinProfile } from './profile';
import { sumvinSamples } from './samples';

/** Sumvin as the worker and the sandbox run it: its settings, its adapter and its emulator. */
export const sumvin = providerRuntime({
  profile: sumvinProfile,
  settings: z.object({ SUMVIN_ORG_ID: z.string().min(1).optional() }),
  sandboxPath: sumvinSandboxPath,
  createAdapter: ({ baseURL, settings, timeoutMs }) => createSumvinAdapter({ baseURL, orgId: settings.SUMVIN_ORG_ID }, timeoutMs),
  samples: sumvinSamples,
  createEmulator: createSumvinEmulator,
});
