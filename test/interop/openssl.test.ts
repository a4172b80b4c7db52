// Our exported public PEMs load in OpenSSL, and OpenSSL reads the same
// modulus / curve point that our JWK holds.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { exportPublicKey, generateKey } from '../../src/core/index';
import type { GenerateKeySpec, KeyMaterial } from '../../src/core/index';

function opensslText(pem: string): string {
  const run = spawnSync('openssl', ['pkey', '-pubin', '-noout', '-text'], { input: pem, encoding: 'utf8' });
  if (run.error) throw new Error(`openssl is not available: ${run.error.message}`);
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

/** The colon-separated hex block after `label` in openssl's text output. */
function hexBlock(text: string, label: string): string {
  const start = text.indexOf(label);
  assert.ok(start >= 0, `no "${label}" in:\n${text}`);
  const lines = text.slice(start + label.length).split('\n').slice(1);
  const hex: string[] = [];
  for (const line of lines) {
    if (!/^\s+[0-9a-f]{2}(:[0-9a-f]{2})*:?$/.test(line)) break;
    hex.push(line.trim());
  }
  return hex.join('').replace(/:/g, '');
}

function jwkHex(value: unknown): string {
  return Buffer.from(String(value), 'base64url').toString('hex');
}

async function exported(spec: GenerateKeySpec): Promise<{ key: KeyMaterial; pem: string }> {
  const g = await generateKey(spec);
  if (!g.ok) assert.fail(g.error.message);
  const pem = await exportPublicKey(g.key, 'pem');
  if (!pem.ok) assert.fail(pem.error.message);
  assert.match(pem.text, /^-----BEGIN PUBLIC KEY-----\n/);
  return { key: g.key, pem: pem.text };
}

describe('openssl pkey reads our public PEMs', () => {
  test('RSA 2048: same modulus and exponent', async () => {
    const { key, pem } = await exported({ alg: 'RS256' });
    const text = opensslText(pem);
    assert.match(text, /Public-Key: \(2048 bit\)/);
    assert.equal(hexBlock(text, 'Modulus:').replace(/^00/, ''), jwkHex(key.publicJwk?.n));
    assert.match(text, /Exponent: 65537 \(0x10001\)/);
  });

  for (const [alg, curve, nist] of [['ES256', 'prime256v1', 'P-256'], ['ES384', 'secp384r1', 'P-384'], ['ES512', 'secp521r1', 'P-521']] as const) {
    test(`${alg}: curve ${nist} and the same point`, async () => {
      const { key, pem } = await exported({ alg });
      const text = opensslText(pem);
      assert.match(text, new RegExp(`ASN1 OID: ${curve}`));
      assert.match(text, new RegExp(`NIST CURVE: ${nist}`));
      assert.equal(hexBlock(text, 'pub:'), `04${jwkHex(key.publicJwk?.x)}${jwkHex(key.publicJwk?.y)}`);
    });
  }

  test('Ed25519: same public key', async () => {
    const { key, pem } = await exported({ alg: 'EdDSA' });
    const text = opensslText(pem);
    assert.match(text, /ED25519 Public-Key/);
    assert.equal(hexBlock(text, 'pub:'), jwkHex(key.publicJwk?.x));
  });

  test('X25519 (ECDH-ES) exports too', async () => {
    const { key, pem } = await exported({ alg: 'ECDH-ES', crv: 'X25519' });
    const text = opensslText(pem);
    assert.match(text, /X25519 Public-Key/);
    assert.equal(hexBlock(text, 'pub:'), jwkHex(key.publicJwk?.x));
  });
});
