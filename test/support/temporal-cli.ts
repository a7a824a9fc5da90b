import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/** The Temporal CLI the project provides (dev/temporal-cli.sh): never a download. */
export function temporalCliPath(): string {
  const out = execFileSync('bash', [path.join(root, 'dev', 'temporal-cli.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').at(-1)!;
}
