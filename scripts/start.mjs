// `npm start`: builds the extension and serves a real editor with it loaded
// and the demo workspace (samples/) open, on 127.0.0.1 only. Ctrl-C stops it.
//
//   npm start                 # port 8080, or a free one if that is taken
//   PORT=9000 npm start
//   JWT_STUDIO_EDITOR=oldest npm start   # the oldest VS Code the extension supports
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  editorLabel,
  ensureEditorHost,
  freeLoopbackPort,
  hostDir,
  linkDevelopmentExtension,
  projectRoot,
  startCodeServer,
  writeUserSettings,
} from './editor-host.mjs';

const build = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'build.mjs')], { cwd: projectRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

try {
  ensureEditorHost();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

// One profile kept across runs, so keys put in the key ring stay there.
const profile = join(hostDir, 'demo-profile');
const userDataDir = join(profile, 'user-data');
const extensionsDir = join(profile, 'extensions');
const workspace = join(projectRoot, 'samples');
const logFile = join(profile, 'code-server.log');
writeUserSettings(userDataDir);
linkDevelopmentExtension(extensionsDir);

const port = await choosePort();
const host = await startCodeServer({ userDataDir, extensionsDir, workspace, logFile, port });
const url = host.folderUrl(workspace);

console.log(`
JWT Studio is running in ${editorLabel(host.editor)} at:

  ${url}

Workspace: ${workspace}
Editor log: ${logFile}
After rebuilding (npm run build), run "Developer: Reload Window" in the editor.
Press Ctrl-C to stop.
`);

let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`\nStopping the editor (${signal})…`);
  await host.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGHUP', () => void stop('SIGHUP'));

const exit = await host.exited;
if (!stopping) {
  console.error(`The editor stopped by itself (${exit.signal ?? `exit ${exit.code}`}); see ${logFile}`);
  process.exit(1);
}

async function choosePort() {
  const wanted = process.env.PORT ? Number(process.env.PORT) : 8080;
  if (!Number.isInteger(wanted) || wanted <= 0 || wanted > 65535) {
    console.error(`PORT must be a port number, not "${process.env.PORT}"`);
    process.exit(2);
  }
  if (await portIsFree(wanted)) return wanted;
  if (process.env.PORT) {
    console.error(`Port ${wanted} on 127.0.0.1 is taken; choose another with PORT=…`);
    process.exit(1);
  }
  return freeLoopbackPort();
}

async function portIsFree(port) {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
