// ESLint flat config. Type-aware rules everywhere (no-floating-promises is an error: a lost promise in a
// workflow or a request handler is a lost decision), and the Temporal workflow rules for workflows/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import boundaries from 'eslint-plugin-boundaries';
import { builtinModules } from 'node:module';
import architecture from './architecture.config.cjs';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// The allowed directions between top-level folders (architecture.config.cjs, docs/architecture.md): each
// folder is an element of its own; a value import is allowed only towards a folder its entry lists, a type
// import towards any folder but test/, an import inside one folder always. A file outside every listed
// folder is an error, so a new folder must be placed in the map before it can be imported or import.
const { layers } = architecture;
const folders = Object.keys(layers);
const boundaryRules = {
  plugins: { boundaries },
  settings: {
    'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.json'] } },
    'boundaries/elements': folders.map((folder) => ({ type: folder, pattern: folder, partialMatch: false })),
    'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import', 'require'],
  },
  rules: {
    'boundaries/no-unknown-files': 'error',
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        checkUnknownLocals: true,
        message:
          '{{from.element.type}}/ may not import {{#if to.element.type}}{{to.element.type}}/{{else}}{{dependency.source}} (outside every folder of the map){{/if}} ' +
          '(architecture.config.cjs, docs/architecture.md "Allowed imports"): move the shared code below both, or import only types',
        policies: [
          ...Object.entries(layers).map(([from, to]) => ({
            from: { element: { type: from } },
            allow: { to: { element: { type: to } } },
          })),
          {
            dependency: { kind: 'type' },
            allow: { to: { element: { type: folders.filter((folder) => folder !== 'test') } } },
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.tools/**',
      '.data/**',
      'coverage/**',
      'bin/**',
      'scripts/**',
      '*.config.*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  boundaryRules,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code is replayed by Temporal and must be deterministic: no Node built-ins, no I/O, and
    // activities only as types (they run in the worker, never in the workflow sandbox).
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow code is deterministic: no Node built-ins.',
          })),
          patterns: [
            {
              group: ['**/activities', '**/activities/**'],
              allowTypeImports: true,
              message: 'Import activities as types only (proxyActivities).',
            },
            {
              group: [
                'pg',
                'express',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
                'pino',
              ],
              message: 'Not allowed in workflow code.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() from @temporalio/workflow.' },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  prettier,
);
