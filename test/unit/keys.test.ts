import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { base64url } from 'jose';
import {
  publicHalfRole,
  cryptoKeyFor,
  exportPublicKey,
  generateKey,
  importKey,
  publicOnly,
  signToken,
  thumbprint,
  verifyToken,
} from '../../src/core/index';
import type { GenerateKeySpec, KeyMaterial } from '../../src/core/index';
import { childrenOf, readRoot, sequence, TAG_CONTEXT_0 } from '../../src/core/keys/der';
import { encodePem } from '../../src/core/keys/pem';
import { ALGORITHMS, CURVES, HMAC_MIN_BYTES, WRAP_KEY_BYTES, describeNeededKey, inferAlg, keyShapeFor } from '../../src/core/jose/algorithms';
import { JWE_KEY_ALGS, JWS_ALGS } from '../../src/core/base/types';
import { keyPair } from '../keyPairs';

function pem(key: KeyObject, type: 'pkcs1' | 'pkcs8' | 'spki' | 'sec1'): string {
  return key.export({ type, format: 'pem' } as never) as unknown as string;
}

async function importOne(text: string, options?: Parameters<typeof importKey>[1]): Promise<{ key: KeyMaterial; recognised: string; warnings: string[] }> {
  const r = await importKey(text, options);
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  assert.equal(r.keys.length, 1);
  return { key: r.keys[0] as KeyMaterial, recognised: r.recognised, warnings: r.warnings };
}

async function importError(text: string, options?: Parameters<typeof importKey>[1]): Promise<{ code: string; message: string }> {
  const r = await importKey(text, options);
  if (r.ok) assert.fail(`expected an error, got: ${r.recognised}`);
  return r.error;
}

let rsa: { privateKey: KeyObject; publicKey: KeyObject };
let ec256: { privateKey: KeyObject; publicKey: KeyObject };
let ec521: { privateKey: KeyObject; publicKey: KeyObject };

before(() => {
  rsa = keyPair('rsa', { modulusLength: 2048 });
  ec256 = keyPair('ec', { namedCurve: 'P-256' });
  ec521 = keyPair('ec', { namedCurve: 'P-521' });
});

describe('generateKey', () => {
  const specs: { spec: GenerateKeySpec; kty: string; size: string; use: 'sig' | 'enc' }[] = [
    { spec: { alg: 'RS256' }, kty: 'RSA', size: '2048 bits', use: 'sig' },
    { spec: { alg: 'PS384', modulusLength: 3072 }, kty: 'RSA', size: '3072 bits', use: 'sig' },
    { spec: { alg: 'RSA-OAEP-256' }, kty: 'RSA', size: '2048 bits', use: 'enc' },
    { spec: { alg: 'ES256' }, kty: 'EC', size: 'P-256', use: 'sig' },
    { spec: { alg: 'ES384' }, kty: 'EC', size: 'P-384', use: 'sig' },
    { spec: { alg: 'ES512' }, kty: 'EC', size: 'P-521', use: 'sig' },
    { spec: { alg: 'EdDSA' }, kty: 'OKP', size: 'Ed25519', use: 'sig' },
    { spec: { alg: 'ECDH-ES' }, kty: 'EC', size: 'P-256', use: 'enc' },
    { spec: { alg: 'ECDH-ES+A128KW', crv: 'P-384' }, kty: 'EC', size: 'P-384', use: 'enc' },
    { spec: { alg: 'ECDH-ES+A256KW', crv: 'P-521' }, kty: 'EC', size: 'P-521', use: 'enc' },
    { spec: { alg: 'ECDH-ES+A192KW', crv: 'X25519' }, kty: 'OKP', size: 'X25519', use: 'enc' },
    { spec: { alg: 'HS256' }, kty: 'oct', size: '256 bits', use: 'sig' },
    { spec: { alg: 'HS384' }, kty: 'oct', size: '384 bits', use: 'sig' },
    { spec: { alg: 'HS512' }, kty: 'oct', size: '512 bits', use: 'sig' },
    { spec: { alg: 'HS256', secretBytes: 100 }, kty: 'oct', size: '800 bits', use: 'sig' },
    { spec: { alg: 'A128KW' }, kty: 'oct', size: '128 bits', use: 'enc' },
    { spec: { alg: 'A192KW' }, kty: 'oct', size: '192 bits', use: 'enc' },
    { spec: { alg: 'A256GCMKW' }, kty: 'oct', size: '256 bits', use: 'enc' },
    { spec: { alg: 'dir' }, kty: 'oct', size: '256 bits', use: 'enc' },
    { spec: { alg: 'dir', secretBytes: 64 }, kty: 'oct', size: '512 bits', use: 'enc' },
    { spec: { alg: 'PBES2-HS512+A256KW' }, kty: 'oct', size: '256 bits', use: 'enc' },
  ];
  for (const { spec, kty, size, use } of specs) {
    test(`${JSON.stringify(spec)} → ${kty} ${size}`, async () => {
      const r = await generateKey(spec);
      if (!r.ok) assert.fail(r.error.message);
      const key = r.key;
      assert.equal(key.alg, spec.alg);
      assert.equal(key.kty, kty);
      assert.equal(key.size, size);
      assert.equal(key.use, use);
      assert.ok(key.privateJwk);
      assert.equal(key.privateJwk.alg, spec.alg);
      assert.equal(key.privateJwk.use, use);
      assert.equal(key.privateJwk.kid, key.kid);
      if (kty === 'oct') {
        assert.equal(key.publicJwk, undefined);
        // A shared key's kid is random (H94): never the thumbprint, an unsalted hash of the secret.
        assert.notEqual(key.kid, await thumbprint({ kty: 'oct', k: key.privateJwk.k as string }));
        assert.match(key.kid, /^[A-Za-z0-9_-]{22}$/);
        const again = await generateKey(spec);
        assert.ok(again.ok);
        assert.notEqual(again.key.kid, key.kid, 'a fresh kid for every key');
      } else {
        assert.ok(key.publicJwk);
        assert.equal(key.publicJwk.alg, spec.alg);
        assert.equal(key.publicJwk.use, use);
        assert.equal(key.publicJwk.d, undefined, 'public JWK carries no private member');
        assert.equal(key.kid, await thumbprint(key.publicJwk), 'kid is the RFC 7638 thumbprint of the public JWK');
      }
    });
  }

  test('a given kid is kept', async () => {
    const r = await generateKey({ alg: 'ES256', kid: 'ap-prod-2026' });
    assert.ok(r.ok);
    assert.equal(r.key.kid, 'ap-prod-2026');
    assert.equal(r.key.publicJwk?.kid, 'ap-prod-2026');
  });

  const refusals: [GenerateKeySpec, string][] = [
    [{ alg: 'ES256', crv: 'P-384' }, 'KEY_ALG_MISMATCH'],
    [{ alg: 'RS256', modulusLength: 1024 as 2048 }, 'KEY_UNSUPPORTED'],
    [{ alg: 'RS256', crv: 'P-256' }, 'KEY_ALG_MISMATCH'],
    [{ alg: 'HS256', secretBytes: 16 }, 'KEY_TOO_SHORT'],
    [{ alg: 'HS512', secretBytes: 32 }, 'KEY_TOO_SHORT'],
    [{ alg: 'A128KW', secretBytes: 32 }, 'KEY_ALG_MISMATCH'],
    [{ alg: 'dir', secretBytes: 20 }, 'KEY_ALG_MISMATCH'],
    [{ alg: 'ES256', secretBytes: 32 }, 'KEY_ALG_MISMATCH'],
    [{ alg: 'none' as 'HS256' }, 'KEY_UNSUPPORTED'],
    [{ alg: 'RSA1_5' as 'HS256' }, 'KEY_UNSUPPORTED'],
    [{ alg: 'HS256', kid: 'bad\u202ekid' }, 'KEY_BAD_JWK'],
  ];
  for (const [spec, code] of refusals) {
    test(`refuses ${JSON.stringify(spec)} with ${code}`, async () => {
      const r = await generateKey(spec);
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.error.code, code);
    });
  }
});

describe('importKey: PEM', () => {
  test('PKCS#8 RSA private key', async () => {
    const { key, recognised, warnings } = await importOne(pem(rsa.privateKey, 'pkcs8'));
    assert.equal(recognised, 'PKCS#8 private key, RSA 2048 bits, for RS256');
    assert.deepEqual(warnings, []);
    assert.equal(key.alg, 'RS256');
    assert.ok(key.privateJwk?.d);
    assert.equal(key.kid, await thumbprint(key.publicJwk as never));
  });

  test('PKCS#1 RSA private key (converted through our own DER wrapper)', async () => {
    const { key, recognised } = await importOne(pem(rsa.privateKey, 'pkcs1'));
    assert.equal(recognised, 'PKCS#1 RSA private key, 2048 bits, for RS256');
    const fromPkcs8 = await importOne(pem(rsa.privateKey, 'pkcs8'));
    assert.deepEqual(key.privateJwk, fromPkcs8.key.privateJwk, 'PKCS#1 and PKCS#8 give the same JWK');
  });

  test('PKCS#1 RSA public key is verify-only with a warning', async () => {
    const { key, recognised, warnings } = await importOne(pem(rsa.publicKey, 'pkcs1'), { alg: 'PS512' });
    assert.equal(recognised, 'PKCS#1 RSA public key, 2048 bits, for PS512 (verify-only: no private key)');
    assert.equal(key.privateJwk, undefined);
    assert.match(warnings.join(' '), /verify tokens but not sign/);
  });

  test('an RSA-OAEP public key is encrypt-only', async () => {
    const { key, recognised } = await importOne(pem(rsa.publicKey, 'spki'), { alg: 'RSA-OAEP-256' });
    assert.equal(recognised, 'SPKI public key, RSA 2048 bits, for RSA-OAEP-256 (encrypt-only: no private key)');
    assert.equal(publicHalfRole(key), 'encrypt-only');
  });

  test('SPKI public key', async () => {
    const { key, recognised } = await importOne(pem(ec256.publicKey, 'spki'));
    assert.equal(recognised, 'SPKI public key, EC P-256, for ES256 (verify-only: no private key)');
    assert.equal(key.privateJwk, undefined);
  });

  test('SEC1 EC private keys, curve from the parameters', async () => {
    const p256 = await importOne(pem(ec256.privateKey, 'sec1'));
    assert.equal(p256.recognised, 'SEC1 EC private key, P-256, for ES256');
    const p521 = await importOne(pem(ec521.privateKey, 'sec1'));
    assert.equal(p521.recognised, 'SEC1 EC private key, P-521, for ES512');
    const viaPkcs8 = await importOne(pem(ec521.privateKey, 'pkcs8'));
    assert.deepEqual(p521.key.privateJwk, viaPkcs8.key.privateJwk);
  });

  test('SEC1 EC private key without curve parameters: curve from the alg, else from the key length', async () => {
    const der = ec256.privateKey.export({ type: 'sec1', format: 'der' });
    const bytes = new Uint8Array(der);
    const root = readRoot(bytes);
    const kept = childrenOf(bytes, root).filter((n) => n.tag !== TAG_CONTEXT_0).map((n) => bytes.slice(n.start, n.end));
    const bare = encodePem('EC PRIVATE KEY', sequence(...kept));
    const withAlg = await importOne(bare, { alg: 'ES256' });
    assert.equal(withAlg.key.size, 'P-256');
    const inferred = await importOne(bare);
    assert.equal(inferred.key.alg, 'ES256');
    assert.deepEqual(inferred.key.privateJwk, (await importOne(pem(ec256.privateKey, 'pkcs8'))).key.privateJwk);
  });

  test('Ed25519 and X25519 PKCS#8', async () => {
    const ed = keyPair('ed25519');
    const x = keyPair('x25519');
    assert.equal((await importOne(pem(ed.privateKey, 'pkcs8'))).recognised, 'PKCS#8 private key, Ed25519, for EdDSA');
    const xk = await importOne(pem(x.privateKey, 'pkcs8'));
    assert.equal(xk.recognised, 'PKCS#8 private key, X25519, for ECDH-ES');
    assert.equal(xk.key.use, 'enc');
    assert.equal((await importOne(pem(x.publicKey, 'spki'), { alg: 'ECDH-ES+A256KW' })).key.alg, 'ECDH-ES+A256KW');
  });

  test('PEM pasted indented with Windows line ends and text around it', async () => {
    const text = `Bag Attributes: none\r\n${pem(rsa.privateKey, 'pkcs8').split('\n').map((l) => `    ${l}`).join('\r\n')}\r\ntrailing words`;
    assert.equal((await importOne(text)).key.kty, 'RSA');
  });

  test('X.509 certificate made by openssl', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jwt-studio-cert-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-subj', '/CN=jwt-studio test', '-days', '2'], { stdio: 'ignore' });
      const cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
      const { key, recognised, warnings } = await importOne(cert);
      assert.equal(recognised, 'X.509 certificate with an EC P-256 public key, for ES256 (verify-only: no private key)');
      assert.equal(key.privateJwk, undefined);
      assert.match(warnings.join(' '), /validity dates, issuer and chain are not checked/);
      // The certificate's key verifies what its private key signs.
      const signer = await importOne(readFileSync(path.join(dir, 'key.pem'), 'utf8'));
      const signed = await signToken({ key: signer.key, claims: { sub: 'cert' } });
      assert.ok(signed.ok);
      assert.equal((await verifyToken(signed.token, [key])).signature, 'valid');
      // Key and certificate in one file: the private key is taken, the certificate noted.
      const both = await importKey(`${cert}\n${readFileSync(path.join(dir, 'key.pem'), 'utf8')}`);
      assert.ok(both.ok);
      assert.ok(both.keys[0]?.privateJwk);
      assert.match(both.warnings.join(' '), /ignored 1 other block/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('importKey: JWK and JWKS', () => {
  test('private JWK keeps use, alg and key_ops, and derives the public half', async () => {
    const jwk = { ...(ec256.privateKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'k-1', use: 'sig', alg: 'ES256', key_ops: ['sign'] };
    const { key, recognised } = await importOne(JSON.stringify(jwk));
    assert.equal(recognised, "JWK EC P-256, private, for ES256 (kid 'k-1')");
    assert.equal(key.kid, 'k-1');
    assert.deepEqual(key.privateJwk?.key_ops, ['sign']);
    assert.deepEqual(key.publicJwk?.key_ops, ['verify']);
    assert.equal(key.publicJwk?.d, undefined);
    assert.ok((await cryptoKeyFor(key, 'sign')).ok);
    assert.ok((await cryptoKeyFor(key, 'verify')).ok);
  });

  test('public JWK without alg: inferred, verify-only', async () => {
    const jwk = rsa.publicKey.export({ format: 'jwk' });
    const { key, warnings } = await importOne(JSON.stringify(jwk));
    assert.equal(key.alg, 'RS256');
    assert.equal(key.privateJwk, undefined);
    assert.equal(warnings.length, 1);
  });

  test('use "enc" steers the inferred algorithm', async () => {
    const jwk = { ...(rsa.publicKey.export({ format: 'jwk' }) as object), use: 'enc' };
    assert.equal((await importOne(JSON.stringify(jwk))).key.alg, 'RSA-OAEP-256');
  });

  test('JWKS with several keys; options.kid is not applied to a set', async () => {
    const set = {
      keys: [
        { ...(rsa.publicKey.export({ format: 'jwk' }) as object), kid: 'r1', alg: 'RS256', use: 'sig' },
        { ...(ec256.publicKey.export({ format: 'jwk' }) as object), kid: 'e1' },
        { kty: 'oct', kid: 's1', k: base64url.encode(new Uint8Array(32).fill(7)), alg: 'HS256' },
      ],
    };
    const r = await importKey(JSON.stringify(set), { kid: 'ignored' });
    assert.ok(r.ok);
    assert.deepEqual(r.keys.map((k) => [k.kid, k.alg]), [['r1', 'RS256'], ['e1', 'ES256'], ['s1', 'HS256']]);
    assert.match(r.recognised, /^JWK Set with 3 keys: RSA 2048 bits, public only, for RS256 \(kid 'r1'\)/);
    assert.match(r.warnings.join(' '), /kid you gave was not applied/);
  });

  test('JWKS: a bad key is skipped with a warning', async () => {
    const set = { keys: [{ kty: 'RSA', kid: 'broken', e: 'AQAB' }, { ...(ec256.publicKey.export({ format: 'jwk' }) as object), kid: 'ok' }] };
    const r = await importKey(JSON.stringify(set));
    assert.ok(r.ok);
    assert.deepEqual(r.keys.map((k) => k.kid), ['ok']);
    assert.match(r.warnings.join(' '), /Skipped key 1: .*missing member "n"/);
  });

  test('JWK errors name the member', async () => {
    const noN = await importError(JSON.stringify({ kty: 'RSA', e: 'AQAB' }));
    assert.equal(noN.code, 'KEY_BAD_JWK');
    assert.match(noN.message, /"n"/);
    const priv = rsa.privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
    delete priv.p;
    const noP = await importError(JSON.stringify(priv));
    assert.equal(noP.code, 'KEY_BAD_JWK');
    assert.match(noP.message, /"p"/);
    const noKty = await importError('{"k":"abc"}');
    assert.equal(noKty.code, 'KEY_BAD_JWK');
    assert.match(noKty.message, /"kty"/);
    const badB64 = await importError(JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'a+b', y: 'cc' }));
    assert.match(badB64.message, /"x" is not base64url/);
    const notJson = await importError('{"kty": "RSA",');
    assert.equal(notJson.code, 'KEY_BAD_JWK');
  });

  test('JWK whose private and public members do not belong together', async () => {
    const a = ec256.privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
    const other = keyPair('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
    const r = await importError(JSON.stringify({ ...a, d: other.d }));
    assert.equal(r.code, 'KEY_BAD_JWK');
  });

  test('empty JWKS → KEY_EMPTY_SET', async () => {
    assert.equal((await importError('{"keys": []}')).code, 'KEY_EMPTY_SET');
  });

  test('JWK alg that contradicts the chosen alg or its use', async () => {
    const hs = JSON.stringify({ kty: 'oct', k: base64url.encode(new Uint8Array(64)), alg: 'HS256' });
    const e1 = await importError(hs, { alg: 'HS512' });
    assert.equal(e1.code, 'KEY_ALG_MISMATCH');
    assert.match(e1.message, /HS256/);
    assert.match(e1.message, /HS512/);
    const encEc = JSON.stringify({ ...(ec256.publicKey.export({ format: 'jwk' }) as object), use: 'enc', alg: 'ES256' });
    assert.equal((await importError(encEc)).code, 'KEY_ALG_MISMATCH');
  });
});

describe('importKey: shared secrets', () => {
  const bytes = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
  const hex = Buffer.from(bytes).toString('hex');
  const b64 = Buffer.from(bytes).toString('base64');
  const b64u = Buffer.from(bytes).toString('base64url');

  test('auto: the UTF-8 text, like jsonwebtoken and PyJWT', async () => {
    const r = await importKey('a-long-enough-passphrase-for-hs256!!');
    assert.ok(r.ok);
    const key = r.keys[0] as KeyMaterial;
    assert.equal(r.recognised, 'shared secret, 36 bytes (UTF-8 text), for HS256');
    assert.equal(key.privateJwk?.k, Buffer.from('a-long-enough-passphrase-for-hs256!!').toString('base64url'));
    assert.notEqual(key.kid, await thumbprint({ kty: 'oct', k: key.privateJwk?.k as string }));
    assert.deepEqual(r.randomKids, [key.kid]);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0] as string, /never its RFC 7638 thumbprint: that is an unsalted SHA-256 of the secret/);
  });

  test('auto: hex-looking text stays UTF-8 but says it also reads as hex', async () => {
    const { key, warnings } = await importOne(hex);
    assert.equal(key.size, '512 bits');
    assert.match(warnings.join(' '), /also reads as hex \(32 bytes\)/);
  });

  for (const [encoding, text] of [['hex', hex], ['base64', b64], ['base64url', b64u], ['utf8', 'x'.repeat(32)]] as const) {
    test(`encoding ${encoding}`, async () => {
      const { key, recognised } = await importOne(text, { secretEncoding: encoding });
      const expected = encoding === 'utf8' ? Buffer.from('x'.repeat(32)) : Buffer.from(bytes);
      assert.equal(key.privateJwk?.k, expected.toString('base64url'));
      assert.match(recognised, new RegExp(`^shared secret, 32 bytes \\(${encoding === 'utf8' ? 'UTF-8 text' : encoding}\\), for HS256$`));
    });
  }

  test('bad encodings are refused', async () => {
    assert.equal((await importError('xyz', { secretEncoding: 'hex' })).code, 'KEY_UNRECOGNISED');
    assert.equal((await importError('a*b', { secretEncoding: 'base64' })).code, 'KEY_UNRECOGNISED');
  });

  test('short secrets → KEY_TOO_SHORT stating the minimum', async () => {
    const e = await importError('secret');
    assert.equal(e.code, 'KEY_TOO_SHORT');
    assert.match(e.message, /at least 32 bytes/);
    const e512 = await importError(hex, { alg: 'HS512', secretEncoding: 'hex' });
    assert.equal(e512.code, 'KEY_TOO_SHORT');
    assert.match(e512.message, /at least 64 bytes/);
  });

  test('AES key-wrap secrets must be exactly their size', async () => {
    assert.equal((await importOne(Buffer.from(bytes.slice(0, 16)).toString('hex'), { alg: 'A128KW', secretEncoding: 'hex' })).key.alg, 'A128KW');
    assert.equal((await importError(hex, { alg: 'A128KW', secretEncoding: 'hex' })).code, 'KEY_ALG_MISMATCH');
  });

  test('a secret that opens like JSON: auto reads it as a JWK, format "secret" takes it', async () => {
    const text = '[team]-shared-secret-with-brackets-0123';
    const auto = await importError(text);
    assert.equal(auto.code, 'KEY_BAD_JWK');
    assert.match(auto.message, /format "secret"/);
    assert.equal((await importOne(text, { format: 'secret' })).key.size, `${text.length * 8} bits`);
  });

  test('a secret cannot be given an asymmetric algorithm', async () => {
    const e = await importError('a-long-enough-passphrase-for-hs256!!', { alg: 'RS256' });
    assert.equal(e.code, 'KEY_ALG_MISMATCH');
  });
});

describe('importKey: errors', () => {
  test('bad base64 line → KEY_BAD_PEM naming the line and label', async () => {
    const lines = pem(rsa.privateKey, 'pkcs8').split('\n');
    lines[3] = `${lines[3]?.slice(0, 10)}#${lines[3]?.slice(11)}`;
    const e = await importError(lines.join('\n'));
    assert.equal(e.code, 'KEY_BAD_PEM');
    assert.match(e.message, /Line 4 \(inside "PRIVATE KEY"\)/);
  });

  test('truncated body → KEY_BAD_PEM', async () => {
    const lines = pem(rsa.privateKey, 'pkcs1').trim().split('\n');
    const cut = [...lines.slice(0, 8), lines[lines.length - 1] as string].join('\n');
    const e = await importError(cut);
    assert.equal(e.code, 'KEY_BAD_PEM');
    assert.match(e.message, /truncated/);
    assert.match(e.message, /RSA PRIVATE KEY/);
    const noEnd = await importError(lines.slice(0, 8).join('\n'));
    assert.equal(noEnd.code, 'KEY_BAD_PEM');
    assert.match(noEnd.message, /no "-----END RSA PRIVATE KEY-----" line/);
    const oddLength = await importError([...lines.slice(0, 5), 'abc', lines[lines.length - 1] as string].join('\n'));
    assert.match(oddLength.message, /not a multiple of 4/);
  });

  test('encrypted PEMs → KEY_ENCRYPTED_PEM with the openssl line', async () => {
    const pkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string;
    assert.match(pkcs8, /BEGIN ENCRYPTED PRIVATE KEY/);
    const e1 = await importError(pkcs8);
    assert.equal(e1.code, 'KEY_ENCRYPTED_PEM');
    assert.match(e1.message, /openssl pkcs8 -in encrypted\.pem -out decrypted\.pem/);
    const legacy = rsa.privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'pw' }) as string;
    assert.match(legacy, /Proc-Type: 4,ENCRYPTED/);
    const e2 = await importError(legacy);
    assert.equal(e2.code, 'KEY_ENCRYPTED_PEM');
    assert.match(e2.message, /openssl pkcs8 -topk8 -nocrypt/);
  });

  test('RSA keys under 2048 bits are refused', async () => {
    const small = keyPair('rsa', { modulusLength: 1024 });
    const e = await importError(pem(small.publicKey, 'spki'));
    assert.equal(e.code, 'KEY_TOO_SHORT');
    assert.match(e.message, /2048/);
  });

  test('alg that contradicts the key type names both', async () => {
    const e = await importError(pem(rsa.privateKey, 'pkcs8'), { alg: 'ES256' });
    assert.equal(e.code, 'KEY_ALG_MISMATCH');
    assert.match(e.message, /ES256/);
    assert.match(e.message, /RSA 2048 bits/);
    const e2 = await importError(pem(ec256.publicKey, 'spki'), { alg: 'ES384' });
    assert.match(e2.message, /ES384 needs an EC P-384 key, but this is an EC P-256 key/);
  });

  test('key text is never a secret (H03)', async () => {
    const texts = [pem(rsa.publicKey, 'spki'), JSON.stringify(rsa.publicKey.export({ format: 'jwk' })), '{"keys":[]}'];
    for (const t of texts) {
      const e = await importError(t, { format: 'secret', alg: 'HS256', secretEncoding: 'utf8' });
      assert.equal(e.code, 'KEY_TEXT_NOT_SECRET');
    }
    // The base64 body without its BEGIN/END lines is still key text.
    const bare = pem(rsa.publicKey, 'spki').split('\n').filter((l) => !l.startsWith('-----')).join('\n');
    assert.equal((await importError(bare)).code, 'KEY_TEXT_NOT_SECRET');
    assert.equal((await importError(bare, { format: 'secret' })).code, 'KEY_TEXT_NOT_SECRET');
  });

  test('format pem on non-PEM text, unsupported key kinds, empty input', async () => {
    assert.equal((await importError('just text that is long enough to be a secret', { format: 'pem' })).code, 'KEY_BAD_PEM');
    assert.equal((await importError('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl user@host')).code, 'KEY_UNSUPPORTED');
    assert.equal((await importError('-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----')).code, 'KEY_UNSUPPORTED');
    const k1 = keyPair('ec', { namedCurve: 'secp256k1' });
    const e = await importError(pem(k1.publicKey, 'spki'));
    assert.equal(e.code, 'KEY_UNSUPPORTED');
    assert.match(e.message, /secp256k1/);
    assert.equal((await importError('   ')).code, 'KEY_UNRECOGNISED');
    assert.equal((await importError('x', { alg: 'none' as 'HS256' })).code, 'KEY_UNSUPPORTED');
  });
});

describe('exportPublicKey', () => {
  test('SPKI PEM round-trips through importKey', async () => {
    const { key } = await importOne(pem(rsa.privateKey, 'pkcs1'));
    const r = await exportPublicKey(key, 'pem');
    assert.ok(r.ok);
    assert.match(r.text, /^-----BEGIN PUBLIC KEY-----\n/);
    assert.equal(r.text, pem(rsa.publicKey, 'spki'), 'same bytes as OpenSSL writes');
    const back = await importOne(r.text);
    assert.deepEqual(back.key.publicJwk, key.publicJwk);
  });

  test('JWK and JWKS carry kid, alg, use and no private members', async () => {
    const a = await generateKey({ alg: 'ES256', kid: 'a' });
    const b = await generateKey({ alg: 'EdDSA', kid: 'b' });
    assert.ok(a.ok && b.ok);
    const one = await exportPublicKey(a.key, 'jwk');
    assert.ok(one.ok);
    const jwk = JSON.parse(one.text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(jwk), ['kty', 'kid', 'use', 'alg', 'crv', 'x', 'y']);
    assert.equal(jwk.d, undefined);
    const set = await exportPublicKey([a.key, b.key], 'jwks');
    assert.ok(set.ok);
    const parsed = JSON.parse(set.text) as { keys: Record<string, unknown>[] };
    assert.deepEqual(parsed.keys.map((k) => k.kid), ['a', 'b']);
    const back = await importKey(set.text);
    assert.ok(back.ok);
    assert.deepEqual(back.keys.map((k) => k.publicJwk), [a.key.publicJwk, b.key.publicJwk]);
    const pems = await exportPublicKey([a.key, b.key], 'pem');
    assert.ok(pems.ok);
    assert.equal(pems.text.match(/BEGIN PUBLIC KEY/g)?.length, 2);
    const many = await exportPublicKey([a.key, b.key], 'jwk');
    assert.equal(many.ok, false);
  });

  test('shared secrets have no public half', async () => {
    const s = await generateKey({ alg: 'HS256' });
    assert.ok(s.ok);
    for (const format of ['pem', 'jwk', 'jwks'] as const) {
      const r = await exportPublicKey(s.key, format);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.error.code, 'KEY_NO_PUBLIC');
        assert.match(r.error.message, /a shared secret has no public half/);
      }
    }
  });
});

describe('thumbprint, publicOnly, cryptoKeyFor', () => {
  test('RFC 7638 section 3.1 example', async () => {
    const jwk = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    };
    assert.equal(await thumbprint(jwk), 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  test('publicOnly drops the private half', async () => {
    const { key } = await importOne(pem(ec256.privateKey, 'pkcs8'));
    const pub = publicOnly(key);
    assert.equal(pub.privateJwk, undefined);
    assert.deepEqual(pub.publicJwk, key.publicJwk);
    assert.notEqual(pub.publicJwk, key.publicJwk, 'a copy, not the same object');
    const s = await generateKey({ alg: 'HS256' });
    assert.ok(s.ok);
    assert.equal(publicOnly(s.key).privateJwk, undefined);
  });

  test('cryptoKeyFor caches per KeyMaterial object and usage', async () => {
    const { key } = await importOne(pem(ec256.privateKey, 'pkcs8'));
    const first = cryptoKeyFor(key, 'verify');
    assert.equal(cryptoKeyFor(key, 'verify'), first, 'same pending import');
    const a = await first;
    const b = await cryptoKeyFor(key, 'verify');
    assert.ok(a.ok && b.ok);
    assert.equal(a.cryptoKey, b.cryptoKey);
    const signKey = await cryptoKeyFor(key, 'sign');
    assert.ok(signKey.ok);
    assert.notEqual(signKey.cryptoKey, a.cryptoKey);
  });

  test('cryptoKeyFor refuses uses a key is not for', async () => {
    const { key } = await importOne(pem(ec256.publicKey, 'spki'));
    const sign = await cryptoKeyFor(key, 'sign');
    assert.equal(sign.ok, false);
    if (!sign.ok) {
      assert.equal(sign.error.code, 'KEY_NOT_PRIVATE');
      assert.match(sign.error.message, /verify-only: import its private half/);
    }
    const decrypt = await cryptoKeyFor(key, 'decrypt');
    assert.equal(decrypt.ok, false);
    if (!decrypt.ok) assert.equal(decrypt.error.code, 'KEY_ALG_MISMATCH');
    const opsLimited = await importOne(JSON.stringify({ ...(ec256.privateKey.export({ format: 'jwk' }) as object), key_ops: ['verify'] }));
    const refused = await cryptoKeyFor(opsLimited.key, 'sign');
    assert.equal(refused.ok, false);
  });
});

describe('importKey: keys that are not what they claim (H90, H91)', () => {
  const other = () => keyPair('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as Record<string, string>;

  test('each RSA member that belongs to another key is named', async () => {
    const a = rsa.privateKey.export({ format: 'jwk' }) as Record<string, string>;
    const b = other();
    const expected: Record<string, RegExp> = {
      n: /the modulus n is not p × q/,
      e: /the private exponent d does not invert the public exponent e/,
      d: /the private exponent d does not invert the public exponent e/,
      q: /the modulus n is not p × q/,
      dp: /the CRT exponents dp and dq do not match d/,
      dq: /the CRT exponents dp and dq do not match d/,
      qi: /the CRT coefficient qi is not the inverse of q modulo p/,
    };
    for (const [member, message] of Object.entries(expected)) {
      const value = member === 'e' ? 'AQAD' : (b[member] as string);
      const e = await importError(JSON.stringify({ ...a, [member]: value }), { alg: 'RSA-OAEP-256' });
      assert.equal(e.code, 'KEY_BAD_JWK', member);
      assert.match(e.message, message, member);
    }
  });

  test('an EC key whose stored public point is another key\'s is refused (SEC1 PEM and JWK)', async () => {
    const a = ec256.privateKey.export({ type: 'sec1', format: 'der' });
    const b = keyPair('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'der' });
    // SEC1 P-256: version, 32-byte d, [0] curve (12 bytes with header), then [1] public point.
    const mixed = Buffer.concat([a.subarray(0, 7 + 32 + 12), b.subarray(7 + 32 + 12)]);
    assert.equal((await importError(encodePem('EC PRIVATE KEY', mixed))).code, 'KEY_BAD_PEM');
    const ja = ec256.privateKey.export({ format: 'jwk' }) as Record<string, string>;
    const jb = keyPair('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as Record<string, string>;
    assert.equal((await importError(JSON.stringify({ ...ja, x: jb.x, y: jb.y }), { alg: 'ECDH-ES' })).code, 'KEY_BAD_JWK');
  });

  test('a stored RSA public key with e = 1 is not used to verify', async () => {
    const stored: KeyMaterial = { kid: 'e1', alg: 'RS256', use: 'sig', kty: 'RSA', size: '2048 bits', publicJwk: { kty: 'RSA', kid: 'e1', n: (rsa.publicKey.export({ format: 'jwk' }) as Record<string, string>).n as string, e: 'AQ' } };
    const r = await cryptoKeyFor(stored, 'verify');
    assert.ok(!r.ok && /e is 1/.test(r.error.message));
  });
});

describe('importKey: key text in other dress (H92)', () => {
  test('altered PEM armour: refused as a secret, and format "pem" says what to fix', async () => {
    const text = pem(rsa.publicKey, 'spki').replace(/PUBLIC KEY/g, 'public key');
    const auto = await importError(text);
    assert.equal(auto.code, 'KEY_TEXT_NOT_SECRET');
    assert.match(auto.message, /altered BEGIN\/END lines/);
    const asPem = await importError(text, { format: 'pem' });
    assert.equal(asPem.code, 'KEY_BAD_PEM');
    assert.match(asPem.message, /five dashes, an upper-case label/);
  });

  test('the message names what was found and how it was encoded', async () => {
    const der = rsa.publicKey.export({ type: 'spki', format: 'der' });
    assert.match((await importError(der.toString('hex'))).message, /^This is an SPKI public key in hex, not a shared secret/);
    assert.match((await importError(der.toString('base64url'), { secretEncoding: 'base64url' })).message, /an SPKI public key in base64url/);
    const cert = pem(rsa.privateKey, 'pkcs1');
    assert.match((await importError(Buffer.from(cert).toString('base64'), { format: 'secret', secretEncoding: 'base64' })).message, /PEM key or certificate text in base64/);
  });
});

describe('importKey: kids of shared secrets (H94)', () => {
  test('JWKS: secrets without a kid get distinct random kids; a kid given is kept', async () => {
    const k = () => base64url.encode(Uint8Array.from({ length: 32 }, () => Math.floor(Math.random() * 256)));
    const r = await importKey(JSON.stringify({ keys: [{ kty: 'oct', k: k() }, { kty: 'oct', k: k(), kid: 'vendor' }, { kty: 'oct', k: k() }] }));
    assert.ok(r.ok);
    assert.equal(r.keys[1]?.kid, 'vendor');
    assert.deepEqual(r.randomKids, [r.keys[0]?.kid, r.keys[2]?.kid]);
    assert.notEqual(r.keys[0]?.kid, r.keys[2]?.kid);
    assert.match(r.warnings.join(' '), /The 2 shared secrets without a kid got random ones/);
  });

  test('key pairs keep the RFC 7638 thumbprint of their public half', async () => {
    const { key } = await importOne(pem(ec256.privateKey, 'pkcs8'));
    assert.equal(key.kid, await thumbprint(key.publicJwk as never));
  });
});

describe('importKey: details of each key (kid origin, algorithms it could take)', () => {
  test('a PEM with no algorithm chosen lists every algorithm that fits, the inferred one first', async () => {
    const r = await importKey(pem(rsa.publicKey, 'spki'));
    if (!r.ok) assert.fail(r.error.message);
    assert.deepEqual(r.details, [
      { kidGiven: false, algs: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512'] },
    ]);
    const ec = await importKey(pem(ec521.publicKey, 'spki'));
    if (!ec.ok) assert.fail(ec.error.message);
    assert.deepEqual(ec.details[0]?.algs, ['ES512', 'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW']);
    const x = await importKey(pem(keyPair('x25519').publicKey, 'spki'));
    if (!x.ok) assert.fail(x.error.message);
    assert.deepEqual(x.details[0]?.algs, ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW']);
    const ed = await importKey(pem(keyPair('ed25519').publicKey, 'spki'));
    if (!ed.ok) assert.fail(ed.error.message);
    assert.deepEqual(ed.details[0]?.algs, ['EdDSA']);
  });

  test('a chosen algorithm or kid is settled; a JWK alg settles it, a JWK use narrows it', async () => {
    const chosen = await importKey(pem(ec256.publicKey, 'spki'), { alg: 'ECDH-ES', kid: 'vendor-1' });
    if (!chosen.ok) assert.fail(chosen.error.message);
    assert.deepEqual(chosen.details, [{ kidGiven: true, algs: ['ECDH-ES'] }]);
    const jwk = rsa.publicKey.export({ format: 'jwk' });
    const named = await importKey(JSON.stringify({ ...jwk, alg: 'PS384' }));
    if (!named.ok) assert.fail(named.error.message);
    assert.deepEqual(named.details, [{ kidGiven: false, algs: ['PS384'] }]);
    const used = await importKey(JSON.stringify({ ...jwk, use: 'enc', kid: 'partner' }));
    if (!used.ok) assert.fail(used.error.message);
    assert.deepEqual(used.details, [{ kidGiven: true, algs: ['RSA-OAEP-256', 'RSA-OAEP', 'RSA-OAEP-384', 'RSA-OAEP-512'] }]);
  });

  test('each key of a set keeps its own or inferred algorithm; a secret reports whether its kid was typed', async () => {
    const set = await importKey(JSON.stringify({ keys: [{ ...rsa.publicKey.export({ format: 'jwk' }), kid: 'a', alg: 'RS512' }, ec256.publicKey.export({ format: 'jwk' })] }));
    if (!set.ok) assert.fail(set.error.message);
    assert.deepEqual(set.details, [{ kidGiven: true, algs: ['RS512'] }, { kidGiven: false, algs: ['ES256'] }]);
    const one = await importKey(JSON.stringify({ keys: [rsa.publicKey.export({ format: 'jwk' })] }));
    if (!one.ok) assert.fail(one.error.message);
    assert.deepEqual(one.details, [{ kidGiven: false, algs: ['RS256'] }], 'a set of one key is still a set');
    const secret = await importKey('sixteen-byte-key', { alg: 'A128KW', format: 'secret' });
    if (!secret.ok) assert.fail(secret.error.message);
    assert.deepEqual(secret.details, [{ kidGiven: false, algs: ['A128KW'] }]);
    const typed = await importKey('sixteen-byte-key', { alg: 'A128KW', format: 'secret', kid: 'tableau-secret-id' });
    if (!typed.ok) assert.fail(typed.error.message);
    assert.equal(typed.details[0]?.kidGiven, true);
  });

  test('a public key re-typed for encryption is stored with use "enc" in its JWK', async () => {
    for (const [text, alg] of [
      [pem(rsa.publicKey, 'spki'), 'RSA-OAEP-256'],
      [pem(rsa.publicKey, 'pkcs1'), 'RSA-OAEP'],
      [pem(ec256.publicKey, 'spki'), 'ECDH-ES+A128KW'],
      [pem(ec256.privateKey, 'sec1'), 'ECDH-ES'],
    ] as const) {
      const { key, recognised } = await importOne(text, { alg });
      assert.equal(key.alg, alg);
      assert.equal(key.use, 'enc');
      assert.equal(key.publicJwk?.use, 'enc');
      assert.equal(key.publicJwk?.alg, alg);
      assert.match(recognised, new RegExp(`for ${alg.replace('+', '\\+')}`));
    }
  });
});

describe('the algorithm table', () => {
  test('one row per JWS alg and JWE key-management alg, and nothing else', () => {
    assert.deepEqual(Object.keys(ALGORITHMS).sort(), [...JWS_ALGS, ...JWE_KEY_ALGS].sort());
    for (const [alg, row] of Object.entries(ALGORITHMS)) {
      assert.equal(row.use, (JWS_ALGS as readonly string[]).includes(alg) ? 'sig' : 'enc', alg);
      for (const crv of row.curves ?? []) assert.ok(row.kty.includes(CURVES[crv].kty), `${alg} ${crv}`);
    }
  });

  test('the derived values are the ones the rules always had', () => {
    assert.deepEqual(HMAC_MIN_BYTES, { HS256: 32, HS384: 48, HS512: 64 });
    assert.deepEqual(WRAP_KEY_BYTES, { A128KW: 16, A192KW: 24, A256KW: 32, A128GCMKW: 16, A192GCMKW: 24, A256GCMKW: 32 });
    assert.deepEqual(keyShapeFor('ECDH-ES+A128KW'), { kty: ['EC', 'OKP'], curves: ['P-256', 'P-384', 'P-521', 'X25519'] });
    assert.deepEqual(keyShapeFor('PBES2-HS256+A128KW'), { kty: ['oct'] });
    assert.equal(describeNeededKey('ECDH-ES'), 'an EC (P-256, P-384, P-521) or X25519 key');
    assert.equal(describeNeededKey('EdDSA'), 'an Ed25519 key');
    assert.equal(describeNeededKey('ES384'), 'an EC P-384 key');
    const inferred = [
      inferAlg('RSA', undefined, undefined), inferAlg('RSA', undefined, 'enc'),
      inferAlg('EC', 'P-521', undefined), inferAlg('EC', 'P-384', 'enc'), inferAlg('EC', undefined, 'sig'),
      inferAlg('OKP', 'Ed25519', 'sig'), inferAlg('OKP', 'Ed25519', 'enc'), inferAlg('OKP', 'X25519', 'sig'), inferAlg('OKP', 'X448', undefined),
      inferAlg('oct', undefined, undefined, 16), inferAlg('oct', undefined, 'enc', 16), inferAlg('oct', undefined, 'enc', 24),
      inferAlg('oct', undefined, 'enc', 32), inferAlg('oct', undefined, 'enc', 64), inferAlg('oct', undefined, 'enc'),
    ];
    assert.deepEqual(inferred, ['RS256', 'RSA-OAEP-256', 'ES512', 'ECDH-ES', undefined, 'EdDSA', undefined, 'ECDH-ES', undefined, 'HS256', 'A128KW', 'A192KW', 'A256KW', 'dir', 'dir']);
  });
});
