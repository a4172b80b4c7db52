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
export const hostVersion = '4.100.3';
export const hostDir = join(projectRoot, '.vscode-host');
export const codeServerBin = join(hostDir, 'node_modules', '.bin', 'code-server');

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

function installedHostVersion() {
  try {
    return JSON.parse(readFileSync(join(hostDir, 'node_modules', 'code-server', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** True when the pinned code-server is installed and complete. */
export function editorHostInstalled() {
  return installedHostVersion() === hostVersion && existsSync(codeServerBin) && existsSync(join(hostDir, '.complete'));
}

// code-server's bundled @vscode/ripgrep fetches its binary from GitHub at
// install time, which this project cannot rely on. Its installer looks in a
// cache under $TMPDIR first, so a tarball of Debian's rg placed there is used
// instead.
function seedRipgrepCache(tmp) {
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) throw new Error(`ripgrep is missing. Install it with:\n  ${aptInstallLine(['ripgrep'])}`);
  const target = arch() === 'arm64' ? 'aarch64-unknown-linux-musl' : 'x86_64-unknown-linux-musl';
  const cache = join(tmp, 'vscode-ripgrep-cache-1.15.11');
  mkdirSync(cache, { recursive: true });
  const tarball = join(cache, `ripgrep-v13.0.0-10-${target}.tar.gz`);
  if (existsSync(tarball)) return;
  const staging = join(tmp, 'rg-staging');
  mkdirSync(staging, { recursive: true });
  const copied = spawnSync('cp', [rg, join(staging, 'rg')], { stdio: 'inherit' });
  const packed = spawnSync('tar', ['-czf', tarball, '-C', staging, 'rg'], { stdio: 'inherit' });
  if (copied.status !== 0 || packed.status !== 0) throw new Error(`could not pack ${rg} into ${tarball}`);
}

/**
 * Installs code-server into `.vscode-host/` unless the pinned version is there
 * already; returns the path of its launcher. Fails with the apt-get line when a
 * Debian package it needs is missing.
 */
export function ensureEditorHost({ quiet = false } = {}) {
  if (editorHostInstalled()) return codeServerBin;
  const missing = missingDebianPackages(editorDebianPackages);
  if (missing.length > 0) {
    throw new Error(`The editor host needs Debian packages that are not installed: ${missing.join(' ')}\nInstall them with:\n  ${aptInstallLine(missing)}`);
  }
  const started = Date.now();
  if (!quiet) console.log(`Installing code-server ${hostVersion} into ${hostDir} (first use only, about a minute)…`);
  rmSync(join(hostDir, '.complete'), { force: true });
  const tmp = join(hostDir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  // A package.json of its own keeps npm from walking up into the project's.
  if (!existsSync(join(hostDir, 'package.json'))) {
    writeFileSync(join(hostDir, 'package.json'), `${JSON.stringify({ name: 'jwt-studio-editor-host', private: true }, null, 2)}\n`);
  }
  seedRipgrepCache(tmp);
  const result = spawnSync(
    'npm',
    ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', hostDir, `code-server@${hostVersion}`],
    {
      cwd: hostDir,
      stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
      env: {
        ...process.env,
        TMPDIR: tmp,
        // code-server's postinstall refuses root without this, and runs
        // `npx node-gyp`, which must not stop to ask.
        npm_config_unsafe_perm: 'true',
        npm_config_yes: 'true',
      },
    },
  );
  if (result.status !== 0) throw new Error(`npm install code-server@${hostVersion} failed (exit ${result.status}); see the output above.`);
  if (installedHostVersion() !== hostVersion) throw new Error(`code-server ${hostVersion} did not land in ${hostDir}`);
  writeFileSync(join(hostDir, '.complete'), `${hostVersion}\n`);
  if (!quiet) console.log(`code-server ${hostVersion} installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return codeServerBin;
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
export function installVsix(vsixPath, { userDataDir, extensionsDir }) {
  const result = spawnSync(
    codeServerBin,
    ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', resolve(vsixPath), '--force'],
    { encoding: 'utf8', env: hostEnv(userDataDir) },
  );
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
  'workbench.colorTheme': 'Default Dark Modern',
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

function hostEnv(userDataDir) {
  // XDG folders inside the profile keep code-server's own config (its
  // config.yaml, password) out of the user's home.
  return {
    ...process.env,
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
export async function startCodeServer({ userDataDir, extensionsDir, workspace, logFile, port, timeoutMs = 60_000 }) {
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
  const child = spawn(codeServerBin, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: hostEnv(userDataDir),
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
  const command = process.argv[2] ?? 'install';
  if (command === 'install') {
    try {
      const started = Date.now();
      const already = editorHostInstalled();
      ensureEditorHost();
      if (already) console.log(`code-server ${hostVersion} already installed in ${hostDir} (${Date.now() - started} ms)`);
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    }
  } else if (command === 'check') {
    process.exit(editorHostInstalled() ? 0 : 1);
  } else {
    console.error(`usage: node scripts/editor-host.mjs [install|check]`);
    process.exit(2);
  }
}
