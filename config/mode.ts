/**
 * The mode is said, not guessed: ONBOARDING_MODE=production or development. Production mode is
 * also NODE_ENV=production, or a provider base URL that is not the sandbox. In it the codec
 * refuses plaintext payloads and the processes refuse development defaults (config/production.ts).
 * This machine's development key is used only with ONBOARDING_MODE=development: a process started
 * with neither keys nor a mode (an API without NODE_ENV beside a production worker) stops at once
 * instead of encrypting with a key no other process has. The codec reads it too: it imports only
 * pure modules (the providers' names).
 */

import { providerNames } from '../domain/providers';
import { baseUrlVariable } from '../providers/runtime';

const providerUrlVariables = providerNames.map(baseUrlVariable);

const defaultSandboxUrl = 'http://127.0.0.1:4010';

/** True when the URL is unset (the adapters then use the sandbox) or lies under SANDBOX_URL. */
export function pointsAtSandbox(env: NodeJS.ProcessEnv, url: string | undefined): boolean {
  if (!url?.trim()) return true;
  const sandbox = (env.SANDBOX_URL?.trim() || defaultSandboxUrl).replace(/\/+$/, '');
  return url.trim() === sandbox || url.trim().startsWith(`${sandbox}/`);
}

const modes = ['production', 'development'] as const;

/** ONBOARDING_MODE as set (undefined when unset); any other value stops the process, naming the variable. */
export function declaredMode(env: NodeJS.ProcessEnv = process.env): (typeof modes)[number] | undefined {
  const mode = env.ONBOARDING_MODE?.trim();
  if (!mode) return undefined;
  if (!modes.includes(mode as never)) throw new Error(`ONBOARDING_MODE must be "production" or "development" (it is "${mode.slice(0, 20)}")`);
  return mode as (typeof modes)[number];
}

export function isProductionMode(env: NodeJS.ProcessEnv = process.env): boolean {
  return declaredMode(env) === 'production' || env.NODE_ENV === 'production' || providerUrlVariables.some((v) => !pointsAtSandbox(env, env[v]));
}
