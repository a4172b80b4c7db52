// `jwt-studio keys public`, run as a built program: the public half of PEM,
// JWK and JWK Set sources (files and environment variables), checked against
// openssl and node:crypto; secrets refused with the reason.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { verifyToken } from '../../src/core/index';
import { runCli, tempFolder } from './cli';
import { assertNotShown, coreKey, opensslPublicPem, pemBodyLines, thumbprintOf } from './keysHelpers';
import { keyPair } from '../keyPairs';

const folder = tempFolder('jwt-studio-keys-public-');
const dir = folder.dir;
after(folder.cleanup);

interface Generated {
  kid: string;
  publicKey: string;
}

async function generate(alg: string, out: string, ...extra: string[]): Promise<Generated> {
  const run = await runCli(['keys', 'generate', '--alg', alg, '--out', out, '--json', ...extra], { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as Generated;
}

const rsaPem = keyPair('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
let es: Generated;
let rs: Generated;

before(async () => {
  writeFileSync(join(dir, 'rsa.pem'), rsaPem, { mode: 0o600 });
  es = await generate('ES256', 'es.json', '--kid', 'signing-2025');
  rs = await generate('RS256', 'rs.json');
  // A JWK Set of the two private keys, as an issuer's own key store would hold them.
  const keys = ['es.json', 'rs.json'].map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown);
  writeFileSync(join(dir, 'set.json'), JSON.stringify({ keys }), { mode: 0o600 });
  await generate('HS256', 'secret.txt');
  await generate('HS512', 'secret.json');
});

describe('keys public', () => {
  test('of a private PEM: the SPKI PEM openssl derives, no private part, nothing on stderr', async () => {
    const run = await runCli(['keys', 'public', 'rsa.pem'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.equal(run.stdout, opensslPublicPem(join(dir, 'rsa.pem')));
    assertNotShown(pemBodyLines(rsaPem), run.stdout);
  });

  test('--format jwk: the public members node:crypto reads, the thumbprint kid, no d; --kid and --alg set them', async () => {
    const run = await runCli(['keys', 'public', 'rsa.pem', '--format', 'jwk'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const jwk = JSON.parse(run.stdout) as Record<string, unknown>;
    const expected = createPublicKey(rsaPem).export({ format: 'jwk' });
    assert.equal(jwk.n, expected.n);
    assert.equal(jwk.e, expected.e);
    assert.equal(jwk.kid, thumbprintOf(rsaPem));
    assert.equal(jwk.alg, 'RS256');
    assert.equal(jwk.d, undefined);
    const named = await runCli(['keys', 'public', 'rsa.pem', '--format', 'jwk', '--kid', 'rsa-2025', '--alg', 'PS256'], { cwd: dir });
    assert.equal(named.code, 0, named.stderr);
    const namedJwk = JSON.parse(named.stdout) as Record<string, unknown>;
    assert.equal(namedJwk.kid, 'rsa-2025');
    assert.equal(namedJwk.alg, 'PS256');
  });

  test('--alg the key does not fit: exit 2 with what the algorithm needs', async () => {
    const run = await runCli(['keys', 'public', 'rsa.pem', '--alg', 'ES256'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^jwt-studio: rsa\.pem: ES256 needs an EC P-256 key, and this key is for RS256; leave --alg out/);
    assert.equal(run.stdout, '');
  });

  test('of a generated JWK: the public key generate printed, and a token jsonwebtoken signs verifies with it', async () => {
    const run = await runCli(['keys', 'public', 'es.json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, es.publicKey);
    const jwk = JSON.parse(readFileSync(join(dir, 'es.json'), 'utf8')) as { d: string };
    assertNotShown([jwk.d], run.stdout, run.stderr);
    // node:crypto's own JWK import signs, not the code under test.
    const token = jwt.sign({ sub: 'public' }, createPrivateKey({ key: JSON.parse(readFileSync(join(dir, 'es.json'), 'utf8')) as JsonWebKey, format: 'jwk' }), { algorithm: 'ES256', keyid: es.kid });
    const report = await verifyToken(token, [await coreKey(run.stdout, { alg: 'ES256', kid: es.kid })]);
    assert.equal(report.signature, 'valid', report.message);
  });

  test('of a JWK Set: every public key; pem one after another, jwks with their kids, jwk refused', async () => {
    const pem = await runCli(['keys', 'public', 'set.json'], { cwd: dir });
    assert.equal(pem.code, 0, pem.stderr);
    assert.equal(pem.stdout, es.publicKey + rs.publicKey);
    const set = await runCli(['keys', 'public', 'set.json', '--format', 'jwks'], { cwd: dir });
    assert.equal(set.code, 0, set.stderr);
    const keys = (JSON.parse(set.stdout) as { keys: Record<string, unknown>[] }).keys;
    assert.deepEqual(keys.map((k) => k.kid), [es.kid, rs.kid]);
    assert.deepEqual(keys.map((k) => k.alg), ['ES256', 'RS256']);
    assert.ok(keys.every((k) => k.d === undefined && k.p === undefined));
    const one = await runCli(['keys', 'public', 'set.json', '--format', 'jwk'], { cwd: dir });
    assert.equal(one.code, 2);
    assert.match(one.stderr, /^jwt-studio: set\.json: A JWK holds one key: export these 2 keys as a JWKS/);
    assert.equal(one.stdout, '');
  });

  test('of a public key: the same PEM back, without a word about it being public', async () => {
    writeFileSync(join(dir, 'public.pem'), rs.publicKey);
    const run = await runCli(['keys', 'public', 'public.pem'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, rs.publicKey);
    assert.equal(run.stderr, '');
  });

  test('env:NAME: the key from an environment variable; unset is exit 2', async () => {
    const run = await runCli(['keys', 'public', 'env:JWT_STUDIO_TEST_KEY', '--format', 'jwk'], { cwd: dir, env: { JWT_STUDIO_TEST_KEY: rsaPem } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { n: string }).n, createPublicKey(rsaPem).export({ format: 'jwk' }).n);
    const unset = await runCli(['keys', 'public', 'env:JWT_STUDIO_TEST_KEY'], { cwd: dir, env: { JWT_STUDIO_TEST_KEY: undefined } });
    assert.equal(unset.code, 2);
    assert.match(unset.stderr, /environment variable JWT_STUDIO_TEST_KEY is not set or empty; export it/);
  });

  for (const file of ['secret.txt', 'secret.json']) {
    test(`of a shared secret (${file}): exit 2 with the core's reason, the secret not shown`, async () => {
      const run = await runCli(['keys', 'public', file], { cwd: dir });
      assert.equal(run.code, 2);
      assert.match(run.stderr, new RegExp(`^jwt-studio: ${file.replace('.', '\\.')}: .*is a shared secret: a shared secret has no public half\\. Share it only over a secure channel`));
      assert.equal(run.stdout, '');
      const text = readFileSync(join(dir, file), 'utf8');
      const secret = file.endsWith('.json') ? (JSON.parse(text) as { k: string }).k : text.trim();
      assertNotShown([secret], run.stderr);
    });
  }

  test('bad input: a missing file, an unknown format, key text as the argument, no argument', async () => {
    for (const [args, message] of [
      [['nope.pem'], /^jwt-studio: nope\.pem: no such file; check the path/],
      [['rsa.pem', '--format', 'der'], /--format is pem, jwk or jwks, not "der"/],
      [['{"kty":"EC","crv":"P-256","x":"…"}'], /takes a file or env:NAME, not the key itself/],
      [[], /one argument is missing/],
    ] as const) {
      const run = await runCli(['keys', 'public', ...args], { cwd: dir });
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    }
  });
});

describe('keys help', () => {
  test('"keys generate --help" and "keys public --help" exit 0; "keys" alone prints both usages and exits 2', async () => {
    const generateHelp = await runCli(['keys', 'generate', '--help']);
    assert.equal(generateHelp.code, 0);
    assert.match(generateHelp.stdout, /mode\s+0600/);
    assert.match(generateHelp.stdout, /--size BITS/);
    const publicHelp = await runCli(['keys', 'public', '--help']);
    assert.equal(publicHelp.code, 0);
    assert.match(publicHelp.stdout, /--format pem\|jwk\|jwks/);
    const bare = await runCli(['keys']);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /keys generate --alg ALG --out FILE[\s\S]*keys public FILE\|env:NAME/);
    assert.equal(bare.stdout, '');
    const unknown = await runCli(['keys', '--bogus']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^jwt-studio: no command "keys --bogus"; the keys commands are/);
  });
});
