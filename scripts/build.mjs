// Bundles the extension (Node, CommonJS, `vscode` external) and, when present,
// the webview UI (browser, IIFE) into dist/. `--production` minifies and drops
// source maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';

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

// dist/core.js is built from coreBundle.ts plus `coreModules`: the namespace of every src/core module the
// bundle holds, keyed by its path. Which modules those are comes from esbuild itself (the metafile of an
// in-memory build of coreBundle.ts), so the rule follows files as they are split or moved.
const CORE_ENTRY = 'src/bundles/coreBundle.ts';

async function coreModulePaths() {
  const result = await esbuild.build({ ...common, entryPoints: [CORE_ENTRY], outfile: 'dist/core.js', write: false, logLevel: 'silent', minify: true, platform: 'node', format: 'cjs', target: 'node20', plugins: [vscodeOnce, yamlTreeShaken] });
  const inputs = Object.values(result.metafile.outputs).find((o) => o.entryPoint === CORE_ENTRY).inputs;
  return Object.keys(inputs).filter((path) => path.startsWith('src/core/') && inputs[path].bytesInOutput > 0).sort();
}

function coreEntry(paths) {
  const lines = [`export * from './${CORE_ENTRY}';`];
  paths.forEach((path, i) => lines.push(`import * as m${i} from './${path}';`));
  lines.push(`export const coreModules = {${paths.map((path, i) => `${JSON.stringify(path)}: m${i}`).join(', ')}};`);
  return { contents: lines.join('\n'), resolveDir: process.cwd(), sourcefile: 'core-entry.ts', loader: 'ts' };
}

// An import of a module that another bundle holds becomes that module's namespace from that bundle at run
// time (`held`: module path → [bundle file, the bundle's export of its modules by path]), so there is one
// copy of the code and of its module state. The profile bundle takes the token core from dist/core.js (one
// CryptoKey cache, shared with the token features); the integration code bundle takes it from there too,
// and the profile modules it builds on (the token request, the embed renderer and its schema checks) from
// dist/profiles.js.
function modulesFromBundles(held) {
  return {
    name: 'modules-from-bundles',
    setup(build) {
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.pluginData === 'modules-from-bundles' || args.namespace === 'modules-from-bundles') return undefined;
        const found = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'modules-from-bundles' });
        if (found.errors.length > 0 || found.external) return undefined;
        const path = relative(process.cwd(), found.path).split('\\').join('/');
        return held.has(path) ? { path, namespace: 'modules-from-bundles' } : { path: found.path, sideEffects: found.sideEffects };
      });
      build.onLoad({ filter: /.*/, namespace: 'modules-from-bundles' }, (args) => {
        const [file, modules] = held.get(args.path);
        return { contents: `module.exports = require(${JSON.stringify(file)}).${modules}[${JSON.stringify(args.path)}];`, loader: 'js' };
      });
    },
  };
}

const heldBy = (paths, file, modules) => paths.map((path) => [path, [file, modules]]);

// dist/codegen.js (the integration code, src/core/codegen/) is loaded by the profile bundle when Copy
// Integration Code first runs. The modules outside that folder it reaches, and dist/core.js does not hold,
// are exported by dist/profiles.js as `codegenModules` (found, like coreModules, with an in-memory build).
const CODEGEN_ENTRY = 'src/core/codegen/codegen.ts';

async function codegenProfilePaths(held) {
  const result = await esbuild.build({ ...common, entryPoints: [CODEGEN_ENTRY], outfile: 'dist/codegen.js', write: false, logLevel: 'silent', minify: true, platform: 'node', format: 'cjs', target: 'node20', external: ['./core.js'], plugins: [vscodeOnce, yamlTreeShaken, modulesFromBundles(held)] });
  const inputs = Object.values(result.metafile.outputs).find((o) => o.entryPoint === CODEGEN_ENTRY).inputs;
  return Object.keys(inputs).filter((path) => path.startsWith('src/core/') && !path.startsWith('src/core/codegen/') && inputs[path].bytesInOutput > 0).sort();
}

/** The profile bundle's entry: src/profiles/index.ts, plus the modules dist/codegen.js takes from it, by path. */
function profilesEntry(paths) {
  const lines = ["export * from './src/profiles/index.ts';"];
  paths.forEach((path, i) => lines.push(`import * as m${i} from './${path}';`));
  lines.push(`export const codegenModules = {${paths.map((path, i) => `${JSON.stringify(path)}: m${i}`).join(', ')}};`);
  return { contents: lines.join('\n'), resolveDir: process.cwd(), sourcefile: 'profiles-entry.ts', loader: 'ts' };
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  legalComments: production ? 'none' : 'inline',
  logLevel: 'info',
  metafile: true,
};

const corePaths = await coreModulePaths();
const fromCore = new Map(heldBy(corePaths, './core.js', 'coreModules'));
const codegenPaths = await codegenProfilePaths(fromCore);

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The token core and the profile adapter are their own bundles, loaded on first use.
    external: ['./core.js', './profiles.js', './keyJwk.js', './issuers.js', './codegen.js'],
    plugins: [vscodeOnce, yamlTreeShaken],
  },
  {
    ...common,
    stdin: coreEntry(corePaths),
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
    // The trusted issuers (settings, key cache, fetching, their Keys view rows and commands), loaded by
    // issuers/lazy.ts the first time a token the key ring does not verify is checked or an issuer command runs.
    ...common,
    entryPoints: ['src/issuers/index.ts'],
    outfile: 'dist/issuers.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [vscodeOnce, yamlTreeShaken],
  },
  {
    ...common,
    stdin: profilesEntry(codegenPaths),
    outfile: 'dist/profiles.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['./core.js', './codegen.js'],
    plugins: [vscodeOnce, yamlTreeShaken, modulesFromBundles(fromCore)],
  },
  {
    // The integration code, loaded by the profile bundle when Copy Integration Code first runs.
    ...common,
    entryPoints: [CODEGEN_ENTRY],
    outfile: 'dist/codegen.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['./core.js', './profiles.js'],
    plugins: [vscodeOnce, yamlTreeShaken, modulesFromBundles(new Map([...fromCore, ...heldBy(codegenPaths, './profiles.js', 'codegenModules')]))],
  },
];
// The command line (`jwt-studio`, package.json "bin"): an ES module entry that loads each command's code
// on demand (esbuild splits what the commands share into chunks), so `decode` starts without the profile,
// schema and YAML code. Not part of the .vsix.
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
builds.push({
  ...common,
  entryPoints: { 'jwt-studio': 'src/cli/main.ts' },
  outdir: 'dist/cli',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  define: { JWT_STUDIO_VERSION: JSON.stringify(version) },
  // CommonJS packages bundled into an ES module still call require() for Node's own modules.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __jwtStudioRequire } from 'node:module';\nconst require = __jwtStudioRequire(import.meta.url);" },
  plugins: [yamlTreeShaken],
});
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
  for (const options of builds) if (options.outfile) rmSync(`${options.outfile}.map`, { force: true });
}
// The command line's chunks are named by their hash: clear the folder so chunks of earlier builds do not pile up.
rmSync('dist/cli', { recursive: true, force: true });

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  checkNoSharedModules(results);
  checkIssuersStayLazy(results);
  chmodSync('dist/cli/jwt-studio.mjs', 0o755);
}

/**
 * Fails the build when a module (source or package) is bundled into both the token core and the profile
 * bundle, when the integration code bundle holds anything but src/core/codegen/ (the rest comes from the
 * other two), or when the profile bundle holds any of src/core/codegen/ (it loads dist/codegen.js instead).
 */
function checkNoSharedModules(results) {
  const inputsOf = (outfile) => {
    const index = builds.findIndex((options) => options.outfile === outfile);
    const output = results[index].metafile.outputs[outfile];
    return new Set(Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path));
  };
  const core = inputsOf('dist/core.js');
  const profiles = inputsOf('dist/profiles.js');
  const problems = [
    ['Bundled into both dist/core.js and dist/profiles.js (take them from dist/core.js)', [...profiles].filter((path) => core.has(path))],
    ['Bundled into dist/codegen.js, which takes everything outside src/core/codegen/ from dist/core.js or dist/profiles.js', [...inputsOf('dist/codegen.js')].filter((path) => !path.startsWith('src/core/codegen/') && !path.startsWith('modules-from-bundles:'))],
    ['Bundled into dist/profiles.js, which loads the integration code from dist/codegen.js (import it there only as a type)', [...profiles].filter((path) => path.startsWith('src/core/codegen/'))],
  ].filter(([, paths]) => paths.length > 0);
  if (problems.length > 0) {
    for (const [what, paths] of problems) console.error(`${what}:\n  ${paths.join('\n  ')}`);
    process.exit(1);
  }
}

/**
 * Fails the build when the first bundle holds code of the issuer bundle: only the contract and the entry
 * count it reads before loading that bundle (issuers/lazy.ts) may be in both.
 */
function checkIssuersStayLazy(results) {
  const inputsOf = (outfile) => {
    const index = builds.findIndex((options) => options.outfile === outfile);
    const output = results[index].metafile.outputs[outfile];
    return new Set(Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path));
  };
  const shared = new Set(['src/issuers/lazy.ts', 'src/issuers/issuerApi.ts', 'src/issuers/issuerScopes.ts']);
  const first = inputsOf('dist/extension.js');
  const both = [...inputsOf('dist/issuers.js')].filter((path) => path.startsWith('src/issuers/') && !shared.has(path) && first.has(path));
  if (both.length > 0) {
    console.error(`Bundled into dist/extension.js, but they belong to dist/issuers.js (import them as types; issuers/lazy.ts loads that bundle):\n  ${both.join('\n  ')}`);
    process.exit(1);
  }
}
