// Bundles the extension (Node, CommonJS, `vscode` external) and, when present,
// the webview UI (browser, IIFE) into dist/. `--production` minifies and drops
// source maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync, rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

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
    // The profile adapter is its own bundle, loaded on first use.
    external: ['vscode', './profiles.js'],
    // yaml's CommonJS build cannot be tree-shaken and costs ~115 KB even when unused;
    // its ES module build (the same code) lets esbuild keep only what is imported.
    alias: { yaml: './node_modules/yaml/browser/index.js' },
  },
  {
    ...common,
    entryPoints: ['src/profiles/index.ts'],
    outfile: 'dist/profiles.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    alias: { yaml: './node_modules/yaml/browser/index.js' },
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
