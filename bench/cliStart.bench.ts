// The command line's cold start: each run is a fresh `node dist/cli/jwt-studio.mjs …`
// process (the production build, as npm installs it), timed from spawn to exit
// on the wall clock, against `node -e ""` (Node starting and doing nothing) on
// the same machine, the two alternating run by run so that both see the same
// load. The file cache is warm (a few runs of each come first, not counted):
// what is measured is starting Node and loading and running our code, not the
// disk. Goal: `decode <token>` at most 2× `node -e ""` (ratio = baseline ÷ ours
// ≥ 0.5). `--help`, `keys public`, `check` on a profile and `sign` are given
// for context: they load more of the core (keys, profiles, presets, YAML).
// Run: node --import tsx bench/cliStart.bench.ts [runs]

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median, report } from './benchReport';
import { keyPair } from '../test/keyPairs';

const RUNS = Number(process.argv[2] ?? 30);
const WARM_UP = 3;
const SECTION = 'Command line cold start';
const CLI = resolve('dist/cli/jwt-studio.mjs');
/** The well-known HS256 example token that JWT debuggers show (sub / name / iat). */
const TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const PROFILE = 'samples/profiles/metabase.jwt.yaml';
/** The Metabase demo secret of samples/README.md (demo only, protects nothing). */
const METABASE_DEMO_SECRET = 'deadbeef'.repeat(8);

interface Case {
  row: string;
  args: string[];
  /** The exit code a working run has. */
  code: number;
  goal?: boolean;
  note: string;
}

/** Wall time of one child process, spawn to exit, in ms; and its exit code. */
function timed(args: readonly string[]): { ms: number; code: number | null; stderr: string } {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { ms: performance.now() - t0, code: run.status, stderr: run.stderr };
}

function main(): void {
  const folder = mkdtempSync(join(tmpdir(), 'jwt-studio-bench-cli-'));
  const rsa = join(folder, 'rsa.pem');
  writeFileSync(rsa, keyPair('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
  const secret = join(folder, 'metabase.secret');
  writeFileSync(secret, `${METABASE_DEMO_SECRET}\n`, { mode: 0o600 });

  const cases: Case[] = [
    { row: 'decode <token>, p50', args: ['decode', TOKEN], code: 0, goal: true, note: 'a compact HS256 JWT as the argument; loads the entry and the decoding part of the core' },
    { row: '--help, p50', args: ['--help'], code: 0, note: 'context: the entry and the help text only' },
    { row: 'keys public (RSA PEM), p50', args: ['keys', 'public', rsa], code: 0, note: 'context: the key import (PEM, the RSA checks and a sign-and-verify pair probe) and the SPKI export' },
    { row: 'check on a profile, p50', args: ['check', PROFILE], code: 0, note: `context: ${PROFILE} with the built-in presets (YAML, schema checks)` },
    { row: 'sign a profile (HS256), p50', args: ['sign', PROFILE, '--key', secret], code: 0, note: `context: ${PROFILE} signed with its demo secret` },
  ];

  // Measure what ships: the minified bundle, without source maps.
  execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { stdio: 'ignore' });
  const baseline: number[] = [];
  const ours = new Map<Case, number[]>(cases.map((c) => [c, []]));
  const broken = new Map<Case, string>();
  try {
    for (let i = 0; i < WARM_UP + RUNS; i++) {
      const node = timed(['-e', '']);
      if (i >= WARM_UP) baseline.push(node.ms);
      for (const c of cases) {
        if (broken.has(c)) continue;
        const run = timed([CLI, ...c.args]);
        if (run.code !== c.code) {
          broken.set(c, `exit ${String(run.code)} instead of ${c.code}: ${run.stderr.split('\n')[0] ?? ''}`);
          continue;
        }
        if (i >= WARM_UP) ours.get(c)?.push(run.ms);
      }
    }
  } finally {
    // Put the development build (with source maps) back as it was.
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
    rmSync(folder, { recursive: true, force: true });
  }

  const nodeMs = median(baseline);
  console.log(`node -e "": p50 ${nodeMs.toFixed(1)} ms over ${baseline.length} runs`);
  for (const c of cases) {
    const problem = broken.get(c);
    if (problem) {
      console.log(`${c.row}: not measured, the command does not work in this build (${problem})`);
      process.exitCode = 1;
      continue;
    }
    const times = ours.get(c) ?? [];
    const value = median(times);
    const ratio = nodeMs / value;
    console.log(`${c.row}: ${value.toFixed(1)} ms (${(value / nodeMs).toFixed(2)}× node -e ""; min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`);
    report({
      section: SECTION,
      row: c.row,
      value,
      baseline: nodeMs,
      ratio,
      unit: 'ms',
      against: 'node -e "" (alternating, same machine)',
      ...(c.goal
        ? {
            goal: { minRatio: 0.5 },
            shortfall:
              'Most of a cold start is Node itself (the baseline); what is ours is reading and compiling the entry and the chunks the command imports, so loading less code for the command is what would close the gap.',
          }
        : {}),
      note: `${c.note}; wall time from spawn to exit, production build, ${times.length} runs after ${WARM_UP} warm-up runs`,
    });
  }
}

main();
