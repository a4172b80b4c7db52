// `npm test`: every check the project has, in the order that fails fastest.
// Each stage's test results are counted from a TAP file, and the run ends with
// one plain line "tests: N passed, N failed" (plus skipped), exit 1 on any failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { editorLabel, editors } from './editor-host.mjs';

// `npm test -- unit interop` runs only those stages (typecheck, lint, build,
// unit, interop, cli, e2e, e2e-oldest); `--test-name-pattern=hover`
// and other `--` options go to node's test runner.
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const passThrough = args.filter((a) => a.startsWith('--'));
const resultsDir = 'test-results';
mkdirSync(resultsDir, { recursive: true });

// Node 20's test runner does not expand globs: list the files ourselves.
const testFiles = (...dirs) =>
  dirs.flatMap((dir) =>
    existsSync(dir)
      ? readdirSync(dir, { recursive: true })
          .filter((f) => f.endsWith('.test.ts'))
          .map((f) => join(dir, f))
          .sort()
      : [],
  );

// The files that hold a journey of the smoke set (`smoke: true`), so the
// oldest editor's stage counts journeys, not files with none to run.
const smokeFiles = (dir) => testFiles(dir).filter((f) => /\bsmoke: true\b/.test(readFileSync(f, 'utf8')));

const nodeTest = (name, files, extra = [], env = {}) => ({
  name,
  env,
  tap: join(resultsDir, `${name}.tap`),
  command: [
    process.execPath,
    ['--import', 'tsx', '--test', ...extra, ...passThrough,
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${join(resultsDir, `${name}.tap`)}`,
      ...files],
  ],
});

const npx = (name, args) => ({ name, command: ['npx', ['--no-install', ...args]] });

const stages = [
  npx('typecheck', ['tsc', '-p', 'tsconfig.json', '--noEmit']),
  npx('lint', ['eslint', '.']),
  { name: 'build', command: [process.execPath, ['scripts/build.mjs']] },
  nodeTest('unit', testFiles('test/unit', 'test/conformance')),
  nodeTest('interop', testFiles('test/interop')),
  // The built command line, run as a child process (after build).
  nodeTest('cli', testFiles('test/cli')),
  // Every journey on the newest editor, the smoke set on the oldest one
  // engines.vscode claims (scripts/editor-host.mjs names both).
  { ...nodeTest('e2e', testFiles('test/e2e'), ['--test-concurrency=1'], { JWT_STUDIO_EDITOR: 'newest' }), on: editors.newest },
  { ...nodeTest('e2e-oldest', smokeFiles('test/e2e'), ['--test-concurrency=1'], { JWT_STUDIO_EDITOR: 'oldest' }), on: editors.oldest },
].filter((s) => only.length === 0 || only.includes(s.name));

let passed = 0;
let failed = 0;
let skipped = 0;
const failedStages = [];
const started = Date.now();

for (const stage of stages) {
  const t0 = Date.now();
  console.log(`\n── ${stage.name}${stage.on ? ` on ${editorLabel(stage.on)}` : ''} ──`);
  const [cmd, args] = stage.command;
  const run = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...stage.env } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (stage.tap) {
    const counts = countTap(stage.tap);
    passed += counts.pass;
    failed += counts.fail;
    skipped += counts.skip;
    if (counts.pass + counts.fail === 0 && run.status === 0) {
      failedStages.push(`${stage.name} (ran no test)`);
    }
    console.log(`── ${stage.name}${stage.on ? ` on ${editorLabel(stage.on)}` : ''}: ${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped in ${seconds} s`);
  } else {
    console.log(`── ${stage.name}: ${run.status === 0 ? 'ok' : 'FAILED'} in ${seconds} s`);
  }
  if (run.status !== 0) failedStages.push(stage.name);
}

const total = ((Date.now() - started) / 1000).toFixed(1);
console.log(`\nStages failed: ${failedStages.length ? failedStages.join(', ') : 'none'} (${total} s)`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedStages.length || failed ? 1 : 0);

function countTap(file) {
  const counts = { pass: 0, fail: 0, skip: 0 };
  if (!existsSync(file)) return counts;
  // The summary lines at the end of node's TAP output (`# pass N`).
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^# (pass|fail|skipped) (\d+)$/.exec(line);
    if (m) counts[m[1] === 'skipped' ? 'skip' : m[1]] = Number(m[2]);
  }
  return counts;
}
