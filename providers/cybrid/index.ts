import { z } from 'zod';
import { providerRuntime } from '../runtime';
import { createCybridAdapter } from './adapter';
import { cybridProfile } from './profile';
import { cybridSamples } from './samples';
import { sandboxKycBehaviours } from './schemas';

/** Cybrid as the worker runs it: its settings, its adapter and its samples; the sandbox finds its emulator in emulator.ts. */
/** The sandbox's client credentials: never valid at the real Cybrid (config/production.ts refuses the secret there). */
export const cybridSandboxClient = { clientId: 'sandbox-cybrid-client-id', clientSecret: 'sandbox-cybrid-client-secret' };

export const cybrid = providerRuntime({
  profile: cybridProfile,
  settings: z.object({
    CYBRID_CLIENT_ID: z.string().min(1).default(cybridSandboxClient.clientId),
    CYBRID_CLIENT_SECRET: z.string().min(1).default(cybridSandboxClient.clientSecret),
    /** Cybrid's identity provider (https://id.sandbox.cybrid.app); unset, the Bank API's base URL (the sandbox serves both). */
    CYBRID_IDP_URL: z.url().optional(),
    /** Sandbox only: Cybrid's `expected_behaviours` for every KYC (passed_immediately, failed_immediately). */
    CYBRID_KYC_EXPECTED_BEHAVIOUR: z.enum(sandboxKycBehaviours).optional(),
  }),
  partnerKey: { variable: 'CYBRID_CLIENT_SECRET', sandboxDefault: cybridSandboxClient.clientSecret },
  sandboxOnly: ['CYBRID_KYC_EXPECTED_BEHAVIOUR'],
  sandboxPath: '/cybrid',
  createAdapter: ({ baseURL, settings, timeoutMs }) =>
    createCybridAdapter(
      {
        baseURL,
        idpURL: settings.CYBRID_IDP_URL ?? baseURL,
        clientId: settings.CYBRID_CLIENT_ID,
        clientSecret: settings.CYBRID_CLIENT_SECRET,
        expectedBehaviour: settings.CYBRID_KYC_EXPECTED_BEHAVIOUR,
      },
      timeoutMs,
    ),
  samples: cybridSamples,
});
