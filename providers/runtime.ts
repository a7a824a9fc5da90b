import type { z } from 'zod';
import type { ProviderAdapter } from './adapter';
import type { ProviderProfile } from './profile';
import type { SampleFlows } from './samples';

/**
 * One provider as the worker runs it (its folder's index.ts): what the workflow knows (the
 * profile), where its API is and with which partner credential, its adapter and its samples.
 * Listed in providers/registry.ts. Its emulator (emulator.ts) is development code the sandbox
 * finds by the folder's convention (dev/sandbox/emulators.ts), so nothing shipped imports it.
 */
export interface ProviderRuntime<
  Profile extends ProviderProfile = ProviderProfile,
  Settings extends z.ZodObject = z.ZodObject,
  Samples extends SampleFlows = SampleFlows,
> {
  readonly profile: Profile;
  /** Its environment variables besides `<NAME>_BASE_URL` (partner keys, ids), with their defaults. */
  readonly settings: Settings;
  /** The partner credential's variable and its sandbox default, which production refuses with a real URL. */
  readonly partnerKey?: { variable: string; sandboxDefault: string };
  /** Settings only the sandbox honours (a scripted KYC outcome): production refuses them with a real URL. */
  readonly sandboxOnly?: readonly string[];
  /** Where the sandbox serves its API, the base URL's default under SANDBOX_URL. */
  readonly sandboxPath: string;
  createAdapter(connection: { baseURL: string; settings: z.output<Settings>; timeoutMs: number }): ProviderAdapter;
  /** Sample onboardings of each of its flows, for the demo, the bench and the tests. */
  readonly samples: Samples;
}

/** Types a provider's runtime from its profile, its settings schema and its sample flows. */
export function providerRuntime<Profile extends ProviderProfile, Settings extends z.ZodObject, Samples extends SampleFlows>(
  runtime: ProviderRuntime<Profile, Settings, Samples>,
): ProviderRuntime<Profile, Settings, Samples> {
  return runtime;
}

/** The variable that points the adapter at the real API: SOVERA_BASE_URL; unset, it is the sandbox. */
export function baseUrlVariable(provider: string): string {
  return `${provider.toUpperCase()}_BASE_URL`;
}
