import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import jest from 'eslint-plugin-jest';

// Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries.
/** The pure part of providers/: what workflow code may import (it is bundled with the workflows). */
const providerPureFiles = ['providers/catalog.ts', 'providers/profile.ts', 'providers/*/profile.ts', 'providers/*/input.ts', 'providers/*/vocabulary.ts'];
const bannedInWorkflows = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'axios'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.tools/**',
      '.data/**',
      'coverage/**',
      'eslint.config.mjs',
      'jest.config.js',
      'jest.stack.config.js',
      'jest.compose.config.js',
      'test/summary-reporter.js',
      'test/reporter/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Tests that can fail: every test asserts, none is disabled, no assertion hides behind a branch.
  {
    files: ['test/**/*.ts'],
    plugins: { jest },
    languageOptions: { globals: jest.environments.globals.globals },
    rules: {
      'jest/expect-expect': [
        'error',
        { assertFunctionNames: ['expect', 'expect*', 'assert*', 'replayOrExplain', 'refusedStart', 'notStarted', 'refused', 'outcomeUnknownOf', 'fc.assert'] },
      ],
      'jest/no-disabled-tests': 'error',
      'jest/no-focused-tests': 'error',
      'jest/no-conditional-expect': 'error',
      'jest/valid-title': 'error',
    },
  },
  // Plain CommonJS preloads (dev/bench/heap-probe.cjs) are not part of the TypeScript project.
  {
    files: ['**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'commonjs',
      globals: { require: 'readonly' },
    },
  },
  // The console's browser script: plain JavaScript served as is, outside the TypeScript project.
  {
    files: ['console/assets/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'script',
      globals: { document: 'readonly', location: 'readonly', fetch: 'readonly', setInterval: 'readonly' },
    },
  },
  {
    // Workflow code and what it imports: the domain, and each provider's pure part (its profile and
    // input schema, listed in providers/catalog.ts).
    files: ['workflows/**/*.ts', 'domain/**/*.ts', ...providerPureFiles],
    rules: {
      // Types may cross (the activities' signatures); code may not.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: bannedInWorkflows.map((name) => ({ name, allowTypeImports: false })),
          patterns: [
            {
              group: ['**/activities/**', '**/providers/**', ...providerPureFiles.map((f) => `!**/${f.replace(/\.ts$/, '')}`), '**/sandbox/**', '**/codec/**'],
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
