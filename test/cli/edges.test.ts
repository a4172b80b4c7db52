// Edges of the command line found by reading it as an attacker and as a script would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSync, closeSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { CLI, runCli, tempFolder } from './cli';

const token = jwt.sign({ sub: 'a' }, 'a-shared-secret-of-thirty-two-bytes!!', { algorithm: 'HS256' });

test('a mistyped secret as --key is never printed back: base64 with "/" and "+", or "=" padding', async () => {
  for (const secret of ['q83vEjRWeJq83vEjRWeJ/3ZFq83vEjRWeJq83vEjRWeJ+x', 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA==', 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC0=']) {
    for (const args of [['verify', token, '--key', secret], ['check', '.', '--key', secret]]) {
      const run = await runCli(args);
      assert.equal(run.code, 2, `${args[0]} ${secret}: ${run.stderr}`);
      assert.ok(!run.stderr.includes(secret.slice(0, 12)) && !run.stdout.includes(secret.slice(0, 12)), `${args[0]}: the secret was printed: ${run.stderr}`);
    }
  }
});

test('decode with no argument is a usage error: stdin is read only for "-", so a shell loop keeps its input', async () => {
  const run = await runCli(['decode'], { stdin: `${token}\n` });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /no token given: pass it as an argument, or "-" to read it from stdin/);
});

test('help and version that cannot be written (a full disk) exit 2, not 0', () => {
  for (const args of [['--help'], ['--version'], ['decode', '--help'], ['keys', '--help']]) {
    const out = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, [CLI, ...args], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /the output could not be written \(ENOSPC\)/);
    } finally {
      closeSync(out);
    }
  }
});

test('sign says what is wrong with a profile that does not parse, before anything about its key', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    writeFileSync(join(dir, 'p.jwt.yaml'), 'preset: metabase-embed\nkey: k1\nttl: 10m\nclaims: [unclosed\n');
    writeFileSync(join(dir, 'k.txt'), 'a-shared-secret-of-thirty-two-bytes!!', { mode: 0o600 });
    const run = await runCli(['sign', 'p.jwt.yaml', '--key', 'k.txt'], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /^jwt-studio: p\.jwt\.yaml:\d+: .*run "jwt-studio check p\.jwt\.yaml" for all\)\n$/);
    assert.ok(!/names no key/.test(run.stderr), run.stderr);
  } finally {
    cleanup();
  }
});

test('check with one secret over many profiles reads it once: one kid, no warning per profile', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    mkdirSync(join(dir, 'p'));
    for (let i = 0; i < 30; i++) writeFileSync(join(dir, 'p', `m${i}.jwt.yaml`), 'preset: metabase-embed\nkey: mb\nttl: 10m\nclaims:\n  resource: { dashboard: 1 }\n  params: {}\nembed:\n  siteUrl: https://metabase.example.com\n');
    writeFileSync(join(dir, 'k.txt'), 'a-shared-secret-of-thirty-two-bytes!!', { mode: 0o600 });
    const run = await runCli(['check', 'p', '--key', 'k.txt'], { cwd: dir });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const lines = run.stderr.split('\n').filter(Boolean);
    assert.ok(lines.length <= 3, `stderr has ${lines.length} lines:\n${run.stderr}`);
    assert.match(run.stderr, /30 profiles checked/);
  } finally {
    cleanup();
  }
});

test('sign and mint say when a workspace preset replaces a built-in one', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    mkdirSync(join(dir, '.vscode', 'jwt-presets'), { recursive: true });
    writeFileSync(join(dir, '.vscode', 'jwt-presets', 'mb.yaml'), ['id: metabase-embed', 'name: Metabase (ours)', 'alg: { default: HS256, allowed: [HS256] }', 'lifetime: { default: 5m, max: 1h }', 'claims:', '  type: object', ''].join('\n'));
    writeFileSync(join(dir, 'p.jwt.yaml'), 'preset: metabase-embed\nkey: mb\nclaims:\n  sub: ada\n');
    writeFileSync(join(dir, 'k.txt'), 'a-shared-secret-of-thirty-two-bytes!!', { mode: 0o600 });
    for (const args of [['sign', 'p.jwt.yaml', '--key', 'k.txt'], ['mint', 'p.jwt.yaml', '--key', 'k.txt', '--count', '2']]) {
      const run = await runCli(args, { cwd: dir });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /warning: preset 'metabase-embed' comes from \.vscode\/jwt-presets\/mb\.yaml in this folder, which replaces JWT Studio's built-in preset of that id/);
    }
  } finally {
    cleanup();
  }
});
