// `jwt-studio verify` on tokens other implementations made: jsonwebtoken and
// PyJWT sign, the built command line verifies with keys kept as files (a
// shared-secret file, PEM, a JWK, a JWK Set with two keys) or in an
// environment variable. Exit 0 and one line on stdout when valid.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './cli';
import { keyFolder, nowSeconds, pyjwtSign, rsaPair, signJwt, writeIn } from './verifyFixtures';
import type { EcPair, KeyFolder, RsaPair } from './verifyFixtures';

let folder: KeyFolder;
let rsa: RsaPair;
let rsa2: RsaPair;
let ec: EcPair;
let secret: string;
let files: KeyFolder['files'] & { jwks: string };

before(() => {
  folder = keyFolder();
  ({ rsa, ec, secret } = folder);
  rsa2 = rsaPair();
  files = {
    ...folder.files,
    jwks: writeIn(folder.dir, 'jwks.json', {
      keys: [
        { ...rsa.publicJwk, kid: 'k1', alg: 'RS256', use: 'sig' },
        { ...rsa2.publicJwk, kid: 'k2', alg: 'RS256', use: 'sig' },
      ],
    }),
  };
});

after(() => folder.cleanup());

async function verifyOk(token: string, keys: string[], extra: string[] = []): Promise<string> {
  const run = await runCli(['verify', token, ...keys.flatMap((k) => ['--key', k]), ...extra]);
  assert.equal(run.stderr, '');
  assert.equal(run.code, 0);
  assert.equal(run.stdout.split('\n').length, 2, 'one line on stdout');
  return run.stdout;
}

test('jsonwebtoken HS256 with a shared-secret file: exit 0, says the key and the expiry', async () => {
  const token = signJwt({ sub: 'u1' }, secret, { algorithm: 'HS256', expiresIn: 240 });
  const out = await verifyOk(token, [files.secret]);
  assert.match(out, /^valid: signature by key .*hs\.secret \(HS256, matched by alg\); claims checked: expires in [34] min\n$/);
});

test('jsonwebtoken HS384 and HS512: a secret takes the token\'s HMAC algorithm', async () => {
  for (const algorithm of ['HS384', 'HS512'] as const) {
    const token = signJwt({ sub: 'u1' }, secret, { algorithm, expiresIn: 60 });
    assert.match(await verifyOk(token, [files.secret]), new RegExp(`\\(${algorithm}, matched by alg\\)`));
  }
});

test('jsonwebtoken RS256 with the SPKI PEM, and with the private PKCS#8 PEM', async () => {
  const token = signJwt({ sub: 'u1' }, rsa.privateKey, { algorithm: 'RS256', expiresIn: 240 });
  assert.match(await verifyOk(token, [files.rsaPublic]), /signature by key .*rsa\.pub\.pem \(RS256/);
  assert.match(await verifyOk(token, [files.rsaPrivate]), /signature by key .*rsa\.pem \(RS256/);
});

test('jsonwebtoken PS256 with the same RSA PEM: the PEM is read for the token\'s RSA algorithm', async () => {
  const token = signJwt({ sub: 'u1' }, rsa.privateKey, { algorithm: 'PS256', expiresIn: 60 });
  assert.match(await verifyOk(token, [files.rsaPublic]), /\(PS256, matched by alg\)/);
});

test('jsonwebtoken ES256 with an EC JWK: the key is chosen by the token\'s kid', async () => {
  const token = signJwt({ sub: 'u1' }, ec.privateKey, { algorithm: 'ES256', keyid: 'ec-1', expiresIn: 60 });
  assert.match(await verifyOk(token, [files.ecJwk]), /signature by key 'ec-1' in .*ec\.json \(ES256, matched by kid\)/);
});

test('a JWK Set with two keys: the kid selects k2, and only k2 is tried', async () => {
  const byK2 = signJwt({ sub: 'u1' }, rsa2.privateKey, { algorithm: 'RS256', keyid: 'k2', expiresIn: 60 });
  assert.match(await verifyOk(byK2, [files.jwks]), /signature by key 'k2' in .*jwks\.json \(RS256, matched by kid\)/);

  // Signed by k1's private key but naming k2: k2 is the only key tried, so the signature is bad.
  const misnamed = signJwt({ sub: 'u1' }, rsa.privateKey, { algorithm: 'RS256', keyid: 'k2', expiresIn: 60 });
  const run = await runCli(['verify', misnamed, '--key', files.jwks, '--json']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^jwt-studio: bad signature: tried 'k2' in .*jwks\.json: the token was changed, or signed with another key\n$/);
  const verdict = JSON.parse(run.stdout);
  assert.equal(verdict.valid, false);
  assert.deepEqual(verdict.signature.tried.map((t: { kid: string }) => t.kid), ['k2']);
});

test('a JWK Set and a kid it does not hold: keys of the token\'s algorithm are tried, and the line says the kid was not found', async () => {
  const token = signJwt({ sub: 'u1' }, rsa2.privateKey, { algorithm: 'RS256', keyid: 'k9', expiresIn: 60 });
  assert.match(await verifyOk(token, [files.jwks]), /key 'k2' in .*\(RS256, matched by alg: no key given has the token's kid "k9"\)/);
});

test('several --key sources: the one that fits is used', async () => {
  const token = signJwt({ sub: 'u1' }, ec.privateKey, { algorithm: 'ES256', keyid: 'ec-1', expiresIn: 60 });
  assert.match(await verifyOk(token, [files.secret, files.jwks, files.ecJwk]), /key 'ec-1'/);
});

test('PyJWT HS256, RS256 and ES256 tokens verify', async () => {
  const exp = nowSeconds() + 300;
  const [hs, rs, es] = pyjwtSign([
    { alg: 'HS256', key: secret, payload: { sub: 'from-pyjwt', exp } },
    { alg: 'RS256', key: rsa2.privatePem, payload: { sub: 'from-pyjwt', exp }, headers: { kid: 'k2' } },
    { alg: 'ES256', key: ec.privatePem, payload: { sub: 'from-pyjwt', exp }, headers: { kid: 'ec-1' } },
  ]);
  assert.match(await verifyOk(hs!, [files.secret]), /\(HS256, matched by alg\); claims checked: expires in [45] min/);
  assert.match(await verifyOk(rs!, [files.jwks]), /key 'k2' in .*\(RS256, matched by kid\)/);
  assert.match(await verifyOk(es!, [files.ecJwk]), /key 'ec-1' in .*\(ES256, matched by kid\)/);
});

test('--issuer and --audience: any of the values given may match; the line says they were checked', async () => {
  const token = signJwt({ sub: 'u1', iss: 'https://id.example', aud: ['api', 'web'] }, secret, { algorithm: 'HS256', expiresIn: 60 });
  const out = await verifyOk(token, [files.secret], ['--issuer', 'https://other.example', '--issuer', 'https://id.example', '--audience', 'web']);
  assert.match(out, /claims checked: expires in \d+ (s|min), iss as expected, aud as expected\n$/);
});

test('a token without exp is valid, and the line says it does not expire', async () => {
  const token = signJwt({ sub: 'u1' }, secret, { algorithm: 'HS256', noTimestamp: true });
  assert.match(await verifyOk(token, [files.secret]), /claims checked: no exp \(it does not expire\)/);
});

test('"-" reads the token from stdin, a Bearer prefix and newline ignored', async () => {
  const token = signJwt({ sub: 'u1' }, rsa.privateKey, { algorithm: 'RS256', expiresIn: 60 });
  const run = await runCli(['verify', '-', '--key', files.rsaPublic], { stdin: `Bearer ${token}\n` });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^valid: /);
});

test('--key env:NAME reads the key from an environment variable', async () => {
  const token = signJwt({ sub: 'u1' }, secret, { algorithm: 'HS256', expiresIn: 60 });
  const run = await runCli(['verify', token, '--key', 'env:JWT_TEST_SECRET'], { env: { JWT_TEST_SECRET: secret } });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /signature by key environment variable JWT_TEST_SECRET \(HS256/);
});

test('--json: the verdict as JSON on stdout, exit 0', async () => {
  const token = signJwt({ sub: 'u1', aud: 'api' }, ec.privateKey, { algorithm: 'ES256', keyid: 'ec-1', expiresIn: 120 });
  const run = await runCli(['verify', token, '--key', files.ecJwk, '--audience', 'api', '--json']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  const verdict = JSON.parse(run.stdout);
  assert.equal(verdict.valid, true);
  assert.match(verdict.summary, /^signature by key 'ec-1'/);
  assert.deepEqual(verdict.token, { kind: 'jws', alg: 'ES256', kid: 'ec-1' });
  assert.equal(verdict.signature.status, 'valid');
  assert.deepEqual({ kid: verdict.signature.key.kid, alg: verdict.signature.key.alg, matchedBy: verdict.signature.key.matchedBy }, { kid: 'ec-1', alg: 'ES256', matchedBy: 'kid' });
  assert.deepEqual(verdict.claims, { checked: true, valid: true, problems: [] });
  assert.equal(verdict.times.status, 'valid');
  assert.equal(verdict.times.exp.seconds, JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp);
});
