// RFC 9864 publishes no Ed25519 vectors of its own: its Ed25519 is RFC 8037's
// EdDSA with the Ed25519 parameters. So the RFC 8037 appendix A key (A.1/A.2)
// and its A.4 token are reused: the A.4 EdDSA token verifies with the key
// stored as Ed25519; the same payload under {"alg":"Ed25519"} is a new
// signature (the header is signed), which our signing reproduces byte for byte
// from node:crypto's own Ed25519; and A.4's signature moved under the new
// header is refused.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { CompactSign, base64url } from 'jose';
import { cryptoKeyFor, importKey, verifyToken } from '../../src/core/index';
import type { KeyMaterial } from '../../src/core/index';
import { loadVectors } from './conformanceFiles';

const a4 = loadVectors().find((v) => v.id === 'rfc8037-A.4-Ed25519');
if (!a4) throw new Error('jose-vectors.json has no rfc8037-A.4-Ed25519');
const [a4Header, a4Payload, a4Signature] = a4.token.split('.') as [string, string, string];
const ED25519_HEADER = base64url.encode('{"alg":"Ed25519"}');

async function stored(jwk: unknown, alg: 'EdDSA' | 'Ed25519'): Promise<KeyMaterial> {
  const r = await importKey(JSON.stringify(jwk), { alg });
  if (!r.ok) assert.fail(r.error.message);
  return r.keys[0] as KeyMaterial;
}

describe('RFC 8037 A.4 under RFC 9864 names', () => {
  test('the A.4 EdDSA token verifies with the A.1 key stored as Ed25519, and as EdDSA', async () => {
    assert.equal(new TextDecoder().decode(base64url.decode(a4Header)), '{"alg":"EdDSA"}');
    for (const alg of ['Ed25519', 'EdDSA'] as const) {
      const report = await verifyToken(a4.token, [await stored(a4.key, alg)]);
      assert.equal(report.signature, 'valid', `${alg}: ${report.message}`);
      assert.equal(report.key?.alg, alg);
    }
  });

  test('the same payload under {"alg":"Ed25519"}: our signature is node:crypto\'s, byte for byte, and new', async () => {
    const key = await stored(a4.privateKey, 'Ed25519');
    const loaded = await cryptoKeyFor(key, 'sign');
    assert.ok(loaded.ok);
    const ours = await new CompactSign(base64url.decode(a4Payload)).setProtectedHeader({ alg: 'Ed25519' }).sign(loaded.cryptoKey);
    const input = `${ED25519_HEADER}.${a4Payload}`;
    assert.equal(ours.slice(0, input.length), input);
    const theirs = nodeSign(null, Buffer.from(input), createPrivateKey({ key: a4.privateKey as JsonWebKey, format: 'jwk' })).toString('base64url');
    assert.equal(ours, `${input}.${theirs}`, 'Ed25519 is deterministic: the same key and input give the same signature');
    assert.notEqual(theirs, a4Signature, 'a different header is a different signing input');
    assert.ok(nodeVerify(null, Buffer.from(input), createPublicKey({ key: a4.key as JsonWebKey, format: 'jwk' }), base64url.decode(theirs)));
    for (const alg of ['Ed25519', 'EdDSA'] as const) {
      assert.equal((await verifyToken(ours, [await stored(a4.key, alg)])).signature, 'valid', alg);
    }
  });

  test('renaming is not possible: A.4\'s signature under the Ed25519 header is invalid', async () => {
    const renamed = `${ED25519_HEADER}.${a4Payload}.${a4Signature}`;
    for (const alg of ['Ed25519', 'EdDSA'] as const) {
      assert.equal((await verifyToken(renamed, [await stored(a4.key, alg)])).signature, 'invalid', alg);
    }
  });
});
