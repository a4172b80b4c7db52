// Lint rules that keep the layers honest: the core and the shared protocol
// stay free of `vscode` and Node I/O so they can run on plain Node, in the
// webview and in VS Code for the Web; the code in the activation bundle
// (dist/extension.js) reaches the core only through the few small modules that
// bundle holds, so a stray import cannot pull the core into it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureLayerImports = {
  paths: [{ name: 'vscode', message: 'src/core and src/shared are pure: no vscode import (see docs/ARCHITECTURE.md).' }],
  patterns: [
    { group: ['fs', 'node:*', 'child_process', 'path', 'os'], message: 'src/core and src/shared are pure: no Node I/O; crypto goes through jose.' },
  ],
};

// What dist/extension.js holds of the core, and so what activation code may import values from: finding
// tokens in text, key roles and names, the algorithm list, the DER/PEM readers the encrypted-PEM opener
// uses, the deceptive-character table and the error codes. Everything else only as `import type`, and at
// run time through tokenCore() (bundles/tokenCore.ts), which loads dist/core.js on first use.
const ACTIVATION_CORE = ['token/findTokens', 'token/lineScan', 'token/headerVerdict', 'keys/roles', 'keys/names', 'keys/der', 'keys/pem', 'jose/algorithms', 'base/deceptiveChars', 'base/types', 'base/guards', 'profiles/keyFit'];
const activationCoreImports = [
  {
    regex: `^(\\.\\.?/)+core(/(?!(${ACTIVATION_CORE.join('|')})$).*)?$`,
    allowTypeImports: true,
    message:
      'Code in the activation bundle takes values from the core only from the modules dist/extension.js holds (eslint.config.mjs, ACTIVATION_CORE); use tokenCore() for the rest, and import its types with `import type`.',
  },
  {
    regex: '(^|/)bundles/coreBundle$',
    allowTypeImports: true,
    message: 'dist/core.js is loaded on first use: call tokenCore() (bundles/tokenCore.ts) and import coreBundle only as `import type`.',
  },
];
// The profile adapter's entry is its own bundle (dist/profiles.js), loaded by profiles/lazy.ts.
const profilesIndexImports = [
  {
    regex: '(^|/)profiles(/index)?$',
    allowTypeImports: true,
    message: 'src/profiles/index.ts is the entry of dist/profiles.js: import it only as `import type`; profiles/lazy.ts loads it.',
  },
];
// On Node 20 a KeyObject that generateKeyPairSync returns can hang the process when it is exported as a
// JWK or asked for its details (test/keyPairs.ts says why): the CLI generates through the core, and tests
// and benchmarks take their pairs from test/keyPairs.ts.
const syncKeyGeneration = ['node:crypto', 'crypto'].map((name) => ({
  name,
  importNames: ['generateKeyPairSync'],
  message: "On Node 20 generateKeyPairSync's KeyObjects can hang the process when exported as a JWK: use keyPair from test/keyPairs.ts (tests, benchmarks) or the core's generateKey (src/cli).",
}));
const activationFiles = [
  'src/extension.ts',
  'src/commands/**/*.ts',
  'src/documents/**/*.ts',
  'src/keys/**/*.ts',
  'src/issuers/**/*.ts',
  'src/config.ts',
  'src/log.ts',
  'src/disposable.ts',
  'src/loadClock.ts',
  'src/bundles/tokenCore.ts',
  'src/profiles/lazy.ts',
  'src/profiles/profileFiles.ts',
];

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
    // Only one set of options applies per file, so each block below repeats the ones that also hold there.
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    ignores: ['src/profiles/**', 'src/bundles/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: profilesIndexImports }] },
  },
  {
    // A file a newcomer can read: split along the seams before it grows past 400 lines.
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  {
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { ...pureLayerImports, patterns: [...pureLayerImports.patterns, ...profilesIndexImports] }] },
  },
  {
    // The key JWK bundle's entry (dist/keyJwk.js) gets the token core from the first bundle.
    files: activationFiles,
    ignores: ['src/keys/commands/showKeyJwk.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...activationCoreImports, ...profilesIndexImports] }] },
  },
  {
    // The command line runs without VS Code: no vscode import, nothing from the editor's adapters.
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/cli runs on plain Node: no vscode import.' }, ...syncKeyGeneration],
          patterns: [{ group: ['../commands/*', '../documents/*', '../keys/*', '../profiles/*', '../tokenEditor/*', '../bundles/*', '../../commands/*', '../../documents/*', '../../keys/*', '../../profiles/*', '../../tokenEditor/*', '../../bundles/*'], message: 'src/cli uses the core (src/core), not the editor adapters.' }],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    ignores: ['test/keyPairs.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: syncKeyGeneration }] },
  },
  {
    // Tests, benchmarks and scripts print their results.
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
);
