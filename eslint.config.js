// Lint rules, including the folder boundaries of DESIGN.md §2: src/core is pure (no Node built-ins,
// no I/O libraries, no process/clock/console), and dependencies point one way.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/promises',
  'path',
  'os',
  'http',
  'https',
  'net',
  'tls',
  'crypto',
  'child_process',
  'stream',
  'url',
  'util',
  'zlib',
  'events',
  'worker_threads',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'reports/**', 'src/schema/generated/**', 'man/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'src/core is pure: no Node built-ins (DESIGN.md §2).' },
            {
              group: ['undici', 'yaml', 'ajv', 'ajv/*', 'commander', 'ora', 'csv-stringify', 'csv-stringify/*'],
              message: 'src/core is pure: no I/O or CLI libraries.',
            },
            {
              group: [
                '../../cli/*',
                '../../runtime/*',
                '../../api/*',
                '../../schema/*',
                '../../output/*',
                '../cli/*',
                '../runtime/*',
                '../api/*',
                '../schema/*',
                '../output/*',
                '../io/*',
                '../../io/*',
              ],
              message: 'src/core must not import outer layers.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/core is pure: pass what you need through the context.' },
        { name: 'console', message: 'src/core is pure: return data instead of logging.' },
        { name: 'setTimeout', message: 'src/core is pure and synchronous.' },
        { name: 'fetch', message: 'src/core does no I/O.' },
        { name: 'require', message: 'src/core does no I/O.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use ctx.now.' },
        { object: 'Math', property: 'random', message: 'Use ctx.random.' },
        { object: 'performance', property: 'now', message: 'Use ctx.clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use ctx.now.' },
      ],
    },
  },
  {
    files: ['src/schema/**/*.ts', 'src/output/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../cli/*', '../runtime/*', '../api/*', 'undici'],
              message: 'Dependencies point cli -> (runtime | api | output | schema) -> core.',
            },
          ],
        },
      ],
    },
  },
  {
    // The layers the CLI and the gateway share know nothing of commands; adapters from options and the
    // command context (connect.ts, secret-input.ts) live in src/cli.
    files: ['src/api/**/*.ts', 'src/config/**/*.ts', 'src/io/**/*.ts', 'src/runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../cli/*', '../../cli/*'],
              message: 'Dependencies point cli -> (runtime | api | output | schema | config | io) -> core.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        performance: 'readonly',
      },
    },
  },
);
