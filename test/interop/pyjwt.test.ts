// Interop with PyJWT (Debian's python3-jwt), both directions: PyJWT verifies
// our tokens and signs tokens that verifyToken must accept. One Python process
// per run, fed a JSON batch on stdin (pyjwt_check.py). Uses /usr/bin/python3
// on purpose: that is the interpreter the Debian package installs into.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import path from 'node:path';
import { exportPublicKey, generateKey, importKey, signToken, verifyToken } from '../../src/core/index';
import type { JwsAlg, KeyMaterial } from '../../src/core/index';
import { keyPair } from '../keyPairs';

const PYTHON = '/usr/bin/python3';
const INSTALL_HINT = 'apt-get install python3-jwt python3-cryptography';
const ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

interface PyResult {
  version: string;
  algorithms: string[];
  verified: Record<string, { ok: boolean; claims?: Record<string, unknown>; header?: Record<string, unknown>; error?: string }>;
  signed: Record<string, { ok: boolean; token?: string; error?: string }>;
}

const keys = new Map<JwsAlg, KeyMaterial>();
const ours = new Map<JwsAlg, { token: string; claims: Record<string, unknown>; header: Record<string, unknown> }>();
let py: PyResult;

function keyFor(key: KeyMaterial, part: 'public' | 'private', publicPem: string): { key: string; keyEncoding: 'pem' | 'base64url' } {
  if (key.kty === 'oct') return { key: String(key.privateJwk?.k), keyEncoding: 'base64url' };
  if (part === 'public') return { key: publicPem, keyEncoding: 'pem' };
  const pem = createPrivateKey({ key: key.privateJwk as JsonWebKey, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }) as string;
  return { key: pem, keyEncoding: 'pem' };
}

before(async () => {
  const probe = spawnSync(PYTHON, ['-c', 'import jwt, cryptography; print(jwt.__version__)'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`PyJWT is not available to ${PYTHON} (${(probe.stderr || String(probe.error)).trim()}). Install it: ${INSTALL_HINT}`);
  }
  const rsaPem = keyPair('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const verify: unknown[] = [];
  const sign: unknown[] = [];
  for (const alg of ALGS) {
    let key: KeyMaterial;
    if (alg.startsWith('RS') || alg.startsWith('PS')) {
      const r = await importKey(rsaPem, { alg });
      if (!r.ok) assert.fail(r.error.message);
      key = r.keys[0] as KeyMaterial;
    } else {
      const r = await generateKey({ alg });
      if (!r.ok) assert.fail(r.error.message);
      key = r.key;
    }
    keys.set(alg, key);
    const publicPem = key.kty === 'oct' ? '' : await exportPublicKey(key, 'pem').then((r) => (r.ok ? r.text : assert.fail(r.error.message)));
    const signed = await signToken({ key, claims: { sub: 'user_42', name: 'Ada Lovelace – ünïcode', groups: ['a', 'b'] }, ttlSeconds: 600 });
    if (!signed.ok) assert.fail(signed.error.message);
    ours.set(alg, { token: signed.token, claims: signed.claims, header: signed.header });
    verify.push({ id: alg, token: signed.token, alg, ...keyFor(key, 'public', publicPem) });
    sign.push({ id: alg, alg, kid: key.kid, payload: { sub: 'from-pyjwt', exp: Math.floor(Date.now() / 1000) + 600 }, ...keyFor(key, 'private', publicPem) });
  }
  const run = spawnSync(PYTHON, [path.join(__dirname, 'pyjwt_check.py')], { input: JSON.stringify({ verify, sign }), encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`pyjwt_check.py failed: ${run.stderr}`);
  py = JSON.parse(run.stdout) as PyResult;
});

describe('PyJWT interop', () => {
  test('PyJWT is present with its crypto algorithms', () => {
    assert.match(py.version, /^2\./);
    for (const alg of ALGS.filter((a) => a !== 'EdDSA')) assert.ok(py.algorithms.includes(alg), alg);
  });

  for (const alg of ALGS) {
    test(`${alg}: PyJWT verifies our token`, (t) => {
      if (alg === 'EdDSA' && !py.algorithms.includes('EdDSA')) {
        t.skip(`PyJWT ${py.version} has no EdDSA`);
        return;
      }
      const result = py.verified[alg];
      assert.ok(result?.ok, result?.error);
      const mine = ours.get(alg);
      assert.deepEqual(result.claims, mine?.claims);
      assert.deepEqual(result.header, mine?.header);
    });

    test(`${alg}: verifyToken accepts PyJWT's token`, async (t) => {
      if (alg === 'EdDSA' && !py.algorithms.includes('EdDSA')) {
        t.skip(`PyJWT ${py.version} has no EdDSA`);
        return;
      }
      const result = py.signed[alg];
      assert.ok(result?.ok, result?.error);
      const key = keys.get(alg) as KeyMaterial;
      const report = await verifyToken(result.token as string, [...keys.values()]);
      assert.equal(report.signature, 'valid', report.message);
      assert.deepEqual(report.key, { kid: key.kid, alg, matchedBy: 'kid' });
      assert.equal(report.claims.valid, true);
    });
  }
});
