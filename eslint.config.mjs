// Lint rules that keep the layers honest: the core and the shared protocol
// stay free of `vscode` and Node I/O so they can run on plain Node, in the
// webview and in VS Code for the Web.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureLayerImports = {
  paths: [{ name: 'vscode', message: 'src/core and src/shared are pure: no vscode import (see docs/ARCHITECTURE.md).' }],
  patterns: [
    { group: ['fs', 'node:*', 'child_process', 'path', 'os'], message: 'src/core and src/shared are pure: no Node I/O; crypto goes through jose.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-host/**', '.e2e/**', 'samples/**', 'media/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-console': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'No default exports.' }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', pureLayerImports] },
  },
  {
    // Tests, benchmarks and scripts print their results.
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
);
