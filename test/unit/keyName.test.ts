// One name for a key: the formatter, the ring lookup behind hovers and hints, and the
// messages that use it (verify, decrypt, hover, hint, live-credential diagnostic), plus the
// private JWK text that "Show Private Key JWK…" opens.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import {
  classifyToken,
  decodeToken,
  decryptToken,
  encryptToken,
  exportPrivateJwk,
  exportPublicKey,
  generateKey,
  hintText,
  hoverBlocks,
  importKey,
  keyName,
  kidName,
  publicOnly,
  ringKeyName,
  ringKeyNamer,
  shortKid,
  signToken,
  verifyToken,
} from '../../src/core/index';
import type { KeyAlg, KeyMaterial, NamedKey } from '../../src/core/index';
import { keyPair } from '../keyPairs';

async function generated(alg: KeyAlg, kid?: string): Promise<KeyMaterial> {
  const r = await generateKey(kid === undefined ? { alg } : { alg, kid });
  if (!r.ok) assert.fail(r.error.message);
  return r.key;
}

function entryOf(id: string, key: KeyMaterial): NamedKey {
  return { id, kid: key.kid, alg: key.alg, use: key.use };
}

describe('keyName', () => {
  test('the ring id alone when the kid is the same or unknown', () => {
    assert.equal(keyName('ap-prod', 'ap-prod'), "'ap-prod'");
    assert.equal(keyName('ap-prod'), "'ap-prod'");
    assert.equal(keyName('ap-prod', ''), "'ap-prod'");
  });

  test('the kid beside the ring id when they differ; long kids shortened to their start', () => {
    assert.equal(keyName('ap-prod', '2024-01'), "'ap-prod' (kid 2024-01)");
    const thumbprint = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
    assert.equal(keyName('e2e-ring', thumbprint), "'e2e-ring' (kid NzbLsXh8…)");
    assert.equal(shortKid('sixteen-chars-ok'), 'sixteen-chars-ok');
    assert.equal(shortKid('seventeen-chars-x'), 'seventee…');
  });

  test('only the kid, whole, when no ring id is known', () => {
    const kid = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
    assert.equal(keyName(undefined, kid), `with kid '${kid}'`);
    assert.equal(keyName(undefined, undefined), 'with no kid');
  });

  test('characters that hide text are shown as escapes, and overlong names are cut', () => {
    assert.equal(keyName('a', 'b\u202Ec'), "'a' (kid b\\u202Ec)");
    assert.equal(keyName(undefined, 'x\u200By'), "with kid 'x\\u200By'");
    const name = keyName('k'.repeat(200));
    assert.equal(name, `'${'k'.repeat(64)}…'`);
  });
});

describe('ringKeyName', () => {
  test('names the one entry with the kid, alg and use; several sharing them are counted, not guessed', () => {
    const entries: NamedKey[] = [
      { id: 'ap-prod', kid: '2024-01', alg: 'RS256', use: 'sig' },
      { id: 'twin-a', kid: 'shared', alg: 'ES256', use: 'sig' },
      { id: 'twin-b', kid: 'shared', alg: 'ES256', use: 'sig' },
      { id: 'enc', kid: '2024-01', alg: 'RSA-OAEP-256', use: 'enc' },
    ];
    const one = ringKeyName(entries, { kid: '2024-01', alg: 'RS256' }, 'sig');
    assert.equal(one.name, "'ap-prod' (kid 2024-01)");
    assert.equal(one.entry?.id, 'ap-prod');
    assert.equal(ringKeyName(entries, { kid: '2024-01', alg: 'RSA-OAEP-256' }, 'enc').entry?.id, 'enc');
    const two = ringKeyName(entries, { kid: 'shared', alg: 'ES256' }, 'sig');
    assert.equal(two.name, "with kid 'shared' (2 ring keys share it)");
    assert.equal(two.entry, undefined);
    assert.equal(ringKeyName(entries, { kid: 'nope', alg: 'RS256' }, 'sig').name, "with kid 'nope'");
    assert.equal(ringKeyName(entries, undefined, 'sig').name, 'a ring key');
  });
});

describe('messages name keys as the ring does', () => {
  let signer: KeyMaterial;
  let other: KeyMaterial;
  let wrap: KeyMaterial;
  let entries: NamedKey[];
  before(async () => {
    signer = await generated('ES256');
    other = await generated('ES256', 'other-kid');
    wrap = await generated('A256KW', 'wrap-kid');
    entries = [entryOf('ap-prod', signer), entryOf('other', other), entryOf('vendor-wrap', wrap)];
  });

  async function signed(key: KeyMaterial): Promise<string> {
    const r = await signToken({ key, claims: { sub: 'u1' }, ttlSeconds: 300 });
    if (!r.ok) assert.fail(r.error.message);
    return r.token;
  }

  test('verify: valid, invalid and mismatched, by ring name; by kid without names', async () => {
    const token = await signed(signer);
    const named = await verifyToken(token, [signer], { keyName: ringKeyNamer(entries) });
    assert.equal(named.signature, 'valid');
    assert.match(named.message, new RegExp(`^Signature valid: ES256 key 'ap-prod' \\(kid ${signer.kid.slice(0, 8)}…\\), matched by kid\\.`));
    const plain = await verifyToken(token, [signer]);
    assert.match(plain.message, new RegExp(`^Signature valid: ES256 key with kid '${signer.kid}', matched by kid\\.`));
    assert.equal(kidName(signer), `with kid '${signer.kid}'`);

    // The token names the signer's kid, but only another key with that kid is in the ring.
    const impostor = { ...other, kid: signer.kid, publicJwk: { ...other.publicJwk, kid: signer.kid } } as KeyMaterial;
    const bad = await verifyToken(token, [publicOnly(impostor)], { keyName: () => "'impostor'" });
    assert.equal(bad.signature, 'invalid');
    assert.match(bad.message, /^Signature invalid with key 'impostor': /);

    const hs = await generated('HS256', signer.kid);
    const mismatch = await verifyToken(token, [hs], { keyName: (k) => keyName('hmac-ring', k.kid) });
    assert.match(mismatch.message, /token says ES256, key 'hmac-ring' \(kid [^)]+\) is HS256/);
  });

  test('decrypt: the shared key and the inner signer, by ring name', async () => {
    const jws = await signed(signer);
    const jwe = await encryptToken({ key: wrap, enc: 'A256GCM', plaintext: jws });
    if (!jwe.ok) assert.fail(jwe.error.message);
    const d = await decryptToken(jwe.token, [wrap], { verifyKeys: [publicOnly(signer)], keyName: ringKeyNamer(entries) });
    if (!d.ok) assert.fail(d.error.message);
    assert.equal(d.note, `Decrypted; the inner token is signed by ES256 key 'ap-prod' (kid ${shortKid(signer.kid)}) and the signature is valid.`);
    const shared = await encryptToken({ key: wrap, enc: 'A256GCM', plaintext: '{"a":1}' });
    if (!shared.ok) assert.fail(shared.error.message);
    const s = await decryptToken(shared.token, [wrap], { keyName: ringKeyNamer(entries) });
    if (!s.ok) assert.fail(s.error.message);
    assert.equal(s.note, "Decrypted with shared A256KW key 'vendor-wrap' (kid wrap-kid): whoever made it holds the same secret.");
    assert.equal(ringKeyName(entries, s.key, 'enc').name, "'vendor-wrap' (kid wrap-kid)");
  });

  test('hover, hint and live-credential diagnostic carry the same name', async () => {
    const token = await signed(signer);
    const decoded = decodeToken(token);
    if (!decoded.ok) assert.fail(decoded.error.message);
    const name = ringKeyName(entries, { kid: signer.kid, alg: 'ES256' }, 'sig').name;
    const state = { status: 'verified' as const, key: name };
    const line = hoverBlocks(decoded.token, undefined, { signature: state }).find((b) => b.kind === 'line' && b.text.startsWith('Signature'));
    assert.equal(line?.kind === 'line' ? line.text : '', `Signature verified by key ${name}`);
    assert.equal(name, `'ap-prod' (kid ${signer.kid.slice(0, 8)}…)`);
    // The whole name fits in the hint, not cut at the other fields' length.
    assert.ok(hintText(decoded.token, undefined, state, '{signature}').endsWith(name), hintText(decoded.token, undefined, state, '{signature}'));
    const live = classifyToken(decoded.token, undefined, state, { reportExpired: true, maxLifetimeSeconds: 0 }).find((i) => i.code === 'live-credential');
    assert.match(live?.message ?? '', new RegExp(`signed by ring key ${name.replace(/[()…]/g, '\\$&')}, with no expiry`));
  });
});

describe('exportPrivateJwk', () => {
  test('an RSA private JWK with its RFC 7517 members only, the same key as the PEM it came from', async () => {
    const { privateKey } = keyPair('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const imported = await importKey(pem, { alg: 'RS256', kid: 'rsa-1' });
    if (!imported.ok) assert.fail(imported.error.message);
    const key = imported.keys[0] as KeyMaterial;
    // A stored JWK carrying something else keeps it out of what is shown.
    const r = exportPrivateJwk({ ...key, privateJwk: { ...key.privateJwk, ext: true, x5c: ['AAAA'] } as KeyMaterial['privateJwk'] });
    if (!r.ok) assert.fail(r.error.message);
    const jwk = JSON.parse(r.text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(jwk), ['kty', 'kid', 'use', 'alg', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi']);
    const again = createPrivateKey({ key: jwk as never, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' });
    assert.equal(again, pem);
    // And the public JWK the other command shows is the same key's public half.
    const pub = await exportPublicKey(publicOnly(key), 'jwk');
    if (!pub.ok) assert.fail(pub.error.message);
    const publicJwk = JSON.parse(pub.text) as Record<string, unknown>;
    for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) assert.ok(!(m in publicJwk), m);
    assert.equal(createPublicKey({ key: publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }), createPublicKey(pem).export({ type: 'spki', format: 'pem' }));
  });

  test("a shared secret's oct JWK; nothing for a public-only key", async () => {
    const secret = await generated('HS256', 'hs');
    const r = exportPrivateJwk(secret);
    if (!r.ok) assert.fail(r.error.message);
    const jwk = JSON.parse(r.text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(jwk), ['kty', 'kid', 'use', 'alg', 'k']);
    assert.equal(jwk.k, secret.privateJwk?.k);
    const pair = await generated('ES256', 'es');
    const none = exportPrivateJwk(publicOnly(pair));
    assert.ok(!none.ok && none.error.code === 'KEY_NOT_PRIVATE');
    if (!none.ok) assert.match(none.error.message, /can only verify/);
  });
});
