import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkerDeploymentOptions } from '@temporalio/worker';
import { z } from 'zod';

/**
 * Worker Versioning: every worker registers a Worker Deployment version (deployment name + build
 * id). With versioning on, each onboarding is pinned to the version that started it and moves to
 * the current version at its next continue-as-new (workflows/continue-as-new.ts), so a deploy never
 * replays a parked onboarding on code that did not write its history (docs/replay-safety.md).
 */
const env = z.object({
  ONBOARDING_WORKER_VERSIONING: z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).default('false'),
  ONBOARDING_DEPLOYMENT_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, 'letters, digits, _ and - (the version is `<name>.<build id>`)')
    .default('onboarding'),
  ONBOARDING_BUILD_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.+-]{1,100}$/, 'letters, digits and _.+-')
    .optional(),
});

export interface WorkerDeployment {
  deploymentName: string;
  buildId: string;
  /** Off: the worker polls unversioned (tests on the dev server); its tasks never wait for a current version. */
  versioning: boolean;
}

/** The repository (or the image's /app): this file runs from workers/ with tsx, from dist/workers/ once built. */
const root = path.resolve(__dirname, '..', path.basename(path.resolve(__dirname, '..')) === 'dist' ? '..' : '.');
/** Where `npm run build` writes the build id, beside the compiled code: dist/build-id. */
export const buildIdFile = path.resolve(__dirname, '..', 'build-id');

/**
 * `<package version>+<git commit>` (12 hex digits). Built from a checkout with uncommitted changes,
 * the bundle's hash is added (`.dirty.<hash>`): a version names one workflow code, never two. A
 * build without git (the image: .git is not in its context) takes ONBOARDING_BUILD_COMMIT, else the
 * bundle's hash alone (`bundle.<hash>`). Undefined when there is neither a commit nor a bundle.
 */
export function buildIdOf(bundleCode?: string, source: NodeJS.ProcessEnv = process.env): string | undefined {
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const bundleHash = bundleCode === undefined ? undefined : createHash('sha256').update(bundleCode).digest('hex').slice(0, 12);
  const given = source.ONBOARDING_BUILD_COMMIT?.trim();
  if (given) return `${version}+${given.slice(0, 12)}`;
  const commit = git(['rev-parse', 'HEAD']);
  if (commit) return `${version}+${commit.slice(0, 12)}${bundleHash && git(['status', '--porcelain', '--untracked-files=no']) ? `.dirty.${bundleHash}` : ''}`;
  return bundleHash && `${version}+bundle.${bundleHash}`;
}

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The worker's version: ONBOARDING_BUILD_ID, else the build's (dist/build-id), else from git when run from source. */
export function workerDeploymentFrom(source: NodeJS.ProcessEnv = process.env): WorkerDeployment {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    throw new Error(`invalid worker deployment settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  const buildId = e.ONBOARDING_BUILD_ID ?? (existsSync(buildIdFile) ? readFileSync(buildIdFile, 'utf8').trim() : buildIdOf(undefined, source));
  if (!buildId) throw new Error('no build id: run `npm run build` (it writes dist/build-id), or set ONBOARDING_BUILD_ID');
  return { deploymentName: e.ONBOARDING_DEPLOYMENT_NAME, buildId, versioning: e.ONBOARDING_WORKER_VERSIONING === 'true' };
}

/** The SDK's options: pinned by default (every onboarding and event delivery), versioned only when on. */
export function workerDeploymentOptions(deployment: WorkerDeployment): WorkerDeploymentOptions {
  const version = { deploymentName: deployment.deploymentName, buildId: deployment.buildId };
  return deployment.versioning ? { useWorkerVersioning: true, version, defaultVersioningBehavior: 'PINNED' } : { useWorkerVersioning: false, version };
}
