// ESLint flat config. The core must stay free of the VS Code API and of Node (see scripts/core-layering.mjs):
// the CLI, the extension host, a language server and a browser worker all run the same src/core.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { ALLOWED, NODE_BUILTINS } from './scripts/core-layering.mjs';

const coreNodeMessage = 'src/core does no I/O and uses no Node API: pass what it needs in from the host (src/vscode, src/cli.ts, the platform layer).';
const corePlatformPatterns = [{ group: ['**/platform/**', '**/vscode/**', '**/views/**', '**/server/**', '**/ci/**'], message: 'src/core imports nothing from the hosts or the platform layer: the hosts pass the I/O in (core/store/bundledData.ts, core/upstream/source.ts, core/upstream/cache.ts, core/leastPrivilege/command.ts).' }];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'action/', '.e2e/', '.cache/', 'test/fixtures/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ...(ALLOWED.length ? { ignores: ALLOWED } : {}),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'src/core is plain TypeScript: use the VS Code API only in src/vscode or src/extension.ts.' },
            ...NODE_BUILTINS.flatMap((name) => [name, `node:${name}`]).map((name) => ({ name, message: coreNodeMessage })),
          ],
          patterns: corePlatformPatterns,
        },
      ],
      'no-restricted-globals': ['error', ...['Buffer', 'process', 'require', '__dirname', '__filename', 'global', 'setImmediate'].map((name) => ({ name, message: coreNodeMessage }))],
    },
  },
  // Exceptions listed in scripts/core-layering.mjs (none today): still no VS Code API, no host or platform import.
  ...(ALLOWED.length
    ? [
        {
          files: ALLOWED,
          rules: {
            'no-restricted-imports': [
              'error',
              { paths: [{ name: 'vscode', message: 'src/core is plain TypeScript: use the VS Code API only in src/vscode or src/extension.ts.' }], patterns: corePlatformPatterns },
            ],
          },
        },
      ]
    : []),
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.mocha } },
  },
);
