// `jwt-studio verify` on encrypted tokens: decrypted with the key given for
// them, the token inside verified with the signing keys given. A nested token
// is as genuine as its inner signature (RFC 7519 section 7.2); a JWE with no
// inner token is authenticated only by a shared key. The JWEs are made by the
// core (with jose underneath), the keys with node:crypto.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { encryptToken, generateKey, importKey, signToken } from '../../src/core/index';
import type { KeyMaterial } from '../../src/core/index';
import { runCli, tempFolder } from './cli';
import { nowSeconds, rsaPair, secretText, writeIn } from './verifyFixtures';

let dir: string;
let cleanup: () => void;
let signing: KeyMaterial;
let recipient: KeyMaterial;
let shared: KeyMaterial;
const files: Record<string, string> = {};

function must<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) assert.fail(JSON.stringify((result as { error?: unknown }).error));
  return result as Extract<T, { ok: true }>;
}

before(async () => {
  ({ dir, cleanup } = tempFolder());
  const signer = rsaPair();
  signing = must(await importKey(signer.privatePem, { alg: 'RS256' })).keys[0]!;
  files.signingPublic = writeIn(dir, 'signer.pub.pem', signer.publicPem);
  recipient = must(await generateKey({ alg: 'RSA-OAEP-256' })).key;
  const recipientKey = createPrivateKey({ key: recipient.privateJwk as JsonWebKey, format: 'jwk' });
  files.recipientPrivate = writeIn(dir, 'recipient.pem', recipientKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  files.recipientPublic = writeIn(dir, 'recipient.pub.pem', createPublicKey(recipientKey).export({ type: 'spki', format: 'pem' }) as string);
  shared = must(await generateKey({ alg: 'dir', kid: 'dir-1' })).key;
  files.shared = writeIn(dir, 'dir.json', { ...shared.privateJwk, kid: 'dir-1', alg: 'dir', use: 'enc' });
  files.secret = writeIn(dir, 'hs.secret', secretText());
});

after(() => cleanup());

async function nested(claims: Record<string, unknown>, ttlSeconds?: number): Promise<string> {
  const inner = must(await signToken({ key: signing, claims, ...(ttlSeconds !== undefined ? { ttlSeconds } : {}) }));
  return must(await encryptToken({ key: recipient, enc: 'A256GCM', plaintext: inner.token })).token;
}

test('a nested token (RS256 inside RSA-OAEP-256): decrypted, the inner signature verified, exit 0', async () => {
  const token = await nested({ sub: 'u1' }, 300);
  const run = await runCli(['verify', token, '--key', files.recipientPrivate!, '--key', files.signingPublic!]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^valid: decrypted with key .*recipient\.pem \(RSA-OAEP-256, A256GCM\); inner token: signature by key .*signer\.pub\.pem \(RS256, matched by kid\); claims checked: expires in [45] min\n$/);

  const json = await runCli(['verify', token, '--key', files.recipientPrivate!, '--key', files.signingPublic!, '--json']);
  const verdict = JSON.parse(json.stdout);
  assert.equal(verdict.valid, true);
  assert.equal(verdict.token.kind, 'jwe');
  assert.equal(verdict.decryption.authenticated, true);
  assert.match(verdict.decryption.note, /the inner token is signed by RS256 key .*signer\.pub\.pem and the signature is valid/);
  assert.equal(verdict.inner.alg, 'RS256');
  assert.equal(verdict.signature.status, 'valid');
});

test('a nested token with no signing key for the inner token: decrypted, but exit 1 (not authenticated)', async () => {
  const token = await nested({ sub: 'u1' }, 300);
  const run = await runCli(['verify', token, '--key', files.recipientPrivate!, '--json']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^jwt-studio: inner token: bad signature: .*; decrypted with key .*recipient\.pem \(RSA-OAEP-256, A256GCM\)\n$/);
  const verdict = JSON.parse(run.stdout);
  assert.equal(verdict.decryption.authenticated, false);
  assert.match(verdict.decryption.note, /NOT authenticated/);
});

test('a nested token whose inner token expired: exit 1, the inner token\'s expiry', async () => {
  const token = await nested({ sub: 'u1', exp: nowSeconds() - 600 });
  const run = await runCli(['verify', token, '--key', files.recipientPrivate!, '--key', files.signingPublic!]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^jwt-studio: inner token: expired 10 min ago \(exp .*\); the signature by key .*signer\.pub\.pem \(RS256, matched by kid\) is valid; decrypted with key /);
});

test('claims encrypted to a public key, with no signed token inside: exit 1, anyone with the public key could have made it', async () => {
  const token = must(await encryptToken({ key: recipient, enc: 'A256GCM', plaintext: { sub: 'admin', exp: nowSeconds() + 300 } })).token;
  const run = await runCli(['verify', token, '--key', files.recipientPrivate!]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /, but not authenticated: it was encrypted to a public key and holds no signed token, so anyone with the public key can make it/);
});

test('claims encrypted with a shared key (dir): exit 0, the verdict rests on the shared key; its claims are checked', async () => {
  const token = must(await encryptToken({ key: shared, enc: 'A256GCM', plaintext: { sub: 'u1', aud: 'api', exp: nowSeconds() + 300 } })).token;
  const run = await runCli(['verify', token, '--key', files.shared!, '--audience', 'api']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^valid: decrypted with key 'dir-1' in .*dir\.json \(dir, A256GCM\): a shared key, so whoever made it holds the same secret; claims checked: expires in [45] min, aud as expected\n$/);
  const wrong = await runCli(['verify', token, '--key', files.shared!, '--audience', 'billing']);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /^jwt-studio: wrong audience: aud is "api", expected "billing"; decrypted with key 'dir-1'/);
  const expired = must(await encryptToken({ key: shared, enc: 'A256GCM', plaintext: { sub: 'u1', exp: nowSeconds() - 120 } })).token;
  const late = await runCli(['verify', expired, '--key', files.shared!]);
  assert.equal(late.code, 1);
  assert.match(late.stderr, /expired 2 min ago/);
});

test('no key that can decrypt: exit 1 with the keys given; a public key only: exit 1, it can only encrypt', async () => {
  const token = await nested({ sub: 'u1' }, 300);
  const none = await runCli(['verify', token, '--key', files.secret!]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^jwt-studio: no key given can decrypt this RSA-OAEP-256 token \(kid ".+"\): the keys given are .*hs\.secret \(HS256, shared secret, \d+ bytes\); pass the recipient's private key/);
  const publicOnly = await runCli(['verify', token, '--key', files.recipientPublic!]);
  assert.equal(publicOnly.code, 1);
  assert.match(publicOnly.stderr, /no private key given for this RSA-OAEP-256 token: .*recipient\.pub\.pem is a public key, which can only encrypt/);
});

test('a JWE with a changed ciphertext, or for another key: exit 1, decryption failed', async () => {
  const token = await nested({ sub: 'u1' }, 300);
  const parts = token.split('.');
  parts[3] = parts[3]!.startsWith('A') ? `B${parts[3]!.slice(1)}` : `A${parts[3]!.slice(1)}`;
  const run = await runCli(['verify', parts.join('.'), '--key', files.recipientPrivate!, '--key', files.signingPublic!]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^jwt-studio: not decrypted: Decryption failed: the token was changed, or it was encrypted for a different key\n$/);
});
