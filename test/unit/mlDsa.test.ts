// ML-DSA (RFC 9964): tokens are decoded and labelled on every runtime; keys
// (kty AKP) are imported, and tokens verified, where the runtime's WebCrypto
// has ML-DSA, and everywhere else every route says so instead of "unsupported"
// or "damaged". The branch taken is the runtime's own answer (runtimeHas); the
// interop stage runs this file again on a Node.js that has ML-DSA, so both
// branches run on every full test run.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { base64url, calculateJwkThumbprint } from 'jose';
import { decodeToken, describeTokenTimes, exportPrivateJwk, exportPublicKey, generateKey, hoverBlocks, importKey, renderDecodedJsonc, signToken, summaryLine, verifyToken } from '../../src/core/index';
import type { JwsAlg, KeyMaterial } from '../../src/core/index';
import { runtimeHas, runtimeName } from '../../src/core/jose/runtime';

interface FixtureSet {
  publicJwk: { kty: 'AKP'; kid: string; alg: string; pub: string };
  publicPem: string;
  token: string;
  otherKeysToken: string;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/ml-dsa/tokens.json', import.meta.url), 'utf8')) as { sets: Record<string, FixtureSet> };
const SETS = ['ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'] as const;
const set = (alg: string): FixtureSet => fixture.sets[alg] as FixtureSet;
const PUBLIC_BYTES: Record<string, number> = { 'ML-DSA-44': 1312, 'ML-DSA-65': 1952, 'ML-DSA-87': 2592 };

let has: boolean;

/** A stored ML-DSA key as a ring would hand it over, made without WebCrypto. */
function storedKey(alg: string, withPrivate = false): KeyMaterial {
  const jwk = set(alg).publicJwk;
  const publicJwk = { kty: 'AKP', kid: jwk.kid, use: 'sig', alg, pub: jwk.pub };
  return {
    kid: jwk.kid,
    alg: alg as JwsAlg,
    use: 'sig',
    kty: 'AKP',
    size: alg,
    publicJwk,
    ...(withPrivate ? { privateJwk: { ...publicJwk, priv: base64url.encode(new Uint8Array(32).fill(7)) } } : {}),
  };
}

before(async () => {
  has = await runtimeHas('ML-DSA-65');
  // One answer for the three sets: they arrived in WebCrypto together.
  for (const alg of SETS) assert.equal(await runtimeHas(alg), has, alg);
});

describe('ML-DSA tokens on any runtime', () => {
  for (const alg of SETS) {
    test(`${alg}: decoded and labelled in the hover title and the decoded view, with no "unsupported" finding`, () => {
      const decoded = decodeToken(set(alg).token);
      assert.ok(decoded.ok);
      assert.equal(decoded.token.kind, 'jws');
      assert.equal(decoded.token.alg, alg);
      assert.equal(decoded.token.claims?.sub, 'post-quantum-user');
      const label = `${alg} (post-quantum signature, RFC 9964)`;
      assert.equal(summaryLine(decoded.token), `JWT · ${label} · kid "${alg.toLowerCase()}-fixture"`);
      assert.equal(renderDecodedJsonc(decoded.token).split('\n')[0], `// JWT · ${label} · kid "${alg.toLowerCase()}-fixture"`);
      assert.deepEqual(decoded.token.findings.filter((f) => f.code === 'ALG_UNSUPPORTED'), []);
    });
  }

  test('an AKP JWK must name an ML-DSA set', async () => {
    const { alg: _alg, ...noAlg } = set('ML-DSA-65').publicJwk;
    const missing = await importKey(JSON.stringify(noAlg));
    assert.ok(!missing.ok && missing.error.code === 'KEY_BAD_JWK');
    assert.match(missing.error.message, /AKP key without "alg"/);
    for (const other of ['SLH-DSA-SHA2-128s', 'ES256']) {
      const refused = await importKey(JSON.stringify({ ...noAlg, alg: other }));
      assert.ok(!refused.ok && refused.error.code === 'KEY_UNSUPPORTED', other);
      assert.match(refused.error.message, new RegExp(`AKP key for ${other}, which this tool does not support: it reads ML-DSA-44, ML-DSA-65 and ML-DSA-87 keys`));
    }
  });

  test('an ML-DSA key in PEM is recognised, and the message says to import its JWK', async () => {
    const r = await importKey(set('ML-DSA-44').publicPem);
    assert.ok(!r.ok && r.error.code === 'KEY_UNSUPPORTED');
    assert.match(r.error.message, /this is an ML-DSA-44 key \(post-quantum, RFC 9964\), which is read from its JWK only/);
  });

  test('the runtime is named by what it is, not guessed', () => {
    assert.equal(runtimeName(), `Node ${process.versions.node.split('.')[0]}.x`);
  });
});

describe('ML-DSA where this runtime has it', () => {
  for (const alg of SETS) {
    test(`${alg}: the AKP JWK imports, the token verifies, another key's token does not`, async (t) => {
      if (!has) return t.skip(`${runtimeName()} has no ML-DSA: the next group runs instead`);
      const r = await importKey(JSON.stringify(set(alg).publicJwk));
      if (!r.ok) assert.fail(r.error.message);
      const key = r.keys[0] as KeyMaterial;
      assert.deepEqual([key.alg, key.kty, key.size, key.kid, key.use], [alg, 'AKP', alg, `${alg.toLowerCase()}-fixture`, 'sig']);
      assert.deepEqual(r.details[0]?.algs, [alg]);
      assert.deepEqual(Object.keys(key.publicJwk ?? {}), ['kty', 'kid', 'use', 'alg', 'pub']);
      const good = await verifyToken(set(alg).token, [key], { now: Date.UTC(2026, 0, 2) });
      assert.equal(good.signature, 'valid', good.message);
      assert.deepEqual(good.claims, { checked: true, valid: true, problems: [] });
      const decoded = decodeToken(set(alg).token);
      assert.ok(decoded.ok);
      const blocks = hoverBlocks(decoded.token, describeTokenTimes(decoded.token), { signature: { status: 'verified', key: 'pq' } });
      assert.equal(blocks[0]?.kind === 'title' && blocks[0].text, `JWT · ${alg} (post-quantum signature, RFC 9964) · kid "${alg.toLowerCase()}-fixture"`);
      assert.equal((await verifyToken(set(alg).otherKeysToken, [key])).signature, 'invalid');
    });
  }

  test('generate, sign, verify, export; the kid is the RFC 7638 thumbprint over alg, kty and pub', async (t) => {
    if (!has) return t.skip(`${runtimeName()} has no ML-DSA`);
    const g = await generateKey({ alg: 'ML-DSA-65' });
    if (!g.ok) assert.fail(g.error.message);
    const key = g.key;
    assert.equal(key.kid, await calculateJwkThumbprint({ kty: 'AKP', alg: 'ML-DSA-65', pub: String(key.publicJwk?.pub) } as never));
    const s = await signToken({ key, claims: { sub: 'pq' }, ttlSeconds: 60 });
    if (!s.ok) assert.fail(s.error.message);
    assert.deepEqual(s.header, { alg: 'ML-DSA-65', typ: 'JWT', kid: key.kid });
    assert.equal((await verifyToken(s.token, [key])).signature, 'valid');
    const pem = await exportPublicKey(key, 'pem');
    assert.ok(pem.ok && pem.text.startsWith('-----BEGIN PUBLIC KEY-----\n'), pem.ok ? pem.text : pem.error.message);
    const priv = exportPrivateJwk(key);
    assert.ok(priv.ok);
    const privateJwk = JSON.parse(priv.text) as Record<string, string>;
    assert.deepEqual(Object.keys(privateJwk), ['kty', 'kid', 'use', 'alg', 'pub', 'priv']);
    const again = await importKey(priv.text);
    if (!again.ok) assert.fail(again.error.message);
    assert.ok(again.keys[0]?.privateJwk, 'a private AKP JWK imports with its private half');
    // A private seed with another key's public half, and a public key of the wrong size, are refused.
    const other = await generateKey({ alg: 'ML-DSA-65' });
    assert.ok(other.ok);
    const mixed = await importKey(JSON.stringify({ ...privateJwk, pub: other.key.publicJwk?.pub }));
    assert.ok(!mixed.ok && mixed.error.code === 'KEY_BAD_JWK', mixed.ok ? 'imported' : mixed.error.message);
    const short = await importKey(JSON.stringify({ ...set('ML-DSA-65').publicJwk, pub: set('ML-DSA-44').publicJwk.pub }));
    assert.ok(!short.ok && short.error.code === 'KEY_BAD_JWK');
    assert.match(short.error.message, /member "pub" is 1312 bytes; ML-DSA-65 needs 1952/);
  });
});

describe('ML-DSA where this runtime has not got it', () => {
  const runtime = (): string => `This runtime \\(${runtimeName().replace('.', '\\.')}\\)`;

  for (const alg of SETS) {
    test(`${alg}: the verdict says this runtime cannot verify it, with or without keys, and the hover says so`, async (t) => {
      if (has) return t.skip(`${runtimeName()} has ML-DSA: the group above runs instead`);
      for (const keys of [[], [storedKey(alg)]]) {
        const report = await verifyToken(set(alg).token, keys);
        assert.equal(report.signature, 'unsupported', report.message);
        assert.match(report.message, new RegExp(`^${runtime()} cannot verify ${alg} \\(post-quantum signature, RFC 9964\\) signatures: its WebCrypto has no ML-DSA\\. The token is decoded but its signature is not checked`));
        assert.equal(report.claims.checked, true, 'the claims are still read');
      }
      const decoded = decodeToken(set(alg).token);
      assert.ok(decoded.ok);
      const report = await verifyToken(set(alg).token, []);
      const blocks = hoverBlocks(decoded.token, undefined, { signature: { status: 'unsupported', detail: report.message } });
      const line = blocks.find((b) => b.kind === 'line' && b.text.startsWith('Signature'));
      assert.match(line?.kind === 'line' ? line.text : '', new RegExp(`^Signature not checked: this runtime \\(Node \\d+\\.x\\) cannot verify ${alg} \\(post-quantum signature, RFC 9964\\)`));
    });
  }

  test('importing an AKP JWK (public or private), generating, signing and PEM export all say why not; nothing crashes', async (t) => {
    if (has) return t.skip(`${runtimeName()} has ML-DSA`);
    for (const jwk of [set('ML-DSA-65').publicJwk, storedKey('ML-DSA-65', true).privateJwk]) {
      const r = await importKey(JSON.stringify(jwk));
      assert.ok(!r.ok && r.error.code === 'KEY_UNSUPPORTED');
      assert.match(r.error.message, new RegExp(`^The JWK is an ML-DSA-65 key \\(kty AKP\\)\\. ${runtime()} cannot import ML-DSA-65 keys \\(post-quantum, RFC 9964\\): its WebCrypto has no ML-DSA\\.`));
    }
    const inSet = await importKey(JSON.stringify({ keys: [set('ML-DSA-44').publicJwk, set('ML-DSA-87').publicJwk] }));
    assert.ok(!inSet.ok && inSet.error.code === 'KEY_UNSUPPORTED', 'a set of keys none of which can be used');
    const g = await generateKey({ alg: 'ML-DSA-87' });
    assert.ok(!g.ok && g.error.code === 'KEY_UNSUPPORTED');
    assert.match(g.error.message, new RegExp(`^${runtime()} cannot generate ML-DSA-87 keys`));
    const s = await signToken({ key: storedKey('ML-DSA-65', true), claims: {} });
    assert.ok(!s.ok && s.error.code === 'KEY_UNSUPPORTED');
    assert.match(s.error.message, new RegExp(`^${runtime()} cannot sign with an ML-DSA-65 key`));
    const pem = await exportPublicKey(storedKey('ML-DSA-65'), 'pem');
    assert.ok(!pem.ok && pem.error.code === 'KEY_UNSUPPORTED');
    assert.match(pem.error.message, /Its JWK exports anywhere\.$/);
    const jwk = await exportPublicKey(storedKey('ML-DSA-65'), 'jwk');
    assert.ok(jwk.ok);
    assert.equal(Buffer.from(String((JSON.parse(jwk.text) as { pub: string }).pub), 'base64url').length, PUBLIC_BYTES['ML-DSA-65']);
  });
});
