import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
/** What never ships in the production image: the emulated providers, dev scripts, the bench, tests. */
const notShipped = new Set(['sandbox', 'scripts', 'bench', 'test', 'node_modules', 'dist', 'coverage']);

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name.startsWith('.') ? [] : tsFiles(file);
    return name.endsWith('.ts') ? [file] : [];
  });
}

const productionDirs = readdirSync(root).filter((name) => !name.startsWith('.') && !notShipped.has(name) && statSync(path.join(root, name)).isDirectory());
const productionFiles = productionDirs.flatMap((dir) => tsFiles(path.join(root, dir)));

/** Every module a file loads: static and dynamic imports, require and require.resolve (type-only imports excluded). */
function specifiers(source: string): string[] {
  const code = source.replace(/^import type [^;]+;$/gm, '');
  return [...code.matchAll(/(?:from |import |import\(|require\(|require\.resolve\()'([^']+)'/g)].map((m) => m[1]);
}

const packageName = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

/** The production image installs `dependencies` only (npm ci --omit=dev) and holds no sandbox. */
describe('production code needs only production dependencies', () => {
  const { dependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

  test('it has files to check', () => {
    expect(productionDirs).toEqual(expect.arrayContaining(['workers', 'workflows', 'activities', 'providers', 'setup']));
    expect(productionFiles.length).toBeGreaterThan(30);
  });

  test.each(productionFiles.map((f) => [path.relative(root, f)]))('%s', (file) => {
    const problems: string[] = [];
    for (const spec of specifiers(readFileSync(path.join(root, file), 'utf8'))) {
      if (spec.startsWith('.')) {
        const target = path.relative(root, path.resolve(root, path.dirname(file), spec)).split(path.sep)[0];
        if (notShipped.has(target)) problems.push(`${spec} (not in the image)`);
      } else if (!builtins.has(spec) && !(packageName(spec) in dependencies)) {
        problems.push(`${spec} (not a production dependency)`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('nothing runs through tsx in production: it is a development dependency', () => {
    expect(dependencies.tsx).toBeUndefined();
  });
});
