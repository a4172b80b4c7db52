// Runs the real-editor journeys: builds the extension, then every
// test/e2e/**/*.test.ts one at a time (each journey starts its own editor).
// Node 20's test runner does not expand globs, so the files are listed here.
// Extra arguments go to `node --test`, e.g. `--test-name-pattern=hover`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from './editor-host.mjs';

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(path);
    return entry.name.endsWith('.test.ts') ? [relative(projectRoot, path)] : [];
  });
}

const started = Date.now();
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: projectRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const files = testFiles(join(projectRoot, 'test', 'e2e')).sort();
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', ...process.argv.slice(2), ...files],
  { cwd: projectRoot, stdio: 'inherit' },
);
console.log(`e2e: ${files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in test-results/screenshots/`);
process.exit(run.status ?? 1);
