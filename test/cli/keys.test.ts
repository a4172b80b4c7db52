// `jwt-studio keys generate`, run as a built program: what it writes is read by
// openssl, jsonwebtoken and node:crypto, and what they sign verifies with the
// public key it prints.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { JWE_KEY_ALGS, JWS_ALGS, importKey, verifyToken } from '../../src/core/index';
import { runtimeHas } from '../../src/core/jose/runtime';
import type { KeyMaterial } from '../../src/core/index';
import { runCli, tempFolder } from './cli';
import { assertNotShown, coreKey, generatedOutput, openssl, opensslPublicPem, pemBodyLines, thumbprintOf } from './keysHelpers';

async function inFolder<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const { dir, cleanup } = tempFolder('jwt-studio-keys-');
  try {
    return await body(dir);
  } finally {
    cleanup();
  }
}

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

async function assertVerifies(token: string, key: KeyMaterial): Promise<void> {
  const report = await verifyToken(token, [key]);
  assert.equal(report.signature, 'valid', report.message);
}

describe('keys generate: key pairs as PKCS#8 PEM', () => {
  for (const [alg, extra, bits] of [['ES256', [], 'P-256'], ['RS256', [], '2048 bit'], ['PS384', ['--size', '3072'], '3072 bit'], ['ES512', [], 'P-521']] as const) {
    test(`${alg}${extra.length ? ` ${extra.join(' ')}` : ''}: openssl reads the file, its public key is the one printed, jsonwebtoken signs with it`, () =>
      inFolder(async (dir) => {
        const run = await runCli(['keys', 'generate', '--alg', alg, ...extra, '--out', 'key.pem'], { cwd: dir });
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.stderr, '');
        const file = join(dir, 'key.pem');
        assert.equal(mode(file), 0o600);
        const pem = readFileSync(file, 'utf8');
        assert.match(pem, /^-----BEGIN PRIVATE KEY-----\n/);
        assertNotShown(pemBodyLines(pem), run.stdout, run.stderr);

        assert.equal(openssl(['pkey', '-in', file, '-noout']).status, 0);
        const text = openssl(['pkey', '-in', file, '-noout', '-text']);
        assert.ok(text.stdout.includes(bits), text.stdout.slice(0, 200));
        const printed = generatedOutput(run.stdout);
        assert.equal(printed.publicPem, opensslPublicPem(file));
        assert.equal(printed.kid, thumbprintOf(printed.publicPem ?? ''));
        assert.match(run.stdout, new RegExp(`^alg: ${alg}$`, 'm'));

        const token = jwt.sign({ sub: 'generated' }, pem, { algorithm: alg, keyid: printed.kid });
        await assertVerifies(token, await coreKey(printed.publicPem ?? '', { alg }));
        // The file read back as --key reads it: the same key, with the printed kid.
        const back = await coreKey(pem, { alg });
        assert.equal(back.kid, printed.kid);
      }));
  }

  test('ECDH-ES --crv X25519: an X25519 key openssl reads; the note says what a PEM does not hold', () =>
    inFolder(async (dir) => {
      const run = await runCli(['keys', 'generate', '--alg', 'ECDH-ES+A128KW', '--crv', 'X25519', '--out', 'x.pem'], { cwd: dir });
      assert.equal(run.code, 0, run.stderr);
      const file = join(dir, 'x.pem');
      assert.match(openssl(['pkey', '-in', file, '-noout', '-text']).stdout, /X25519 Private-Key/);
      const printed = generatedOutput(run.stdout);
      assert.equal(printed.publicPem, opensslPublicPem(file));
      assert.equal(printed.kid, thumbprintOf(printed.publicPem ?? ''));
      assert.match(run.stdout, /note: a PEM file holds no algorithm: read on its own it is taken for ECDH-ES; .*makes it ECDH-ES\+A128KW/);
      assert.match(run.stdout, /for whoever encrypts to you/);
    }));

  test('--json gives kid, alg, file and the public key that "keys public" prints for the file', () =>
    inFolder(async (dir) => {
      const run = await runCli(['keys', 'generate', '--alg', 'EdDSA', '--out', 'ed.pem', '--json'], { cwd: dir });
      assert.equal(run.code, 0, run.stderr);
      const json = JSON.parse(run.stdout) as { kid: string; alg: string; file: string; format: string; publicKey: string };
      assert.equal(json.alg, 'EdDSA');
      assert.equal(json.file, 'ed.pem');
      assert.equal(json.format, 'pem');
      assert.equal(json.publicKey, opensslPublicPem(join(dir, 'ed.pem')));
      assert.equal(json.kid, thumbprintOf(json.publicKey));
      const pub = await runCli(['keys', 'public', 'ed.pem'], { cwd: dir });
      assert.equal(pub.code, 0, pub.stderr);
      assert.equal(pub.stdout, json.publicKey);
    }));
});

describe('keys generate: key pairs as a JWK (.json)', () => {
  for (const alg of ['ES384', 'RS512'] as const) {
    test(`${alg} --kid: a private JWK with the kid; jsonwebtoken signs with it through createPrivateKey`, () =>
      inFolder(async (dir) => {
        const run = await runCli(['keys', 'generate', '--alg', alg, '--kid', 'vendor-key-1', '--out', 'key.json'], { cwd: dir });
        assert.equal(run.code, 0, run.stderr);
        const file = join(dir, 'key.json');
        assert.equal(mode(file), 0o600);
        const jwk = JSON.parse(readFileSync(file, 'utf8')) as JsonWebKey & { kid: string; alg: string };
        assert.equal(jwk.kid, 'vendor-key-1');
        assert.equal(jwk.alg, alg);
        assert.equal(typeof jwk.d, 'string');
        assertNotShown([jwk.d as string, ...(jwk.p ? [jwk.p, jwk.q as string] : [])], run.stdout, run.stderr);
        const printed = generatedOutput(run.stdout);
        assert.equal(printed.kid, 'vendor-key-1');

        const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
        // The same key as PEM: openssl reads it, and its public key is the one printed.
        const pemCopy = join(dir, 'copy.pem');
        writeFileSync(pemCopy, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
        assert.equal(opensslPublicPem(pemCopy), printed.publicPem);

        const token = jwt.sign({ sub: 'jwk' }, privateKey, { algorithm: alg, keyid: jwk.kid });
        await assertVerifies(token, await coreKey(printed.publicPem ?? '', { alg, kid: 'vendor-key-1' }));
        // Read back as --key reads it: the JWK keeps its kid and algorithm.
        const back = await coreKey(readFileSync(file, 'utf8'));
        assert.equal(back.kid, 'vendor-key-1');
        assert.equal(back.alg, alg);
      }));
  }

  test('EdDSA: node:crypto signs with the JWK, the core verifies with the printed public key', () =>
    inFolder(async (dir) => {
      const run = await runCli(['keys', 'generate', '--alg', 'EdDSA', '--out', 'ed.json'], { cwd: dir });
      assert.equal(run.code, 0, run.stderr);
      const jwk = JSON.parse(readFileSync(join(dir, 'ed.json'), 'utf8')) as JsonWebKey & { kid: string };
      assert.equal(jwk.crv, 'Ed25519');
      const printed = generatedOutput(run.stdout);
      assert.equal(jwk.kid, printed.kid);
      assert.equal(printed.kid, thumbprintOf(printed.publicPem ?? ''));
      const input = `${Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: jwk.kid })).toString('base64url')}.${Buffer.from('{"sub":"ed"}').toString('base64url')}`;
      const signature = nodeSign(null, Buffer.from(input), createPrivateKey({ key: jwk, format: 'jwk' })).toString('base64url');
      await assertVerifies(`${input}.${signature}`, await coreKey(printed.publicPem ?? '', { alg: 'EdDSA' }));
    }));
});

describe('keys generate: shared secrets', () => {
  for (const [alg, chars, minBytes] of [['HS256', 43, 32], ['HS512', 86, 64]] as const) {
    test(`${alg} as text: ${chars} letters and digits that jsonwebtoken signs with and --key reads back as the same secret`, () =>
      inFolder(async (dir) => {
        const run = await runCli(['keys', 'generate', '--alg', alg, '--out', 'secret.txt'], { cwd: dir });
        assert.equal(run.code, 0, run.stderr);
        const file = join(dir, 'secret.txt');
        assert.equal(mode(file), 0o600);
        const text = readFileSync(file, 'utf8');
        assert.match(text, new RegExp(`^[A-Za-z0-9]{${chars}}\\n$`));
        const secret = text.trim();
        assertNotShown([secret], run.stdout, run.stderr);
        assert.ok(!run.stdout.includes('BEGIN'), 'a secret has no public key to print');
        assert.match(run.stdout, /share it only over a secure channel/);
        assert.match(run.stdout, /^kid: none$/m);

        // --key FILE reads it as the core's importKey does: the UTF-8 bytes of the trimmed text, with no "also reads as" doubt.
        const imported = await importKey(text, { alg });
        if (!imported.ok) assert.fail(imported.error.message);
        const key = imported.keys[0] as KeyMaterial;
        assert.equal(Buffer.from(String(key.privateJwk?.k), 'base64url').toString('utf8'), secret);
        assert.ok(secret.length >= minBytes);
        assert.deepEqual(imported.warnings.filter((w) => /also reads as|spaces/.test(w)), []);
        await assertVerifies(jwt.sign({ sub: 'shared' }, secret, { algorithm: alg }), key);
      }));
  }

  test('HS384 as an oct JWK: 48 random bytes, the kid printed is the one in the file, nothing secret printed', () =>
    inFolder(async (dir) => {
      const run = await runCli(['keys', 'generate', '--alg', 'HS384', '--out', 'hs.json', '--json'], { cwd: dir });
      assert.equal(run.code, 0, run.stderr);
      const jwk = JSON.parse(readFileSync(join(dir, 'hs.json'), 'utf8')) as { kty: string; k: string; kid: string; alg: string };
      assert.equal(jwk.kty, 'oct');
      assert.equal(jwk.alg, 'HS384');
      assert.equal(Buffer.from(jwk.k, 'base64url').length, 48);
      const json = JSON.parse(run.stdout) as { kid: string; publicKey?: string; format: string };
      assert.equal(json.kid, jwk.kid);
      assert.equal(json.format, 'jwk');
      assert.equal(json.publicKey, undefined);
      assertNotShown([jwk.k], run.stdout, run.stderr);
      const token = jwt.sign({ sub: 'oct' }, Buffer.from(jwk.k, 'base64url'), { algorithm: 'HS384' });
      await assertVerifies(token, await coreKey(readFileSync(join(dir, 'hs.json'), 'utf8')));
    }));

  test('a key wrap secret (A128KW) is refused as text, with the reason, and written as a 16-byte JWK', () =>
    inFolder(async (dir) => {
      const refused = await runCli(['keys', 'generate', '--alg', 'A128KW', '--out', 'kw.txt'], { cwd: dir });
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /^jwt-studio: A128KW takes a key of exactly 16 bytes; .* give --out FILE\.json/);
      assert.deepEqual(readdirSync(dir), []);
      const run = await runCli(['keys', 'generate', '--alg', 'A128KW', '--out', 'kw.json'], { cwd: dir });
      assert.equal(run.code, 0, run.stderr);
      const jwk = JSON.parse(readFileSync(join(dir, 'kw.json'), 'utf8')) as { k: string; use: string };
      assert.equal(Buffer.from(jwk.k, 'base64url').length, 16);
      assert.equal(jwk.use, 'enc');
    }));

  test('dir --size 512: a 64-byte content key; --size that no enc takes is refused', () =>
    inFolder(async (dir) => {
      const run = await runCli(['keys', 'generate', '--alg', 'dir', '--size', '512', '--out', 'dir.json'], { cwd: dir });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(Buffer.from((JSON.parse(readFileSync(join(dir, 'dir.json'), 'utf8')) as { k: string }).k, 'base64url').length, 64);
      const bad = await runCli(['keys', 'generate', '--alg', 'dir', '--size', '320', '--out', 'bad.json'], { cwd: dir });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--size 320: .*16, 24, 32, 48 or 64 bytes/);
    }));

  test('HS256 --size 128 is refused: shorter than RFC 7518 allows', async () => {
    const run = await runCli(['keys', 'generate', '--alg', 'HS256', '--size', '128', '--out', 'never.txt']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /at least 32 bytes/);
  });
});

describe('keys generate: files it will not write', () => {
  test('--out to an existing file: exit 2, the file untouched, nothing else written', () =>
    inFolder(async (dir) => {
      const file = join(dir, 'existing.pem');
      writeFileSync(file, 'keep me\n', { mode: 0o644 });
      const before = statSync(file);
      const run = await runCli(['keys', 'generate', '--alg', 'ES256', '--out', 'existing.pem'], { cwd: dir });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^jwt-studio: existing\.pem already exists and was left as it is; choose another file or remove it first\n$/);
      assert.equal(run.stdout, '');
      assert.equal(readFileSync(file, 'utf8'), 'keep me\n');
      assert.equal(mode(file), 0o644);
      assert.equal(statSync(file).mtimeMs, before.mtimeMs);
      assert.deepEqual(readdirSync(dir), ['existing.pem']);
    }));

  test('--out into a missing folder: exit 2, nothing left behind (no folder, no temporary file)', () =>
    inFolder(async (dir) => {
      const run = await runCli(['keys', 'generate', '--alg', 'RS256', '--out', join('missing', 'key.pem')], { cwd: dir });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^jwt-studio: missing: no such folder; create it first/);
      assert.deepEqual(readdirSync(dir), []);
    }));

  test('missing --out, --out -, missing --alg: exit 2 with what to give', () =>
    inFolder(async (dir) => {
      for (const [args, message] of [
        [['--alg', 'ES256'], /--out FILE is missing/],
        [['--alg', 'ES256', '--out', '-'], /--out - would print the private key/],
        [['--out', 'key.pem'], /--alg is missing/],
      ] as const) {
        const run = await runCli(['keys', 'generate', ...args], { cwd: dir });
        assert.equal(run.code, 2, args.join(' '));
        assert.match(run.stderr, message);
        assert.equal(run.stdout, '');
      }
      assert.deepEqual(readdirSync(dir), []);
    }));

  test('a bad --alg lists every choice; none and RSA1_5 are refused with the reason', () =>
    inFolder(async (dir) => {
      const bad = await runCli(['keys', 'generate', '--alg', 'HS257', '--out', 'k.pem'], { cwd: dir });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--alg "HS257" is not an algorithm a key is made for; choose one of/);
      for (const alg of [...JWS_ALGS, ...JWE_KEY_ALGS]) assert.ok(bad.stderr.includes(` ${alg} `), `${alg} is not listed`);
      const none = await runCli(['keys', 'generate', '--alg', 'none', '--out', 'k.pem'], { cwd: dir });
      assert.equal(none.code, 2);
      assert.match(none.stderr, /no keys for "none": unsigned tokens are never signed/);
      const rsa15 = await runCli(['keys', 'generate', '--alg', 'RSA1_5', '--out', 'k.pem'], { cwd: dir });
      assert.equal(rsa15.code, 2);
      assert.match(rsa15.stderr, /RSA1_5 is not supported \(insecure, RFC 8725\): use RSA-OAEP-256/);
      assert.deepEqual(readdirSync(dir), []);
    }));

  test('options the algorithm does not take, and a kid with a bidi character, are refused before anything is written', () =>
    inFolder(async (dir) => {
      for (const [args, message] of [
        [['--alg', 'ES256', '--crv', 'P-384'], /--crv is for ECDH-ES keys; ES256 always uses P-256/],
        [['--alg', 'ES256', '--size', '256'], /--size is for RSA keys and shared secrets/],
        [['--alg', 'RS256', '--size', '1024'], /RSA keys are generated with 2048, 3072 or 4096 bits, not 1024/],
        [['--alg', 'ECDH-ES', '--crv', 'secp256k1'], /ECDH-ES keys use P-256, P-384, P-521 or X25519/],
        [['--alg', 'HS256', '--crv', 'P-256'], /HS256 uses a shared secret/],
        [['--alg', 'ES256', '--kid', 'admin\u202eyek'], /--kid contains .*position 6/],
        [['--alg', 'ES256', 'extra'], /unexpected argument "extra"/],
        [['--alg', 'ML-DSA-65', '--crv', 'P-256'], /--crv is for ECDH-ES keys; ML-DSA-65 keys have no curve/],
        [['--alg', 'ML-DSA-65', '--size', '256'], /--size is for RSA keys and shared secrets; the algorithm fixes the size of ML-DSA-65 keys/],
      ] as const) {
        const run = await runCli(['keys', 'generate', ...args, '--out', 'k.pem'], { cwd: dir });
        assert.equal(run.code, 2, args.join(' '));
        assert.match(run.stderr, message);
        assert.ok(!run.stderr.includes('\u202e'), 'the bidi character reached the terminal');
      }
      assert.deepEqual(readdirSync(dir), []);
    }));

  test('ML-DSA: a JWK where the runtime has it, else exit 2 saying this runtime cannot generate it, and no file', () =>
    inFolder(async (dir) => {
      const run = await runCli(['keys', 'generate', '--alg', 'ML-DSA-65', '--out', 'ml.json', '--json'], { cwd: dir });
      if (await runtimeHas('ML-DSA-65')) {
        assert.equal(run.code, 0, run.stderr);
        const jwk = JSON.parse(readFileSync(join(dir, 'ml.json'), 'utf8')) as Record<string, unknown>;
        assert.equal(jwk.kty, 'AKP');
        assert.equal(jwk.alg, 'ML-DSA-65');
        assert.equal((JSON.parse(run.stdout) as { kid: string }).kid, jwk.kid);
      } else {
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, /^jwt-studio: This runtime \(Node \d+\.x\) cannot generate ML-DSA-65 keys .*WebCrypto has no ML-DSA/);
        assert.equal(run.stdout, '');
        assert.deepEqual(readdirSync(dir), []);
      }
    }));
});
