import { rmSync, writeFileSync } from 'node:fs';
import { apiRoles, type ApiRole } from '../domain/actor';

/**
 * What a `--keep` demo leaves for a shell: `source .data/demo.env` gives the API's URL, the
 * sandbox's, and this run's key of every role (BACKEND_KEY, SUPPORT_KEY, …), with the CLI's
 * ONBOARDING_API_KEY set to the backend's. The keys die with the run; the file is removed when
 * the demo stops, and only its owner may read it meanwhile.
 */
export function writeDemoEnv(file: string, run: { apiUrl: string; sandboxUrl: string; keys: Record<ApiRole, { key: string }> }): () => void {
  const lines = [
    '# written by `npm run demo -- --keep` for this run only; removed when it stops',
    `export ONBOARDING_API_URL=${run.apiUrl}`,
    `export SANDBOX_URL=${run.sandboxUrl}`,
    ...apiRoles.map((role) => `export ${role.toUpperCase()}_KEY=${run.keys[role].key}`),
    'export ONBOARDING_API_KEY=$BACKEND_KEY',
  ];
  writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
  return () => rmSync(file, { force: true });
}
