/**
 * Production mode: NODE_ENV=production, or a provider base URL that is not the sandbox. In it the
 * codec refuses plaintext payloads and the processes refuse development defaults
 * (config/production.ts). No imports: the codec reads it too.
 */

export const providerUrlVariables = ['SOVERA_BASE_URL', 'STOKN_BASE_URL', 'SFOX_BASE_URL', 'SUMVIN_BASE_URL'] as const;

const defaultSandboxUrl = 'http://127.0.0.1:4010';

/** True when the URL is unset (the adapters then use the sandbox) or lies under SANDBOX_URL. */
export function pointsAtSandbox(env: NodeJS.ProcessEnv, url: string | undefined): boolean {
  if (!url?.trim()) return true;
  const sandbox = (env.SANDBOX_URL?.trim() || defaultSandboxUrl).replace(/\/+$/, '');
  return url.trim() === sandbox || url.trim().startsWith(`${sandbox}/`);
}

export function isProductionMode(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production' || providerUrlVariables.some((v) => !pointsAtSandbox(env, env[v]));
}
