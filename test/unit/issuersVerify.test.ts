// Trusted issuers: a token's iss (tokenIssuer) and verification with an issuer's cached JWK Set
// (verifyWithIssuer): only the set's keys, each with its own algorithm or the token's when it fits the
// key, iss exactly, aud when audiences are configured, and the kid of a rotated key reported unknown.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { cryptoKeyFor, tokenIssuer, verifyWithIssuer } from '../../src/core/index';
import type { IssuerKeys, TrustedIssuer } from '../../src/core/index';
import { issuerKeyMaterial } from '../../src/core/issuers/issuerVerify';
import { keyPair, type KeyPair } from '../keyPairs';
import { ISSUER, NOW, claims, issuerKeys, jwk, sign } from './issuerBuild';
import { b64u, digest, disclosure, present } from './sdJwtBuild';

const trusted: TrustedIssuer = { issuer: ISSUER };

let rsa1: KeyPair;
let rsa2: KeyPair;
let ec256: KeyPair;
let ec384: KeyPair;
let ed: KeyPair;

before(() => {
  rsa1 = keyPair('rsa', { modulusLength: 2048 });
  rsa2 = keyPair('rsa', { modulusLength: 2048 });
  ec256 = keyPair('ec', { namedCurve: 'P-256' });
  ec384 = keyPair('ec', { namedCurve: 'P-384' });
  ed = keyPair('ed25519');
});

describe('tokenIssuer', () => {
  test('the iss of a compact JWS and of an SD-JWT\'s issuer-signed JWT', async () => {
    const jwt = await sign({ alg: 'RS256' }, claims(), rsa1.privateKey);
    assert.equal(tokenIssuer(jwt), ISSUER);
    assert.equal(tokenIssuer(present(jwt, [disclosure('salt', 'name', 'x')])), ISSUER);
    assert.equal(tokenIssuer(`${jwt}~`), ISSUER);
  });

  test('undefined when absent, not a string, too long or not decodable', async () => {
    const payload = (p: unknown): string => `eyJhbGciOiJSUzI1NiJ9.${b64u(JSON.stringify(p))}.sig`;
    assert.equal(tokenIssuer(payload({ sub: 'x' })), undefined);
    assert.equal(tokenIssuer(payload({ iss: 42 })), undefined);
    assert.equal(tokenIssuer(payload({ iss: ['https://a'] })), undefined);
    assert.equal(tokenIssuer(payload({ iss: `https://a/${'x'.repeat(3000)}` })), undefined);
    assert.equal(tokenIssuer(payload(['iss'])), undefined);
    assert.equal(tokenIssuer('eyJhbGciOiJSUzI1NiJ9.not*base64.sig'), undefined);
    assert.equal(tokenIssuer(`eyJhbGciOiJSUzI1NiJ9.${b64u('{"iss":')}.sig`), undefined);
    assert.equal(tokenIssuer('a.b.c.d.e'), undefined);
    assert.equal(tokenIssuer('no dots'), undefined);
    assert.equal(tokenIssuer(''), undefined);
    assert.equal(tokenIssuer(undefined as unknown as string), undefined);
    // A member named like the prototype's is not read through it.
    assert.equal(tokenIssuer(payload(JSON.parse('{"__proto__":{"iss":"https://evil"}}'))), undefined);
    // The last of two, as JSON.parse and jose read it (and as the claims check reads it).
    assert.equal(tokenIssuer(`eyJhbGciOiJSUzI1NiJ9.${b64u('{"iss":"https://a","iss":"https://b"}')}.sig`), 'https://b');
  });
});

describe('verifyWithIssuer', () => {
  test('an RSA key published without alg verifies both an RS256 and a PS256 token, matched by kid', async () => {
    const keys = issuerKeys(jwk(rsa1, { kid: 'r1' }));
    assert.equal(keys.keys[0]?.alg, undefined);
    for (const alg of ['RS256', 'PS256', 'RS512', 'PS384']) {
      const token = await sign({ alg, kid: 'r1' }, claims(), rsa1.privateKey);
      const v = await verifyWithIssuer(token, trusted, keys, { now: NOW });
      assert.equal(v.report.signature, 'valid', `${alg}: ${v.report.message}`);
      assert.deepEqual(v.report.key, { kid: 'r1', alg, matchedBy: 'kid' });
      assert.equal(v.report.claims.valid, true);
      assert.equal(v.kidUnknown, false);
      assert.match(v.report.message, new RegExp(`Signature valid: ${alg} key with kid 'r1' of https://idp\\.example\\.com/realms/dev, matched by kid`));
    }
  });

  test('a key that names its alg keeps it: a token of another algorithm is refused by name', async () => {
    const keys = issuerKeys(jwk(rsa1, { kid: 'r1', alg: 'RS256' }));
    const ps = await sign({ alg: 'PS256', kid: 'r1' }, claims(), rsa1.privateKey);
    const v = await verifyWithIssuer(ps, trusted, keys, { now: NOW });
    assert.equal(v.report.signature, 'invalid');
    assert.match(v.report.message, /Algorithm mismatch: token says PS256/);
  });

  test('the token never turns a key into another kind: HS256 with the RSA public key as secret, ES384 for a P-256 key', async () => {
    const rsaJwk = jwk(rsa1, { kid: 'r1' });
    const keys = issuerKeys(rsaJwk, jwk(ec256, { kid: 'e1' }));
    for (const secret of [JSON.stringify(keys.keys[0]), String(rsaJwk.n), rsa1.publicKey.export({ type: 'spki', format: 'pem' }) as string]) {
      const input = `${b64u(JSON.stringify({ alg: 'HS256', kid: 'r1' }))}.${b64u(JSON.stringify(claims()))}`;
      const token = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
      const v = await verifyWithIssuer(token, trusted, keys, { now: NOW });
      assert.notEqual(v.report.signature, 'valid');
      assert.equal(v.report.tried.length, 0);
    }
    const es384 = await sign({ alg: 'ES384', kid: 'e1' }, claims(), ec384.privateKey);
    const v = await verifyWithIssuer(es384, trusted, keys, { now: NOW });
    assert.equal(v.report.signature, 'no-matching-key');
    assert.match(v.report.message, /^No key of https:\/\/idp\.example\.com\/realms\/dev checks this ES384 token: the issuer's JWK Set has 2 keys/);
  });

  test('EC P-256 / P-384 and Ed25519 keys, under both Ed25519 names', async () => {
    const keys = issuerKeys(jwk(ec256, { kid: 'e1' }), jwk(ec384, { kid: 'e2', alg: 'ES384' }), jwk(ed, { kid: 'o1' }));
    const cases: Array<[Record<string, unknown>, KeyObject]> = [
      [{ alg: 'ES256', kid: 'e1' }, ec256.privateKey],
      [{ alg: 'ES384', kid: 'e2' }, ec384.privateKey],
      [{ alg: 'EdDSA', kid: 'o1' }, ed.privateKey],
      [{ alg: 'Ed25519', kid: 'o1' }, ed.privateKey],
      // No kid: chosen by algorithm among the set's keys.
      [{ alg: 'ES256' }, ec256.privateKey],
    ];
    for (const [header, key] of cases) {
      const token = await sign(header, claims(), key);
      const v = await verifyWithIssuer(token, trusted, keys, { now: NOW });
      assert.equal(v.report.signature, 'valid', `${JSON.stringify(header)}: ${v.report.message}`);
      assert.equal(v.kidUnknown, false);
    }
  });

  test('one kid on an RSA and an EC key (RFC 7517 §4.5 alternatives): each token verifies with the key of its type', async () => {
    const keys = issuerKeys(jwk(rsa1, { kid: 'k', alg: 'RS256' }), jwk(ec256, { kid: 'k', alg: 'ES256' }));
    for (const [alg, key] of [['ES256', ec256.privateKey], ['RS256', rsa1.privateKey]] as const) {
      const v = await verifyWithIssuer(await sign({ alg, kid: 'k' }, claims(), key), trusted, keys, { now: NOW });
      assert.equal(v.report.signature, 'valid', `${alg}: ${v.report.message}`);
      assert.deepEqual(v.report.key, { kid: 'k', alg, matchedBy: 'kid' });
    }
  });

  test('iss must equal the trusted issuer exactly, even when the signature is valid', async () => {
    const keys = issuerKeys(jwk(rsa1, { kid: 'r1' }));
    for (const iss of [`${ISSUER}/`, ISSUER.toUpperCase(), ISSUER.replace('https:', 'http:'), 'https://evil.example', undefined]) {
      const token = await sign({ alg: 'RS256', kid: 'r1' }, claims({ iss }), rsa1.privateKey);
      const v = await verifyWithIssuer(token, trusted, keys, { now: NOW });
      assert.equal(v.report.signature, 'valid');
      assert.equal(v.report.claims.valid, false, String(iss));
      assert.deepEqual(v.report.claims.problems.map((p) => p.code), ['bad-issuer']);
    }
  });

  test('aud: one of the configured audiences must be there; none configured, aud is not checked', async () => {
    const keys = issuerKeys(jwk(rsa1, { kid: 'r1' }));
    const token = await sign({ alg: 'RS256', kid: 'r1' }, claims({ aud: ['api://orders', 'api://billing'] }), rsa1.privateKey);
    const one = await verifyWithIssuer(token, { issuer: ISSUER, audiences: ['api://other', 'api://billing'] }, keys, { now: NOW });
    assert.equal(one.report.claims.valid, true);
    const none = await verifyWithIssuer(token, { issuer: ISSUER, audiences: ['api://other'] }, keys, { now: NOW });
    assert.equal(none.report.signature, 'valid');
    assert.deepEqual(none.report.claims.problems.map((p) => p.code), ['bad-audience']);
    for (const audiences of [undefined, []]) {
      const unchecked = await verifyWithIssuer(token, { issuer: ISSUER, ...(audiences ? { audiences } : {}) }, keys, { now: NOW });
      assert.equal(unchecked.report.claims.valid, true);
    }
    const expired = await verifyWithIssuer(token, trusted, keys, { now: NOW + 3_600_000 });
    assert.deepEqual(expired.report.claims.problems.map((p) => p.code), ['expired']);
  });

  test('key rotation: a token with the new kid is kidUnknown against the old set and verifies against the new', async () => {
    const oldSet = issuerKeys(jwk(rsa1, { kid: 'r1', use: 'sig' }));
    const newSet = issuerKeys(jwk(rsa2, { kid: 'r2', use: 'sig' }), jwk(rsa1, { kid: 'r1', use: 'sig' }));
    const token = await sign({ alg: 'RS256', kid: 'r2' }, claims(), rsa2.privateKey);
    const before = await verifyWithIssuer(token, trusted, oldSet, { now: NOW });
    assert.equal(before.kidUnknown, true);
    assert.notEqual(before.report.signature, 'valid');
    const after = await verifyWithIssuer(token, trusted, newSet, { now: NOW });
    assert.equal(after.kidUnknown, false);
    assert.equal(after.report.signature, 'valid');
    assert.deepEqual(after.report.key, { kid: 'r2', alg: 'RS256', matchedBy: 'kid' });
    // An ES256 token with an unknown kid against an RSA-only set: no key at all, and the message says to fetch again.
    const es = await sign({ alg: 'ES256', kid: 'e9' }, claims(), ec256.privateKey);
    const none = await verifyWithIssuer(es, trusted, oldSet, { now: NOW });
    assert.equal(none.kidUnknown, true);
    assert.equal(none.report.signature, 'no-matching-key');
    assert.match(none.report.message, /kid 'e9' is not among them: the issuer may have rotated its keys/);
  });

  test('a warm verification uses the same KeyMaterial objects, so their CryptoKeys are imported once', async () => {
    const keys = issuerKeys(jwk(rsa1, { kid: 'r1' }), jwk(ec256, { kid: 'e1' }), jwk(ed));
    const first = await issuerKeyMaterial(keys, 'RS256');
    const second = await issuerKeyMaterial(keys, 'RS256');
    assert.equal(first.length, 1);
    assert.equal(first[0], second[0]);
    assert.equal(cryptoKeyFor(first[0]!, 'verify'), cryptoKeyFor(second[0]!, 'verify'));
    // Per algorithm: the same RSA JWK is another KeyMaterial for PS256, and the same again next time.
    const ps = await issuerKeyMaterial(keys, 'PS256');
    assert.notEqual(ps[0], first[0]);
    assert.equal(ps[0], (await issuerKeyMaterial(keys, 'PS256'))[0]);
    assert.equal(ps[0]?.alg, 'PS256');
    // A key without kid gets its RFC 7638 thumbprint, as imported keys do; made-up algorithms give nothing.
    const eddsa = await issuerKeyMaterial(keys, 'EdDSA');
    assert.equal(eddsa.length, 1);
    assert.match(eddsa[0]?.kid ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(await issuerKeyMaterial(keys, 'HS256'), []);
    assert.deepEqual(await issuerKeyMaterial(keys, 'made-up'), []);
  });

  test('only public halves are used, and never a shared secret, whatever reached the cached keys', async () => {
    const secret = new TextEncoder().encode('a shared secret that is long enough for HS256!!');
    const keys: IssuerKeys = {
      issuer: ISSUER,
      jwksUri: `${ISSUER}/certs`,
      keys: [{ kty: 'oct', k: Buffer.from(secret).toString('base64url'), kid: 'h1', alg: 'HS256' }, { ...(rsa1.privateKey.export({ format: 'jwk' }) as Record<string, unknown>), kty: 'RSA', kid: 'r1' }],
      fetchedAt: NOW,
      freshUntil: NOW,
    };
    const hs = await sign({ alg: 'HS256', kid: 'h1' }, claims(), secret);
    const v = await verifyWithIssuer(hs, trusted, keys, { now: NOW });
    assert.notEqual(v.report.signature, 'valid');
    const material = await issuerKeyMaterial(keys, 'RS256');
    assert.equal(material.length, 1);
    assert.deepEqual(await issuerKeyMaterial({ ...keys, keys: [{ ...keys.keys[1]!, use: 'enc' }] }, 'RS256'), []);
    assert.equal(material[0]?.privateJwk, undefined);
    assert.equal(material[0]?.publicJwk?.d, undefined);
  });

  test('an SD-JWT is verified as one, with the issuer\'s keys; its iss must be in the signed part', async () => {
    const keys = issuerKeys(jwk(ec256, { kid: 'e1' }));
    const given = disclosure('2GLC42sKQveCfGfryNRN9w', 'given_name', 'John');
    const jwt = await sign({ alg: 'ES256', kid: 'e1', typ: 'dc+sd-jwt' }, claims({ _sd: [digest(given)], _sd_alg: 'sha-256' }), ec256.privateKey);
    const v = await verifyWithIssuer(present(jwt, [given]), trusted, keys, { now: NOW });
    assert.equal(v.report.signature, 'valid', v.report.message);
    assert.equal(v.report.claims.valid, true);
    // iss only in a disclosure: the processed claims would hold it, the signed part does not.
    const iss = disclosure('c2FsdA', 'iss', ISSUER);
    const { iss: _dropped, ...withoutIss } = claims({ _sd: [digest(iss)], _sd_alg: 'sha-256' });
    void _dropped;
    const unsigned = await sign({ alg: 'ES256', kid: 'e1', typ: 'dc+sd-jwt' }, withoutIss, ec256.privateKey);
    const w = await verifyWithIssuer(present(unsigned, [iss]), trusted, keys, { now: NOW });
    assert.equal(w.report.signature, 'valid');
    assert.equal(w.report.claims.valid, false);
    assert.ok(w.report.claims.problems.some((p) => p.code === 'bad-issuer'));
    assert.match(w.report.message, /not in the part the issuer signed/);
  });

  test('never throws: junk tokens, keys and issuers', async () => {
    const keys = issuerKeys(jwk(rsa1, { kid: 'r1' }));
    for (const token of ['', 'garbage', 'a.b.c', 'a.b.c.d.e', '~~~', `${'x'.repeat(100)}.`, undefined as unknown as string]) {
      const v = await verifyWithIssuer(token, trusted, keys, { now: NOW });
      assert.notEqual(v.report.signature, 'valid');
    }
    const token = await sign({ alg: 'RS256', kid: 'r1' }, claims(), rsa1.privateKey);
    for (const junk of [undefined, null, {}, { keys: 'x' }, { keys: [null, 42, 'x', { kty: 'RSA' }] }]) {
      const v = await verifyWithIssuer(token, trusted, junk as unknown as IssuerKeys, { now: NOW });
      assert.notEqual(v.report.signature, 'valid');
    }
    for (const issuer of [undefined, {}, { issuer: '' }, { issuer: 42 }]) {
      const v = await verifyWithIssuer(token, issuer as unknown as TrustedIssuer, keys, { now: NOW });
      assert.notEqual(v.report.signature, 'valid');
    }
  });
});
