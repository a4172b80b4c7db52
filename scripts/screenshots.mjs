// `npm run screenshots`: runs the demo-workspace and Token Editor journeys in the real editor
// and copies their end states to media/screenshots/ for the README. Run it
// again whenever the UI changes; nothing is copied unless every journey passes.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './editor-host.mjs';

const shots = join(projectRoot, 'test-results', 'screenshots', 'readme');
const media = join(projectRoot, 'media', 'screenshots');

const run = (args) => spawnSync(process.execPath, args, { cwd: projectRoot, stdio: 'inherit' });

if (run(['scripts/build.mjs']).status !== 0) process.exit(1);
rmSync(shots, { recursive: true, force: true });
const journeys = run(['--import', 'tsx', '--test', '--test-concurrency=1', 'test/e2e/samples.test.ts', 'test/e2e/tokenEditor.test.ts']);
if (journeys.status !== 0) {
  console.error('\nA journey failed; media/screenshots/ was left as it was.');
  process.exit(1);
}

const images = existsSync(shots) ? readdirSync(shots).filter((name) => name.endsWith('.png')) : [];
if (images.length === 0) {
  console.error(`No screenshots were saved in ${shots}.`);
  process.exit(1);
}
mkdirSync(media, { recursive: true });
for (const name of images) {
  copyFileSync(join(shots, name), join(media, name));
  console.log(`media/screenshots/${name} (${Math.round(statSync(join(media, name)).size / 1024)} KB)`);
}
