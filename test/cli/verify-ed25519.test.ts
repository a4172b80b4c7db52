// `jwt-studio verify` names the key it tried when an Ed25519 token fails
// with a JWK that says EdDSA (RFC 9864 and RFC 8037 names of one signature).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { runCli, tempFolder } from './cli';
import { tamperSignature, writeIn } from './verifyFixtures';
import { keyPair } from '../keyPairs';

const b64 = (value: object | Buffer): string => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

test('a bad Ed25519 token checked with an EdDSA JWK: the line names that key', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const { publicKey, privateKey } = keyPair('ed25519');
    const file = writeIn(dir, 'ed.jwk', { ...publicKey.export({ format: 'jwk' }), alg: 'EdDSA' });
    const input = `${b64({ alg: 'Ed25519', typ: 'JWT' })}.${b64({ sub: 'u1' })}`;
    const token = `${input}.${b64(sign(null, Buffer.from(input), privateKey))}`;
    const good = await runCli(['verify', token, '--key', file]);
    assert.equal(good.code, 0, good.stderr);
    const bad = await runCli(['verify', tamperSignature(token), '--key', file]);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /bad signature: tried [^:]*ed\.jwk: the token was changed/);
  } finally {
    cleanup();
  }
});
