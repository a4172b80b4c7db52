// Bundles the extension (Node, CommonJS, `vscode` external) and, when present,
// the webview UI (browser, IIFE) into dist/. `--production` minifies and drops
// source maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync, rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// Each `import * as vscode from 'vscode'` would otherwise get its own copy of
// the API object's few hundred members (esbuild's __toESM), a few milliseconds
// at load; routed through one module, the copy is made once per bundle.
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

// yaml's ES module build (the same code as its CommonJS one), marked free of
// side effects: esbuild keeps only what is used, and nothing when a bundle
// reaches yaml only through an unused re-export.
const yamlTreeShaken = {
  name: 'yaml-tree-shaken',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: new URL('../node_modules/yaml/browser/index.js', import.meta.url).pathname, sideEffects: false }));
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  legalComments: production ? 'none' : 'inline',
  logLevel: 'info',
  metafile: true,
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The token core and the profile adapter are their own bundles, loaded on first use.
    external: ['./core.js', './profiles.js', './keyJwk.js'],
    plugins: [vscodeOnce, yamlTreeShaken],
  },
  {
    ...common,
    entryPoints: ['src/bundles/coreBundle.ts'],
    outfile: 'dist/core.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [vscodeOnce, yamlTreeShaken],
  },
  {
    // The key JWK tabs, loaded when a key's JWK is first shown.
    ...common,
    entryPoints: ['src/keys/commands/showKeyJwk.ts'],
    outfile: 'dist/keyJwk.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [vscodeOnce, yamlTreeShaken],
  },
  {
    ...common,
    entryPoints: ['src/profiles/index.ts'],
    outfile: 'dist/profiles.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [vscodeOnce, yamlTreeShaken],
  },
];
if (existsSync('webview/main.ts')) {
  builds.push({
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview/main.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  });
}

if (production) {
  // A source map from an earlier development build would no longer match.
  for (const options of builds) rmSync(`${options.outfile}.map`, { force: true });
}

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
