import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { load } from 'js-yaml';

export const root = path.resolve(__dirname, '..', '..');

export interface ComposeService {
  image?: string;
  build?: { context: string; target?: string; args?: Record<string, string> };
  entrypoint?: string[];
  command?: string[];
  environment?: Record<string, string | null>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  restart?: string;
  profiles?: string[];
  init?: boolean;
  deploy?: { replicas?: number };
}

/**
 * docker-compose.yml as Docker would run it (`docker-compose config`: merged, interpolated with the
 * defaults users get, paths made absolute); test/compose/ starts it for real.
 */
export function composeConfig(overrides: string[] = []): { services: Record<string, ComposeService> } {
  const files = ['docker-compose.yml', ...overrides].flatMap((file) => ['-f', path.join(root, file)]);
  const out = execFileSync('docker-compose', [...files, '--profile', 'sandbox', 'config'], {
    encoding: 'utf8',
    env: {
      ...process.env,
      ONBOARDING_CODEC_KEYS: `ci:${Buffer.alloc(32, 1).toString('base64')}`,
      ONBOARDING_SECRETS_KEYS: `ci:${Buffer.alloc(32, 2).toString('base64')}`,
      POSTGRES_PASSWORD: 'ci-password',
      ONBOARDING_API_KEYS: `ci:operator:${'0'.repeat(64)}`,
    },
  });
  return load(out) as { services: Record<string, ComposeService> };
}
