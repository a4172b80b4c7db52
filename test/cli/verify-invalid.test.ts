// `jwt-studio verify` on tokens that do not pass (exit 1, one line on stderr
// with the reason) and on input it cannot use (exit 2): every kind of bad
// input a script meets, each checked for its exit code and its message.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { firstRawDeceptive } from './rawChars';
import { runCli } from './cli';
import type { CliRun } from './cli';
import { keyFolder, nowSeconds, rawToken, secretText, signJwt, tamperSignature, writeIn } from './verifyFixtures';
import type { KeyFolder, RsaPair } from './verifyFixtures';

let folder: KeyFolder;
let dir: string;
let rsa: RsaPair;
let secret: string;
let files: KeyFolder['files'];

before(() => {
  folder = keyFolder();
  ({ dir, rsa, secret, files } = folder);
});

after(() => folder.cleanup());

function hs256(claims: object, options: Parameters<typeof signJwt>[2] = {}): string {
  return signJwt(claims, secret, { algorithm: 'HS256', ...options });
}

/** One line on stderr, nothing on stdout, the exit code given. */
function assertFails(run: CliRun, code: 1 | 2, reason: RegExp): void {
  assert.equal(run.code, code, `exit ${run.code}: ${run.stderr}`);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^jwt-studio: [^\n]+\n$/, 'one line on stderr');
  assert.match(run.stderr, reason);
}


// ---- exit 1: a token that does not pass

test('an expired token: exit 1, says how long ago and when', async () => {
  const token = hs256({ sub: 'u1', exp: nowSeconds() - 300 });
  assertFails(await runCli(['verify', token, '--key', files.secret]), 1, /: expired [45] min ago \(exp \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\); the signature by key .*hs\.secret \(HS256, matched by alg\) is valid\n$/);
});

test('--clock-tolerance: a token expired 10 s ago passes with 60 s of leeway, and the line says so', async () => {
  const token = hs256({ sub: 'u1', exp: nowSeconds() - 10 });
  assertFails(await runCli(['verify', token, '--key', files.secret]), 1, /expired \d+ s ago/);
  const run = await runCli(['verify', token, '--key', files.secret, '--clock-tolerance', '60']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /claims checked: expired \d+ s ago \(within the 60 s clock tolerance\)/);
});

test('a token not valid yet (nbf in an hour): exit 1', async () => {
  const token = hs256({ sub: 'u1', nbf: nowSeconds() + 3600 });
  assertFails(await runCli(['verify', token, '--key', files.secret]), 1, /: not valid yet: not valid for another (59 min|1 h) \(nbf /);
});

test('a wrong audience and a wrong issuer: exit 1, with the value and what was expected', async () => {
  const token = hs256({ sub: 'u1', iss: 'https://evil.example', aud: 'api' }, { expiresIn: 60 });
  assertFails(await runCli(['verify', token, '--key', files.secret, '--audience', 'billing']), 1, /: wrong audience: aud is "api", expected "billing"; the signature/);
  assertFails(await runCli(['verify', token, '--key', files.secret, '--issuer', 'https://id.example']), 1, /: wrong issuer: iss is "https:\/\/evil\.example", expected "https:\/\/id\.example"; /);
  const both = await runCli(['verify', token, '--key', files.secret, '--issuer', 'https://id.example', '--audience', 'billing']);
  assertFails(both, 1, /wrong issuer: .*; wrong audience: /);
});

test('--issuer on a token with no iss: exit 1', async () => {
  assertFails(await runCli(['verify', hs256({ sub: 'u1' }), '--key', files.secret, '--issuer', 'https://id.example']), 1, /wrong issuer: the token has no iss, expected "https:\/\/id\.example"/);
});

test('a tampered signature, and a tampered payload: exit 1, bad signature', async () => {
  const token = signJwt({ sub: 'u1' }, rsa.privateKey, { algorithm: 'RS256', expiresIn: 60 });
  assertFails(await runCli(['verify', tamperSignature(token), '--key', files.rsaPublic]), 1, /: bad signature: tried .*rsa\.pub\.pem: the token was changed, or signed with another key\n$/);
  const [h, , s] = token.split('.');
  const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'admin' })).toString('base64url')}.${s}`;
  assertFails(await runCli(['verify', forged, '--key', files.rsaPublic]), 1, /bad signature/);
});

test('a token signed with another secret: exit 1, and the line says how a secret file is read', async () => {
  const token = signJwt({ sub: 'u1' }, secretText(), { algorithm: 'HS256' });
  assertFails(await runCli(['verify', token, '--key', files.secret]), 1, /bad signature: .*a shared secret file is used as its UTF-8 text/);
});

test('alg none: it is a token, so exit 1 "not signed"; a key does not make it valid', async () => {
  const token = rawToken({ alg: 'none' }, { sub: 'admin' });
  assertFails(await runCli(['verify', token, '--key', files.secret]), 1, /: the token is not signed \(alg none\): anyone can make it, so it is never valid/);
  const upper = rawToken({ alg: 'NONE' }, { sub: 'admin' }, 'c2ln');
  assertFails(await runCli(['verify', upper, '--key', files.secret]), 1, /not signed \(alg none\)/);
});

test('an empty signature part on an HS256 token: exit 1, no signature', async () => {
  const token = rawToken({ alg: 'HS256' }, { sub: 'admin' });
  assertFails(await runCli(['verify', token, '--key', files.secret]), 1, /: no signature: the third part of the token is empty/);
});

test('an HS256 token whose "secret" is the RSA public key PEM text: refused, exit 1 (RFC 8725 3.1)', async () => {
  // The key-confusion forgery: the attacker signs with the public key text as the HMAC secret.
  const signingInput = rawToken({ alg: 'HS256', typ: 'JWT' }, { sub: 'admin' }).slice(0, -1);
  const forged = `${signingInput}.${createHmac('sha256', rsa.publicPem).update(signingInput).digest('base64url')}`;
  for (const extra of [[], ['--alg', 'HS256']]) {
    const run = await runCli(['verify', forged, '--key', files.rsaPublic, ...extra]);
    assertFails(run, 1, /: no key matched this HS256 token: it needs a shared secret, but the keys given are .*rsa\.pub\.pem \(RS256, RSA 2048 bits public key\); a public or private key is never used as an HMAC secret/);
  }
  const json = await runCli(['verify', forged, '--key', files.rsaPublic, '--json']);
  assert.equal(json.code, 1);
  assert.equal(JSON.parse(json.stdout).signature.status, 'no-matching-key');
});

test('a key of the wrong type for the token (an EC JWK for an RS256 token): exit 1 with the reason', async () => {
  const token = signJwt({ sub: 'u1' }, rsa.privateKey, { algorithm: 'RS256', keyid: 'rsa-1', expiresIn: 60 });
  assertFails(await runCli(['verify', token, '--key', files.ecJwk]), 1, /: no key matched this RS256 token \(kid "rsa-1"\): the keys given are 'ec-1' in .*ec\.json \(ES256, EC P-256 public key\); keys of another algorithm are never tried/);
  // A shared secret for an RS256 token, the other way round.
  assertFails(await runCli(['verify', token, '--key', files.secret]), 1, /no key matched this RS256 token .*hs\.secret \(HS256, shared secret, \d+ bytes\)/);
});

test('--alg that the token does not use: exit 1, a token never chooses its own algorithm', async () => {
  const token = signJwt({ sub: 'u1' }, rsa.privateKey, { algorithm: 'RS256' });
  assertFails(await runCli(['verify', token, '--key', files.rsaPublic, '--alg', 'PS256']), 1, /: wrong algorithm: the token says "RS256", but --alg PS256 was given/);
});

test('a token with bidi characters in the kid and a claim: the reason shows them escaped', async () => {
  // Made by hand: jsonwebtoken writes a header's non-Latin-1 characters as single bytes.
  const signingInput = rawToken({ alg: 'HS256', kid: 'evil\u202Ecod.exe' }, { sub: 'x\u2066y', aud: 'a\u202Eb' }).slice(0, -1);
  const token = `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
  const run = await runCli(['verify', token, '--key', files.ecJwk]);
  assertFails(run, 1, /kid "evil\\u202Ecod\.exe"/);
  assert.equal(firstRawDeceptive(run.stderr), undefined);
  const aud = await runCli(['verify', token, '--key', files.secret, '--audience', 'ab', '--json']);
  assert.equal(aud.code, 1);
  assert.match(aud.stderr, /aud is "a\\u202Eb"/);
  assert.equal(firstRawDeceptive(aud.stderr + aud.stdout), undefined);
  // Still valid JSON, and the kid is the token's own once parsed.
  assert.equal(JSON.parse(aud.stdout).token.kid, 'evil\u202Ecod.exe');
});

test('--json on an invalid token: the verdict on stdout, the reason on stderr, exit 1', async () => {
  const token = hs256({ sub: 'u1', exp: nowSeconds() - 7200 });
  const run = await runCli(['verify', token, '--key', files.secret, '--json']);
  assert.equal(run.code, 1);
  const verdict = JSON.parse(run.stdout);
  assert.equal(verdict.valid, false);
  assert.match(verdict.reason, /^expired 2 h ago/);
  assert.equal(verdict.signature.status, 'valid');
  assert.equal(verdict.claims.valid, false);
  assert.deepEqual(verdict.claims.problems.map((p: { code: string }) => p.code), ['expired']);
  assert.equal(run.stderr, `jwt-studio: ${verdict.reason}\n`);
});

// ---- exit 2: bad usage, or input that cannot be used

test('text that is not a token: exit 2', async () => {
  assertFails(await runCli(['verify', 'hello.world', '--key', files.secret]), 2, /: not a token: /);
  assertFails(await runCli(['verify', '{"alg":"HS256"}', '--key', files.secret]), 2, /not a token: This is JSON/);
});

test('stdin closed, and stdin empty: exit 2', async () => {
  assertFails(await runCli(['verify', '-', '--key', files.secret], { stdin: 'closed' }), 2, /no token on stdin/);
  assertFails(await runCli(['verify', '-', '--key', files.secret], { stdin: '\n' }), 2, /no token on stdin/);
});

test('a token of over 1 MB on stdin: exit 2, nothing decoded', async () => {
  const huge = `eyJhbGciOiJIUzI1NiJ9.${'A'.repeat(1_200_000)}.c2ln`;
  assertFails(await runCli(['verify', '-', '--key', files.secret], { stdin: huge }), 2, /the input is 1,200,026 characters, over the 1,048,576 a token may have here/);
});

test('a missing key file: exit 2, names the file', async () => {
  const missing = `${dir}/nope.pem`;
  assertFails(await runCli(['verify', hs256({}), '--key', missing]), 2, new RegExp(`${missing.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: no such file; check the path`));
});

test('a key given as text on the command line is refused: exit 2, and the key is not echoed', async () => {
  const jwk = JSON.stringify({ kty: 'oct', k: Buffer.from(secret).toString('base64url') });
  for (const value of [`--key=${rsa.publicPem}`, `--key=${jwk}`]) {
    const run = await runCli(['verify', hs256({}), value]);
    assertFails(run, 2, /--key takes a file or env:NAME, not the key itself \(keys in arguments end up in shell history\)/);
    assert.ok(!run.stderr.includes(Buffer.from(secret).toString('base64url')));
    assert.ok(!run.stderr.includes('BEGIN PUBLIC KEY'));
  }
});

test('--key env:NAME unset or empty: exit 2', async () => {
  assertFails(await runCli(['verify', hs256({}), '--key', 'env:JWT_TEST_UNSET'], { env: { JWT_TEST_UNSET: undefined } }), 2, /environment variable JWT_TEST_UNSET is not set or empty; export it/);
  assertFails(await runCli(['verify', hs256({}), '--key', 'env:JWT_TEST_EMPTY'], { env: { JWT_TEST_EMPTY: '' } }), 2, /JWT_TEST_EMPTY is not set or empty/);
});

test('a key file that is no usable key (a too-short secret, a broken PEM): exit 2, names the file, never prints the key', async () => {
  const short = writeIn(dir, 'short.secret', 'tiny-secret');
  const run = await runCli(['verify', hs256({}), '--key', short]);
  assertFails(run, 2, /short\.secret: HS256 needs a secret of at least 32 bytes/);
  assert.ok(!run.stderr.includes('tiny-secret'));
  const broken = writeIn(dir, 'broken.pem', rsa.publicPem.slice(0, 120));
  assertFails(await runCli(['verify', hs256({}), '--key', broken]), 2, /broken\.pem: /);
});

test('bad usage: no --key, no token, an unknown option, a bad --alg or --clock-tolerance, ID=FILE: exit 2', async () => {
  const token = hs256({});
  assertFails(await runCli(['verify', token]), 2, /no key given: pass the issuer's key as --key FILE/);
  assertFails(await runCli(['verify', '--key', files.secret]), 2, /one argument is missing \(see "jwt-studio verify --help"\)/);
  assertFails(await runCli(['verify', token, '--key', files.secret, '--frobnicate']), 2, /unknown option '--frobnicate'/);
  assertFails(await runCli(['verify', token, '--key', files.secret, '--alg', 'RSA-OAEP']), 2, /--alg RSA-OAEP is not a signature algorithm/);
  assertFails(await runCli(['verify', token, '--key', files.secret, '--clock-tolerance', '-5']), 2, /clock-tolerance/);
  assertFails(await runCli(['verify', token, '--key', files.secret, '--clock-tolerance', '1e9']), 2, /--clock-tolerance takes whole seconds/);
  assertFails(await runCli(['verify', token, '--key', `signing=${files.secret}`]), 2, /ID=FILE names a profile's key, and verify has no profile/);
  assertFails(await runCli(['verify', token, 'extra', '--key', files.secret]), 2, /unexpected argument "extra"/);
});

test('--help: the options and exit codes, exit 0', async () => {
  const run = await runCli(['verify', '--help']);
  assert.equal(run.code, 0);
  for (const option of ['--key', '--alg', '--issuer', '--audience', '--clock-tolerance', '--json']) assert.ok(run.stdout.includes(option), option);
  assert.match(run.stdout, /Exit 0 when the signature and the claims are valid, 1 when either is not/);
});
