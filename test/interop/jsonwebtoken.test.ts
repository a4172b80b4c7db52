// Interop with jsonwebtoken 9 (node-jsonwebtoken), both directions, for every
// algorithm both support. jsonwebtoken 9 has no EdDSA, so EdDSA is not tested
// here (PyJWT covers it).

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { exportPublicKey, generateKey, importKey, signToken, verifyToken } from '../../src/core/index';
import type { JwsAlg, KeyMaterial } from '../../src/core/index';
import { keyPair } from '../keyPairs';

const ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;
type SharedAlg = (typeof ALGS)[number];
const keys = new Map<SharedAlg, KeyMaterial>();

before(async () => {
  const rsaPem = keyPair('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  for (const alg of ALGS) {
    if (alg.startsWith('RS') || alg.startsWith('PS')) {
      const r = await importKey(rsaPem, { alg });
      if (!r.ok) assert.fail(r.error.message);
      keys.set(alg, r.keys[0] as KeyMaterial);
    } else {
      const r = await generateKey({ alg: alg as JwsAlg });
      if (!r.ok) assert.fail(r.error.message);
      keys.set(alg, r.key);
    }
  }
});

/** What jsonwebtoken takes as the verification key: the exported SPKI PEM, or the secret bytes. */
async function verifyMaterial(key: KeyMaterial): Promise<string | Buffer> {
  if (key.kty === 'oct') return Buffer.from(String(key.privateJwk?.k), 'base64url');
  const pem = await exportPublicKey(key, 'pem');
  if (!pem.ok) assert.fail(pem.error.message);
  return pem.text;
}

function signMaterial(key: KeyMaterial): string | Buffer {
  if (key.kty === 'oct') return Buffer.from(String(key.privateJwk?.k), 'base64url');
  return createPrivateKey({ key: key.privateJwk as JsonWebKey, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }) as string;
}

describe('jsonwebtoken 9 interop', () => {
  for (const alg of ALGS) {
    test(`${alg}: our token verifies in jsonwebtoken`, async () => {
      const key = keys.get(alg) as KeyMaterial;
      const ours = await signToken({ key, claims: { sub: 'user_42', aud: 'tableau', scp: ['tableau:views:embed'] }, ttlSeconds: 300 });
      if (!ours.ok) assert.fail(ours.error.message);
      const decoded = jwt.verify(ours.token, await verifyMaterial(key), { algorithms: [alg], audience: 'tableau', complete: true });
      assert.deepEqual(decoded.payload, ours.claims);
      assert.deepEqual(decoded.header, ours.header);
    });

    test(`${alg}: a jsonwebtoken token verifies with verifyToken`, async () => {
      const key = keys.get(alg) as KeyMaterial;
      const token = jwt.sign({ sub: 'user_42', role: 'EDITOR' }, signMaterial(key), { algorithm: alg, keyid: key.kid, expiresIn: 300 });
      const report = await verifyToken(token, [...keys.values()]);
      assert.equal(report.signature, 'valid', report.message);
      assert.deepEqual(report.key, { kid: key.kid, alg, matchedBy: 'kid' });
      assert.equal(report.claims.valid, true);
      // Without a kid, the algorithm selects the key.
      const bare = jwt.sign({ sub: 'x' }, signMaterial(key), { algorithm: alg });
      assert.equal((await verifyToken(bare, [key])).signature, 'valid');
    });
  }

  test('a tampered jsonwebtoken token is invalid here too', async () => {
    const key = keys.get('RS256') as KeyMaterial;
    const token = jwt.sign({ admin: false }, signMaterial(key), { algorithm: 'RS256' });
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from('{"admin":true}').toString('base64url')}.${s}`;
    assert.equal((await verifyToken(forged, [key])).signature, 'invalid');
    assert.throws(() => jwt.verify(forged, signMaterial(key) as string, { algorithms: ['RS256'] }));
  });

  test('EdDSA is not covered: jsonwebtoken 9 does not implement it', () => {
    assert.throws(() => jwt.sign({}, 'x'.repeat(32), { algorithm: 'EdDSA' as jwt.Algorithm }));
  });
});
