import { z } from 'zod';
import { providerRuntime } from '../runtime';
import { createSumvinAdapter } from './adapter';
import { sumvinProfile } from './profile';
import { sumvinSamples } from './samples';

/** Sumvin as the worker runs it: its settings, its adapter and its samples; the sandbox finds its emulator in emulator.ts. */
export const sumvin = providerRuntime({
  profile: sumvinProfile,
  settings: z.object({ SUMVIN_ORG_ID: z.string().min(1).optional() }),
  sandboxPath: '/sumvin',
  createAdapter: ({ baseURL, settings, timeoutMs }) => createSumvinAdapter({ baseURL, orgId: settings.SUMVIN_ORG_ID }, timeoutMs),
  samples: sumvinSamples,
});
