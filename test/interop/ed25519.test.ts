// Tokens under RFC 9864's name Ed25519, with two other implementations.
// - PyJWT (Debian's python3-jwt): 2.6 predates RFC 9864 and knows Ed25519
//   only as EdDSA, so its own EdDSA implementation is registered under the
//   name Ed25519 (jwt.register_algorithm, pyjwt_check.py's "aliases"); a PyJWT
//   that knows the name natively is used as it is. Both directions, and
//   across names.
// - openssl (pkeyutl -rawin): verifies our signature over the signing input
//   with our exported public key, and signs one that we verify.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { base64url } from 'jose';
import { exportPublicKey, generateKey, importKey, publicOnly, signToken, verifyToken } from '../../src/core/index';
import type { KeyMaterial } from '../../src/core/index';

const PYTHON = '/usr/bin/python3';

interface PyResult {
  version: string;
  algorithms: string[];
  registered: string[];
  verified: Record<string, { ok: boolean; claims?: Record<string, unknown>; header?: Record<string, unknown>; error?: string }>;
  signed: Record<string, { ok: boolean; token?: string; error?: string }>;
}

let named: KeyMaterial;
let legacy: KeyMaterial;
let publicPem: string;
let privatePem: string;
let ours: { token: string; claims: Record<string, unknown>; header: Record<string, unknown> };
let py: PyResult;

before(async () => {
  const g = await generateKey({ alg: 'Ed25519' });
  if (!g.ok) assert.fail(g.error.message);
  named = g.key;
  const again = await importKey(JSON.stringify({ ...named.privateJwk, alg: 'EdDSA' }));
  if (!again.ok) assert.fail(again.error.message);
  legacy = again.keys[0] as KeyMaterial;
  const pem = await exportPublicKey(named, 'pem');
  if (!pem.ok) assert.fail(pem.error.message);
  publicPem = pem.text;
  privatePem = createPrivateKey({ key: named.privateJwk as JsonWebKey, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }) as string;
  const signed = await signToken({ key: named, claims: { sub: 'user_42', name: 'Ada – ünïcode' }, ttlSeconds: 600 });
  if (!signed.ok) assert.fail(signed.error.message);
  ours = { token: signed.token, claims: signed.claims, header: signed.header };

  const payload = { sub: 'from-pyjwt', exp: Math.floor(Date.now() / 1000) + 600 };
  const batch = {
    aliases: { Ed25519: 'EdDSA' },
    verify: [
      { id: 'Ed25519', token: ours.token, alg: 'Ed25519', key: publicPem, keyEncoding: 'pem' },
      // A verifier that allows only EdDSA refuses the Ed25519 name: why a preset may require one.
      { id: 'EdDSA-only', token: ours.token, alg: 'EdDSA', key: publicPem, keyEncoding: 'pem' },
    ],
    sign: [
      { id: 'Ed25519', alg: 'Ed25519', key: privatePem, keyEncoding: 'pem', kid: named.kid, payload },
      { id: 'EdDSA', alg: 'EdDSA', key: privatePem, keyEncoding: 'pem', kid: named.kid, payload },
    ],
  };
  const run = spawnSync(PYTHON, [path.join(__dirname, 'pyjwt_check.py')], { input: JSON.stringify(batch), encoding: 'utf8' });
  if (run.error || run.status !== 0) throw new Error(`pyjwt_check.py failed: ${run.stderr || String(run.error)} (apt-get install python3-jwt python3-cryptography)`);
  py = JSON.parse(run.stdout) as PyResult;
});

describe('PyJWT and Ed25519-named tokens', () => {
  test('PyJWT uses its own Ed25519 implementation under the RFC 9864 name', () => {
    assert.ok(py.algorithms.includes('EdDSA'), `PyJWT ${py.version} has EdDSA`);
    // Registered only when PyJWT does not know the name itself.
    assert.deepEqual(py.registered, py.algorithms.includes('Ed25519') ? [] : ['Ed25519']);
  });

  test('PyJWT verifies our Ed25519 token, allowing Ed25519', () => {
    const result = py.verified.Ed25519;
    assert.ok(result?.ok, result?.error);
    assert.deepEqual(result.header, ours.header);
    assert.equal(result.header?.alg, 'Ed25519');
    assert.deepEqual(result.claims, ours.claims);
  });

  test('PyJWT refuses it when it allows only EdDSA', () => {
    const result = py.verified['EdDSA-only'];
    assert.equal(result?.ok, false);
    assert.match(result?.error ?? '', /InvalidAlgorithmError/);
  });

  test("our Ed25519 and EdDSA keys verify PyJWT's Ed25519 and EdDSA tokens", async () => {
    for (const name of ['Ed25519', 'EdDSA'] as const) {
      const result = py.signed[name];
      assert.ok(result?.ok, result?.error);
      const header = JSON.parse(Buffer.from(String(result.token).split('.')[0] as string, 'base64url').toString('utf8')) as Record<string, unknown>;
      assert.equal(header.alg, name);
      for (const key of [named, legacy]) {
        const report = await verifyToken(result.token as string, [publicOnly(key)]);
        assert.equal(report.signature, 'valid', `${name} token, ${key.alg} key: ${report.message}`);
        assert.equal(report.claims.valid, true);
      }
    }
  });
});

describe('openssl and Ed25519-named tokens', () => {
  let dir: string;
  const openssl = (args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const run = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (run.error) throw new Error(`openssl is not available: ${run.error.message}`);
    return run;
  };

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'jwt-studio-ed25519-'));
    writeFileSync(path.join(dir, 'public.pem'), publicPem);
    writeFileSync(path.join(dir, 'private.pem'), privatePem, { mode: 0o600 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('openssl pkeyutl -verify -rawin accepts our signature over the signing input, and refuses a changed one', () => {
    const [h, p, s] = ours.token.split('.') as [string, string, string];
    writeFileSync(path.join(dir, 'input'), `${h}.${p}`);
    writeFileSync(path.join(dir, 'sig'), base64url.decode(s));
    const good = openssl(['pkeyutl', '-verify', '-pubin', '-inkey', 'public.pem', '-rawin', '-in', 'input', '-sigfile', 'sig']);
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /Signature Verified Successfully/);
    writeFileSync(path.join(dir, 'input'), `${h}.${base64url.encode('{"sub":"mallory"}')}`);
    const bad = openssl(['pkeyutl', '-verify', '-pubin', '-inkey', 'public.pem', '-rawin', '-in', 'input', '-sigfile', 'sig']);
    assert.notEqual(bad.status, 0);
  });

  test('a token openssl signs under {"alg":"Ed25519"} verifies here with either name', async () => {
    const input = `${base64url.encode(JSON.stringify({ alg: 'Ed25519', kid: named.kid }))}.${base64url.encode(JSON.stringify({ sub: 'from-openssl' }))}`;
    writeFileSync(path.join(dir, 'input'), input);
    const signed = openssl(['pkeyutl', '-sign', '-inkey', 'private.pem', '-rawin', '-in', 'input', '-out', 'sig']);
    assert.equal(signed.status, 0, signed.stderr);
    const token = `${input}.${base64url.encode(readFileSync(path.join(dir, 'sig')))}`;
    for (const key of [named, legacy]) {
      const report = await verifyToken(token, [publicOnly(key)]);
      assert.equal(report.signature, 'valid', `${key.alg}: ${report.message}`);
    }
  });
});
