// `jwt-studio mint`, run as a child process: N tokens, one per line, each
// with its own times and jti, accepted by jsonwebtoken and PyJWT; a reader
// that goes away early (`| head -1`); and every bad --count.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { compactDecrypt, importPKCS8 } from 'jose';
import { listPresets, newProfileTemplate } from '../../src/core/index';
import { CLI, runCli } from './cli';
import { genericProfile, jsonwebtokenVerify, makeKeys, parts, pyjwtVerify, writeProfile } from './signFixtures';
import type { KeyFiles, PyCheck } from './signFixtures';

let keys: KeyFiles;

before(() => {
  keys = makeKeys();
});
after(() => keys.cleanup());

async function mint(profile: string, args: string[], count: number): Promise<string[]> {
  const before = Math.floor(Date.now() / 1000);
  const run = await runCli(['mint', profile, ...args, '--count', String(count)], { cwd: keys.dir });
  const afterwards = Math.floor(Date.now() / 1000);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  assert.ok(run.stdout.endsWith('\n'));
  const lines = run.stdout.slice(0, -1).split('\n');
  assert.equal(lines.length, count);
  for (const line of lines.filter((l) => l.split('.').length === 3)) {
    const { payload } = parts(line);
    // Each token's own time: within the run.
    for (const name of ['iat', 'nbf'] as const) if (name in payload) assert.ok((payload[name] as number) >= before && (payload[name] as number) <= afterwards, `${name} ${payload[name]}`);
  }
  return lines;
}

describe('mint', () => {
  for (const { alg, keyFile } of [
    { alg: 'HS256', keyFile: () => keys.hs },
    { alg: 'RS256', keyFile: () => keys.rsa },
    { alg: 'ES256', keyFile: () => keys.ec },
    { alg: 'PS256', keyFile: () => keys.rsa },
    { alg: 'EdDSA', keyFile: () => keys.ed },
  ] as const) {
    test(`${alg}: tokens with their own jti, iat, nbf and exp; jsonwebtoken and PyJWT verify every one`, async () => {
      const profile = writeProfile(keys.dir, `mint-${alg}.jwt.yaml`, genericProfile(`alg: ${alg}\n`));
      const tokens = await mint(profile, ['--key', keyFile()], 40);
      const jtis = new Set<unknown>();
      const checks: PyCheck[] = [];
      tokens.forEach((token, i) => {
        const { header, payload } = parts(token);
        assert.deepEqual(header, { alg, typ: 'JWT' });
        assert.deepEqual(Object.keys(payload), ['sub', 'iss', 'role', 'iat', 'nbf', 'exp', 'jti']);
        assert.equal(payload.exp, (payload.iat as number) + 600);
        assert.match(String(payload.jti), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        jtis.add(payload.jti);
        if (alg !== 'EdDSA') assert.deepEqual(jsonwebtokenVerify(token, keys, keyFile(), alg).payload, payload);
        checks.push({ id: `${alg}-${i}`, token, alg, keyFile: keyFile() });
      });
      assert.equal(jtis.size, tokens.length);
      const claims = pyjwtVerify(keys, checks);
      assert.equal(Object.keys(claims).length, tokens.length);
    });
  }

  test('tableau: the header takes iss from the claims and the kid given; 20,000 tokens with distinct jti', async () => {
    const tableau = listPresets().find((p) => p.id === 'tableau');
    assert.ok(tableau);
    const profile = writeProfile(keys.dir, 'mint-tableau.jwt.yaml', newProfileTemplate(tableau, 'k1'));
    const tokens = await mint(profile, ['--key', keys.hs, '--kid', 'connected-app-secret-id'], 20_000);
    const jtis = new Set<unknown>();
    for (const token of tokens) {
      const { header, payload } = jsonwebtokenVerify(token, keys, keys.hs, 'HS256');
      assert.equal(header.kid, 'connected-app-secret-id');
      assert.equal((header as { iss?: string }).iss, payload.iss);
      assert.equal(payload.aud, 'tableau');
      jtis.add(payload.jti);
    }
    assert.equal(jtis.size, tokens.length);
  });

  test('an encrypted profile: each line a JWE to the recipient, around its own signed token', async () => {
    const profile = writeProfile(keys.dir, 'mint-enc.jwt.yaml', `${genericProfile()}encrypt: { key: partner, alg: RSA-OAEP-256, enc: A128GCM }\n`);
    const tokens = await mint(profile, ['--key', `k1=${keys.rsa}`, '--key', `partner=${keys.partnerPub}`], 3);
    const recipient = await importPKCS8(readFileSync(keys.partner, 'utf8'), 'RSA-OAEP-256');
    const jtis = new Set<unknown>();
    for (const token of tokens) {
      assert.equal(token.split('.').length, 5);
      const { plaintext } = await compactDecrypt(token, recipient);
      jtis.add(jsonwebtokenVerify(new TextDecoder().decode(plaintext), keys, keys.rsa, 'RS256').payload.jti);
    }
    assert.equal(jtis.size, 3);
  });

  test('stdin closed does not matter', async () => {
    const profile = writeProfile(keys.dir, 'mint-stdin.jwt.yaml', genericProfile());
    const run = await runCli(['mint', profile, '--key', keys.hs, '--count', '2'], { cwd: keys.dir, stdin: 'closed' });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.split('\n').length, 3);
  });

  for (const { keyName, keyFile } of [
    { keyName: 'HS256', keyFile: () => keys.hs },
    { keyName: 'RS256', keyFile: () => keys.rsa },
  ]) {
    test(`${keyName} | head -1: the first token, then a quiet exit 0 when the reader goes (of 10,000,000 asked)`, async () => {
      const profile = writeProfile(keys.dir, `mint-head-${keyName}.jwt.yaml`, genericProfile());
      const child = spawn(process.execPath, [CLI, 'mint', profile, '--key', keyFile(), '--count', '10000000'], { cwd: keys.dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let first = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const code = await new Promise<number | null>((resolve) => {
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          if (first.includes('\n')) return;
          first += d;
          // As head does: read one line, then close the pipe.
          if (first.includes('\n')) child.stdout.destroy();
        });
        child.on('close', (exitCode) => resolve(exitCode));
      });
      clearTimeout(timer);
      assert.equal(code, 0, stderr);
      assert.equal(stderr, '');
      jsonwebtokenVerify(first.split('\n')[0] as string, keys, keyFile(), 'RS256' === keyName ? 'RS256' : 'HS256');
    });
  }

  test('an output that fails (a full disk, /dev/full): exit 2 with one line, no stack trace', async () => {
    const profile = writeProfile(keys.dir, 'mint-full.jwt.yaml', genericProfile());
    for (const args of [['mint', profile, '--key', keys.rsa, '--count', '100000'], ['mint', profile, '--key', keys.hs, '--count', '100000'], ['sign', profile, '--key', keys.hs]]) {
      const full = openSync('/dev/full', 'w');
      const child = spawn(process.execPath, [CLI, ...args], { cwd: keys.dir, stdio: ['ignore', full, 'pipe'] });
      closeSync(full);
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 2, stderr);
      assert.equal(stderr, 'jwt-studio: the output could not be written (ENOSPC); what was written is incomplete\n');
    }
  });

  test('bad --count: 0, abc, -1, 1.5, 1e3, over 10,000,000 or missing: exit 2, before any file is read', async () => {
    for (const count of ['0', 'abc', '-1', '1.5', '1e3', '10000001', '99999999999', '']) {
      const run = await runCli(['mint', 'never-read.jwt.yaml', '--key', 'never-read.pem', `--count=${count}`], { cwd: keys.dir });
      assert.equal(run.code, 2, count);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^jwt-studio: --count must be a whole number from 1 to 10,000,000, not ".*" \(see "jwt-studio mint --help"\)\n$/, count);
    }
    const missing = await runCli(['mint', 'never-read.jwt.yaml', '--key', 'never-read.pem'], { cwd: keys.dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--count N is missing/);
  });

  test('the refusals sign makes hold for mint: a lifetime over the maximum (exit 1), a key file that is not there (exit 2)', async () => {
    const tableau = listPresets().find((p) => p.id === 'tableau');
    assert.ok(tableau);
    const profile = writeProfile(keys.dir, 'mint-long.jwt.yaml', newProfileTemplate(tableau, 'k1').replace(/^ttl: .*$/m, 'ttl: 20m'));
    const long = await runCli(['mint', profile, '--key', keys.hs, '--count', '5'], { cwd: keys.dir });
    assert.equal(long.code, 1);
    assert.equal(long.stdout, '');
    assert.match(long.stderr, /mint-long\.jwt\.yaml:\d+: .*accepts at most 10m/);
    const absent = await runCli(['mint', profile, '--key', 'absent.pem', '--count', '5'], { cwd: keys.dir });
    assert.equal(absent.code, 2);
    assert.match(absent.stderr, /absent\.pem: no such file/);
  });
});
