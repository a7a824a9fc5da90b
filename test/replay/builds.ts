import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

const root = path.resolve(__dirname, '..', '..');
/** Bundles of past builds, one file per commit (a commit's code never changes, so they are kept). */
const cacheDir = path.join(root, '.data', 'replay-builds');

/**
 * The build a history ran on, from its WorkflowTaskCompleted events: the Worker Deployment
 * version's build id (workers/deployment.ts), or, for histories recorded before it, the SDK's
 * default (`@temporalio/worker@<version>+<sha256 of the bundle>`). A history written by two builds
 * (a worker swapped mid-run) has no single code to replay on: that throws.
 */
export function buildIdOf(history: temporal.api.history.v1.IHistory): string {
  const ids = new Set(
    history.events!.flatMap((e) => {
      const done = e.workflowTaskCompletedEventAttributes;
      return done ? [done.deploymentVersion?.buildId || done.workerVersion?.buildId || 'none'] : [];
    }),
  );
  if (ids.size !== 1) throw new Error(`expected one build per history, found ${[...ids].join(', ') || 'none'}`);
  return [...ids][0];
}

/**
 * The commit of a build's code. Our build ids end in the commit (`<version>+<12 hex digits>`). The
 * SDK's default names the bundle's hash, which a bundle made here cannot reproduce (its bytes
 * depend on the checkout's path), so it is the commit that recorded the history: every history
 * with one build id was recorded by one commit (checked by the replay test).
 */
export function commitOf(buildId: string, historyFile: string): string {
  const ours = /\+([0-9a-f]{12})$/.exec(buildId);
  if (ours) return git(['rev-parse', `${ours[1]}^{commit}`]);
  const added = git(['log', '--diff-filter=A', '--format=%H', '--', path.relative(root, historyFile)])
    .split('\n')
    .at(-1);
  if (!added) throw new Error(`${historyFile} is not in git history: commit it, or clone the repository with its history`);
  return added;
}

/**
 * That commit's workflows, bundled as its worker bundled them (its workflows/ and the workflow
 * interceptors it had: the run's, the activity summaries'), with today's node_modules: `git archive` of the commit (about
 * 1 MB) into .data/, bundled, cached. The SDK and zod are today's; the workflow code is the commit's.
 */
export async function bundleAt(commit: string): Promise<string> {
  const cached = path.join(cacheDir, `${commit}.js`);
  if (existsSync(cached)) return readFileSync(cached, 'utf8');
  const tree = path.join(cacheDir, commit);
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  try {
    const archive = execFileSync('git', ['archive', commit], { cwd: root, maxBuffer: 256 << 20 });
    execFileSync('tar', ['-x', '-C', tree], { input: archive });
    const interceptors = ['observability/workflow-run-interceptor.ts', 'workflows/activity-summaries.ts'].map((file) => path.join(tree, file));
    const { code } = await bundleWorkflowCode({
      workflowsPath: path.join(tree, 'workflows'),
      workflowInterceptorModules: interceptors.filter((file) => existsSync(file)),
      logger: new DefaultLogger('WARN'),
    });
    writeFileSync(cached, code);
    return code;
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
}
