// RFC 9864's fully specified Ed25519: keys that carry alg "Ed25519" are
// generated, imported and exported; their tokens say Ed25519; an Ed25519 key
// checks tokens under either name (EdDSA or Ed25519), and no other key does;
// a preset may require one name, and a key under the other name is reported.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { base64url, decodeProtectedHeader } from 'jose';
import { buildTokenRequest, decodeToken, exportPublicKey, generateKey, importKey, listPresets, parsePreset, parseProfile, publicOnly, signToken, summaryLine, thumbprint, verifyToken } from '../../src/core/index';
import type { JwsAlg, KeyMaterial, ProfileKeyInfo } from '../../src/core/index';
import { algsCheckingToken, keyChecksAlg } from '../../src/core/jose/algorithms';
import { keyFitsPreset } from '../../src/core/profiles/keyFit';
import { keyPair } from '../keyPairs';

let named: KeyMaterial;
let legacy: KeyMaterial;
let es256: KeyMaterial;

async function imported(text: string, options: Parameters<typeof importKey>[1] = {}): Promise<{ key: KeyMaterial; algs: JwsAlg[] }> {
  const r = await importKey(text, options);
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  return { key: r.keys[0] as KeyMaterial, algs: r.details[0]?.algs as JwsAlg[] };
}

async function signed(key: KeyMaterial, claims: Record<string, unknown> = { sub: 'ada' }): Promise<string> {
  const r = await signToken({ key, claims });
  if (!r.ok) assert.fail(r.error.message);
  return r.token;
}

before(async () => {
  const g = await generateKey({ alg: 'Ed25519' });
  if (!g.ok) assert.fail(g.error.message);
  named = g.key;
  // The same key pair under the older name: import its private JWK with alg EdDSA.
  legacy = (await imported(JSON.stringify({ ...named.privateJwk, alg: 'EdDSA' }))).key;
  const e = await generateKey({ alg: 'ES256', kid: named.kid });
  if (!e.ok) assert.fail(e.error.message);
  es256 = e.key;
});

describe('Ed25519 keys', () => {
  test('a generated Ed25519 key says so in its JWKs; its kid is the thumbprint, the same under either name', async () => {
    assert.equal(named.alg, 'Ed25519');
    assert.equal(named.kty, 'OKP');
    assert.equal(named.size, 'Ed25519');
    assert.equal(named.publicJwk?.alg, 'Ed25519');
    assert.equal(named.privateJwk?.alg, 'Ed25519');
    assert.equal(named.publicJwk?.crv, 'Ed25519');
    assert.equal(named.kid, await thumbprint({ kty: 'OKP', crv: 'Ed25519', x: String(named.publicJwk?.x) }));
    assert.equal(legacy.alg, 'EdDSA');
    assert.equal(legacy.kid, named.kid, 'the name does not change the kid');
    const byDefault = await generateKey({ alg: 'EdDSA' });
    assert.ok(byDefault.ok && byDefault.key.alg === 'EdDSA', 'EdDSA keys are still made');
  });

  test('an OKP JWK with alg Ed25519 imports as Ed25519, public or private; EdDSA stays what an unnamed key gets', async () => {
    const pub = await imported(JSON.stringify({ ...named.publicJwk, kid: undefined }));
    assert.equal(pub.key.alg, 'Ed25519');
    assert.deepEqual(pub.algs, ['Ed25519']);
    assert.equal(pub.key.kid, named.kid);
    const priv = await imported(JSON.stringify(named.privateJwk));
    assert.equal(priv.key.alg, 'Ed25519');
    assert.ok(priv.key.privateJwk);
    const { alg: _alg, kid: _kid, use: _use, ...bare } = named.privateJwk as Record<string, unknown>;
    const unnamed = await imported(JSON.stringify(bare));
    assert.equal(unnamed.key.alg, 'EdDSA');
    assert.deepEqual(unnamed.algs, ['EdDSA', 'Ed25519'], 'a private key may sign under either name, so the adapter asks');
    const chosen = await imported(JSON.stringify(bare), { alg: 'Ed25519' });
    assert.equal(chosen.key.alg, 'Ed25519');
  });

  test('PEM: a private Ed25519 key is offered both names, a public one only EdDSA (it checks both)', async () => {
    const pair = keyPair('ed25519');
    const priv = await imported(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    assert.deepEqual(priv.algs, ['EdDSA', 'Ed25519']);
    const pub = await imported(pair.publicKey.export({ type: 'spki', format: 'pem' }) as string);
    assert.deepEqual(pub.algs, ['EdDSA']);
    const asNamed = await imported(pair.publicKey.export({ type: 'spki', format: 'pem' }) as string, { alg: 'Ed25519' });
    assert.equal(asNamed.key.alg, 'Ed25519');
  });

  test('the name must fit the key: Ed25519 is refused for other curves, and a JWK keeps the name it says', async () => {
    const x25519 = keyPair('x25519').publicKey.export({ format: 'jwk' });
    const wrongCurve = await importKey(JSON.stringify({ ...x25519, alg: 'Ed25519' }));
    assert.ok(!wrongCurve.ok && wrongCurve.error.code === 'KEY_ALG_MISMATCH', wrongCurve.ok ? '' : wrongCurve.error.message);
    const ec = keyPair('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
    const onEc = await importKey(JSON.stringify(ec), { alg: 'Ed25519' });
    assert.ok(!onEc.ok && onEc.error.code === 'KEY_ALG_MISMATCH');
    const renamed = await importKey(JSON.stringify(legacy.publicJwk), { alg: 'Ed25519' });
    assert.ok(!renamed.ok && renamed.error.code === 'KEY_ALG_MISMATCH');
    assert.match(renamed.error.message, /says it is for EdDSA, but Ed25519 was chosen/);
  });

  test('export: the JWK carries Ed25519; the PEM is the same key as under EdDSA', async () => {
    const jwk = await exportPublicKey(named, 'jwk');
    assert.ok(jwk.ok);
    const parsed = JSON.parse(jwk.text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ['kty', 'kid', 'use', 'alg', 'crv', 'x']);
    assert.equal(parsed.alg, 'Ed25519');
    const a = await exportPublicKey(named, 'pem');
    const b = await exportPublicKey(legacy, 'pem');
    assert.ok(a.ok && b.ok);
    assert.equal(a.text, b.text);
  });
});

describe('Ed25519 tokens', () => {
  test('a key signs under its own name only: Ed25519 tokens from an Ed25519 key, EdDSA from an EdDSA key', async () => {
    assert.equal(decodeProtectedHeader(await signed(named)).alg, 'Ed25519');
    assert.equal(decodeProtectedHeader(await signed(legacy)).alg, 'EdDSA');
    const asked = await signToken({ key: named, claims: {}, header: { alg: 'EdDSA' } });
    assert.ok(!asked.ok && asked.error.code === 'HEADER_REFUSED', 'a template cannot rename the algorithm');
  });

  test('an Ed25519 key checks both names, and so does an EdDSA key: the same signature', async () => {
    for (const [signer, verifier] of [[named, named], [named, legacy], [legacy, named], [legacy, legacy]] as const) {
      const token = await signed(signer);
      const report = await verifyToken(token, [publicOnly(verifier)]);
      assert.equal(report.signature, 'valid', `${signer.alg} token, ${verifier.alg} key: ${report.message}`);
      assert.deepEqual(report.key, { kid: verifier.kid, alg: verifier.alg, matchedBy: 'kid' });
      if (signer.alg === verifier.alg) assert.doesNotMatch(report.message, /same Ed25519 signature/);
      else assert.match(report.message, new RegExp(`^Signature valid: ${verifier.alg} key with kid '[^']+' \\(an ${signer.alg} token: the same Ed25519 signature under its RFC (9864|8037) name\\), matched by kid\\.`));
    }
  });

  test('matched by algorithm too, when the token has no kid', async () => {
    const r = await signToken({ key: named, claims: { sub: 'a' }, includeKid: false });
    assert.ok(r.ok);
    const report = await verifyToken(r.token, [es256, publicOnly(legacy)]);
    assert.equal(report.signature, 'valid', report.message);
    assert.equal(report.key?.matchedBy, 'alg');
    assert.deepEqual(report.tried, [legacy.kid]);
  });

  test('a changed token is invalid under either name', async () => {
    const token = await signed(named);
    const [h, , s] = token.split('.') as [string, string, string];
    const tampered = `${h}.${base64url.encode('{"sub":"mallory"}')}.${s}`;
    for (const key of [named, legacy]) assert.equal((await verifyToken(tampered, [key])).signature, 'invalid');
  });

  test('no other key is ever tried: the kid of an ES256 key and an Ed25519 token is an algorithm mismatch', async () => {
    const token = await signed(named);
    const report = await verifyToken(token, [es256]);
    assert.equal(report.signature, 'invalid');
    assert.match(report.message, /Algorithm mismatch: token says Ed25519, key with kid '[^']+' is ES256/);
    const noKid = await signToken({ key: named, claims: {}, includeKid: false });
    assert.ok(noKid.ok);
    const none = await verifyToken(noKid.token, [es256]);
    assert.equal(none.signature, 'no-matching-key');
    assert.match(none.message, /no Ed25519 or EdDSA key is in the ring/);
    assert.match(none.message, /Ed25519 \(EdDSA over Ed25519, RFC 9864\) token/);
  });

  test('the rule that allows it: only EdDSA and Ed25519, only on an Ed25519 key', () => {
    assert.equal(keyChecksAlg('EdDSA', 'Ed25519', 'Ed25519'), true);
    assert.equal(keyChecksAlg('Ed25519', 'Ed25519', 'EdDSA'), true);
    assert.equal(keyChecksAlg('EdDSA', 'X25519', 'Ed25519'), false, 'the key type fixes the curve');
    assert.equal(keyChecksAlg('EdDSA', undefined, 'Ed25519'), false);
    assert.equal(keyChecksAlg('Ed25519', 'Ed25519', 'Ed448'), false);
    assert.equal(keyChecksAlg('ES256', 'P-256', 'ES384'), false);
    assert.equal(keyChecksAlg('HS256', undefined, 'HS256'), true);
    assert.deepEqual(algsCheckingToken('Ed25519'), ['Ed25519', 'EdDSA']);
    assert.deepEqual(algsCheckingToken('EdDSA'), ['EdDSA', 'Ed25519']);
    assert.deepEqual(algsCheckingToken('RS256'), ['RS256']);
  });

  test('the hover title says what Ed25519 and Ed448 are; Ed448 is never verified and says why', async () => {
    const token = await signed(named);
    const decoded = decodeToken(token);
    assert.ok(decoded.ok);
    assert.match(summaryLine(decoded.token), /^JWT · Ed25519 \(EdDSA over Ed25519, RFC 9864\) · kid/);
    assert.ok(!decoded.token.findings.some((f) => f.code === 'ALG_UNSUPPORTED'));
    const ed448 = `${base64url.encode('{"alg":"Ed448"}')}.${base64url.encode('{}')}.${base64url.encode(new Uint8Array(114))}`;
    const report = await verifyToken(ed448, [named, legacy]);
    assert.equal(report.signature, 'unsupported');
    assert.match(report.message, /^Ed448 \(EdDSA over Ed448, RFC 9864\) is not supported here/);
    const decoded448 = decodeToken(ed448);
    assert.ok(decoded448.ok);
    assert.deepEqual(decoded448.token.findings.filter((f) => f.code === 'ALG_UNSUPPORTED').map((f) => f.severity), ['info']);
  });
});

describe('presets that require one name', () => {
  const yaml = ['id: ed-only', 'name: Ed25519 only', 'alg: { default: Ed25519, allowed: [Ed25519] }', 'lifetime: { default: 5m }', 'claims:', '  type: object', ''].join('\n');
  const keys: ProfileKeyInfo[] = [
    { id: 'ed-new', alg: 'Ed25519', use: 'sig', kty: 'OKP', hasPrivate: true },
    { id: 'ed-old', alg: 'EdDSA', use: 'sig', kty: 'OKP', hasPrivate: true },
  ];

  test('a preset may require Ed25519; a key that signs EdDSA tokens is reported at the key, with what to do', () => {
    const parsed = parsePreset(yaml, 'ed-only.yaml');
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.message);
    const presets = listPresets([parsed.preset]);
    const good = parseProfile('preset: ed-only\nkey: ed-new\nclaims: {}\n', { presets, keys });
    assert.deepEqual(good.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.equal(good.profile.alg, 'Ed25519');
    const text = 'preset: ed-only\nkey: ed-old\nclaims: {}\n';
    const bad = parseProfile(text, { presets, keys });
    const mismatch = bad.diagnostics.find((d) => d.code === 'KEY_ALG_MISMATCH');
    assert.ok(mismatch, JSON.stringify(bad.diagnostics));
    assert.equal(text.slice(mismatch.start, mismatch.end), 'ed-old');
    assert.equal(
      mismatch.message,
      "Key 'ed-old' signs EdDSA tokens; this preset asks for Ed25519: the same Ed25519 signature, but tokens carry the key's own name — generate an Ed25519 key, or import this key again for Ed25519.",
    );
  });

  test('and the other way round; other mismatches keep their message', () => {
    const eddsaOnly = { alg: { default: 'EdDSA' as const, allowed: ['EdDSA' as const] } };
    const fit = keyFitsPreset({ id: 'ed-new', alg: 'Ed25519', use: 'sig' }, eddsaOnly);
    assert.ok(!fit.ok);
    assert.match(fit.message, /^Key 'ed-new' signs Ed25519 tokens; this preset asks for EdDSA: the same Ed25519 signature/);
    const rs = keyFitsPreset({ id: 'rs', alg: 'RS256', use: 'sig' }, eddsaOnly);
    assert.ok(!rs.ok);
    assert.equal(rs.message, "Key 'rs' is RS256; this preset asks for EdDSA — pick another key or change `alg`.");
    assert.deepEqual(keyFitsPreset({ id: 'ed-old', alg: 'EdDSA', use: 'sig' }, eddsaOnly), { ok: true });
  });

  test('a profile for it signs a token that says Ed25519 and verifies', async () => {
    const parsed = parsePreset(yaml, 'ed-only.yaml');
    assert.ok(parsed.ok);
    const parse = parseProfile('preset: ed-only\nkey: ed-new\nclaims:\n  sub: ada\n', { presets: listPresets([parsed.preset]), keys });
    const request = buildTokenRequest(parse.profile, parsed.preset, Date.now());
    if (!request.ok) assert.fail(request.error.message);
    const r = await signToken({ key: named, ...request.sign });
    assert.ok(r.ok);
    assert.equal(r.header.alg, 'Ed25519');
    assert.equal((await verifyToken(r.token, [named])).signature, 'valid');
  });

  test('the generic preset takes either name', () => {
    const generic = listPresets().find((p) => p.id === 'generic');
    assert.ok(generic);
    for (const alg of ['EdDSA', 'Ed25519'] as const) assert.ok(keyFitsPreset({ id: 'k', alg, use: 'sig' }, generic).ok, alg);
  });
});
