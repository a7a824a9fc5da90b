import { loadCodecKeys, loadSecretsKeys } from '../codec/keys';
import { providerRuntimes, type AnyRuntime } from '../providers/registry';
import { baseUrlVariable } from '../providers/runtime';
import { isProductionMode, pointsAtSandbox } from './mode';

export { isProductionMode } from './mode';

/**
 * Fail closed: a process that talks to real providers, or runs with NODE_ENV=production, refuses
 * to start while a development default is left in place. The worker checks everything; what only
 * reads and sends payloads (the client's `connect`, so the CLI and the API; the codec server)
 * checks the codec keys (`scope: 'payloads'`).
 */

export type ProductionScope = 'worker' | 'payloads';

/** Each provider's base URL variable and the partner key that goes with it (Sumvin has none). */
const providers = (Object.values(providerRuntimes) as AnyRuntime[]).map((r) => ({
  url: baseUrlVariable(r.profile.name),
  key: r.partnerKey,
  sandboxOnly: r.sandboxOnly ?? [],
}));

/**
 * What keeps this environment from running in production, one line per problem, naming variables
 * only (never a value). Empty outside production mode.
 * - ONBOARDING_CODEC_KEYS must be set (the development key in .data/ is refused), and valid;
 * - for a worker, ONBOARDING_SECRETS_KEYS too (the client's data converter checks its own; the
 *   codec server, scope "payloads", must not hold it);
 * - a provider reached at a real URL needs its own partner key, not the sandbox's default, and
 *   none of its sandbox-only settings;
 * - with NODE_ENV=production every provider needs a real URL: none may fall back to the sandbox,
 *   unless ONBOARDING_ALLOW_SANDBOX=true says so (the compose file's "sandbox" profile, to try the
 *   production image without real providers).
 */
export function productionProblems(env: NodeJS.ProcessEnv = process.env, scope: ProductionScope = 'worker'): string[] {
  if (!isProductionMode(env)) return [];
  const problems: string[] = [];
  if (!env.ONBOARDING_CODEC_KEYS?.trim()) {
    problems.push('ONBOARDING_CODEC_KEYS is not set: payloads would be encrypted with a development key');
  } else {
    try {
      loadCodecKeys(env);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (scope === 'payloads') return problems;
  try {
    loadSecretsKeys(env);
  } catch (err) {
    problems.push((err as Error).message);
  }
  const sandboxAllowed = env.ONBOARDING_ALLOW_SANDBOX === 'true';
  for (const p of providers) {
    const real = !pointsAtSandbox(env, env[p.url]);
    if (!real && env.NODE_ENV === 'production' && !sandboxAllowed) problems.push(`${p.url} is not set: in production no provider may fall back to the sandbox`);
    if (real && p.key) {
      const key = env[p.key.variable]?.trim();
      if (!key) problems.push(`${p.key.variable} is not set while ${p.url} points at a real provider`);
      else if (key === p.key.sandboxDefault) problems.push(`${p.key.variable} is the sandbox's default while ${p.url} points at a real provider`);
    }
    for (const variable of real ? p.sandboxOnly : []) {
      if (env[variable]?.trim()) problems.push(`${variable} is for the sandbox only, and ${p.url} points at a real provider`);
    }
  }
  return problems;
}

export class NotProductionReady extends Error {
  constructor(readonly problems: string[]) {
    super(`refusing to start in production mode:\n- ${problems.join('\n- ')}`);
  }
}

/** Throws NotProductionReady, listing every problem, when production mode finds a development default. */
export function assertProductionReady(env: NodeJS.ProcessEnv = process.env, scope: ProductionScope = 'worker'): void {
  const problems = productionProblems(env, scope);
  if (problems.length > 0) throw new NotProductionReady(problems);
}
