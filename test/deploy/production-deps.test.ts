import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '..', '..');
/** What never ships in the production image: the emulated providers, dev scripts, the bench, tests. */
const notShipped = new Set(['dev', 'test', 'node_modules', 'dist', 'coverage']);

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name.startsWith('.') ? [] : tsFiles(file);
    return name.endsWith('.ts') ? [file] : [];
  });
}

/** Files the build or the image leaves out of shipped folders: tests (tsconfig.build.json) and the providers' emulators (Dockerfile). */
const notShippedFile = (file: string) => file.endsWith('.test.ts') || file === 'cmd/sandbox.ts' || /^providers\/[^/]+\/emulator\.ts$/.test(file);

const productionDirs = readdirSync(root).filter((name) => !name.startsWith('.') && !notShipped.has(name) && statSync(path.join(root, name)).isDirectory());
const productionFiles = productionDirs.flatMap((dir) => tsFiles(path.join(root, dir))).filter((file) => !notShippedFile(path.relative(root, file)));

/**
 * Every module a file loads at run time, read with the TypeScript compiler: imports and exports
 * from a module (not `import type`, not an import whose every name is a type), `import()`,
 * `require()` and `require.resolve()`, whatever the quotes.
 */
function specifiers(file: string, source: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && !typeOnlyImport(node)) found.push(node.moduleSpecifier.text);
    if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly)
      found.push(node.moduleSpecifier.text);
    if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      const loads =
        callee.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(callee) && callee.text === 'require') ||
        (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'require' && callee.name.text === 'resolve');
      if (loads) found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true));
  return found;
}

function typeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // a side-effect import loads the module
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return !clause.name && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

const packageName = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/** The production image installs `dependencies` only (npm ci --omit=dev) and holds no sandbox. */
describe('production code needs only production dependencies', () => {
  const { dependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

  test('it has files to check', () => {
    expect(productionDirs).toEqual(expect.arrayContaining(['workers', 'workflows', 'activities', 'providers', 'setup']));
    expect(productionFiles.length).toBeGreaterThan(30);
  });

  test('every production file loads only production dependencies and shipped code', () => {
    const problems: string[] = [];
    for (const absolute of productionFiles) {
      const file = path.relative(root, absolute);
      for (const spec of specifiers(file, readFileSync(absolute, 'utf8'))) {
        if (spec.startsWith('.')) {
          const resolved = path.relative(root, path.resolve(root, path.dirname(file), spec));
          if (notShipped.has(resolved.split(path.sep)[0]) || notShippedFile(`${resolved}.ts`)) problems.push(`${file}: ${spec} (not in the image)`);
        } else if (!builtins.has(spec) && !(packageName(spec) in dependencies)) {
          problems.push(`${file}: ${spec} (not a production dependency)`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('the reader sees every way a module is loaded, and skips types', () => {
    const source = [
      `import a from "double-quoted";`,
      `import { b } from 'single-quoted';`,
      'import type { C } from "types-only";',
      `import { type D } from 'names-are-types';`,
      `import 'side-effect';`,
      `export { e } from "re-exported";`,
      'const f = require(`template`);',
      `const g = require.resolve('resolved');`,
      `const h = import("dynamic");`,
    ].join('\n');
    expect(specifiers('probe.ts', source).sort()).toEqual(
      ['double-quoted', 'dynamic', 're-exported', 'resolved', 'side-effect', 'single-quoted', 'template'].sort(),
    );
  });

  test('nothing runs through tsx in production: it is a development dependency', () => {
    expect(dependencies.tsx).toBeUndefined();
  });
});
