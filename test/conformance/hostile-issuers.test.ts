// Hostile-input catalogue, section P (H120–H128): issuer URLs, discovery documents, JWK Sets and
// Cache-Control headers as a hostile server or setting would write them, and tokens that try to
// choose their own key, algorithm or issuer.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CompactSign } from 'jose';
import { MAX_FRESH_MS, MIN_FRESH_MS, DEFAULT_FRESH_MS, fetchableUrl, freshForMs, mayRefetch, parseIssuer, readDiscovery, readJwkSet, verifyWithIssuer } from '../../src/core/index';
import type { IssuerKeys } from '../../src/core/index';
import { issuerKeyMaterial } from '../../src/core/issuers/issuerVerify';
import { keyPair, type KeyPair } from '../keyPairs';
import { b64u, digest, disclosure, present } from '../unit/sdJwtBuild';

const ISSUER = 'https://idp.example.com';
const NOW = 1_750_000_000_000;
const claims = { iss: ISSUER, sub: 'u', iat: NOW / 1000 - 10, exp: NOW / 1000 + 600 };
let rsa: KeyPair;
let ec: KeyPair;
let ec384: KeyPair;

before(() => {
  rsa = keyPair('rsa', { modulusLength: 2048 });
  ec = keyPair('ec', { namedCurve: 'P-256' });
  ec384 = keyPair('ec', { namedCurve: 'P-384' });
});

const pub = (pair: KeyPair, extra: Record<string, unknown> = {}): JsonWebKey => ({ ...pair.publicKey.export({ format: 'jwk' }), ...extra });

function cached(keys: IssuerKeys['keys']): IssuerKeys {
  return { issuer: ISSUER, jwksUri: `${ISSUER}/certs`, keys, fetchedAt: NOW, freshUntil: NOW + MIN_FRESH_MS };
}

function setOf(...keys: unknown[]): IssuerKeys {
  const r = readJwkSet(JSON.stringify({ keys }));
  if (!r.ok) assert.fail(r.error.message);
  return cached(r.keys);
}

function hs256(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string | Uint8Array): string {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('hostile trusted issuers', () => {
  test('H120 issuer URLs another parser reads differently are refused, the text escaped and cut', () => {
    const hostile = [
      'https://good.com@evil.com',
      'https://@evil.com',
      'https://good.com\\@evil.com',
      'https:///evil.com',
      'https:evil.com',
      'http://evil.com',
      'http://[::ffff:127.0.0.1]',
      'http://localhost.evil.com',
      'https://good.com/\u202Emoc.live',
      'https://good.com/ x',
      'https://good.com/\tx',
      `https://good.com/${'a'.repeat(3000)}`,
      'https://good.com/tenant/../evil',
      'https://good.com/tenant/%2e%2e/evil',
    ];
    for (const text of hostile) {
      for (const r of [parseIssuer(text), fetchableUrl(text)]) {
        assert.ok(!r.ok, text);
        assert.equal(r.error.code, 'ISSUER_URL_INVALID');
        assert.ok(!r.error.message.includes('\u202E') && !r.error.message.includes('\t'));
        assert.ok(r.error.message.length < 500, `${r.error.message.length} characters`);
      }
    }
    const idn = parseIssuer('https://g\u043e\u043egle.com');
    assert.ok(idn.ok);
    assert.equal(idn.url.host, 'xn--ggle-55da.com');
  });

  test('H121 a discovery document for another issuer, or naming keys in clear text, is refused', () => {
    for (const issuer of [`${ISSUER}/`, 'https://IDP.example.com', 'http://idp.example.com', 'https://evil.example']) {
      const r = readDiscovery(JSON.stringify({ issuer, jwks_uri: `${ISSUER}/certs` }), ISSUER);
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'DISCOVERY_ISSUER_MISMATCH');
      assert.ok(r.error.message.includes(`'${issuer}'`) && r.error.message.includes(`'${ISSUER}'`));
    }
    for (const jwksUri of ['http://idp.example.com/certs', 'https://idp.example.com@evil.com/certs', 'file:///etc/passwd', 'http://127.0.0.1:631/admin', 'https://localhost:8443/']) {
      const r = readDiscovery(JSON.stringify({ issuer: ISSUER, jwks_uri: jwksUri }), ISSUER);
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'DISCOVERY_INVALID');
    }
  });

  test('H122 duplicate members: the document refused, the key skipped, a repeated "keys" refused', () => {
    const d = readDiscovery(`{"issuer":"${ISSUER}","jwks_uri":"${ISSUER}/certs","jwks_uri":"https://evil.example/certs"}`, ISSUER);
    assert.ok(!d.ok);
    assert.match(d.error.message, /\/jwks_uri more than once/);
    const key = pub(ec);
    const set = readJwkSet(`{"keys":[{"kty":"EC","crv":"P-256","x":"${key.x}","y":"${key.y}","kid":"a","kid":"b"},${JSON.stringify(pub(ec384, { kid: 'c' }))}]}`);
    assert.ok(set.ok);
    assert.deepEqual(set.keys.map((k) => k.kid), ['c']);
    const twice = readJwkSet(`{"keys":[${JSON.stringify(key)}],"keys":[]}`);
    assert.ok(!twice.ok);
    assert.equal(twice.error.code, 'JWKS_INVALID');
  });

  test('H123 oversize, deep and many are refused before JSON.parse', () => {
    const discovery = (extra: string): string => `{"issuer":"${ISSUER}","jwks_uri":"${ISSUER}/certs",${extra}}`;
    for (const text of [discovery(`"pad":"${'x'.repeat(300 * 1024)}"`), discovery(`"deep":${'['.repeat(100_000)}${']'.repeat(100_000)}`), '<html>Not Found</html>', '']) {
      const r = readDiscovery(text, ISSUER);
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'DISCOVERY_INVALID');
    }
    const key = pub(ec);
    for (const text of [
      JSON.stringify({ keys: [key], pad: 'x'.repeat(1100 * 1024) }),
      JSON.stringify({ keys: Array.from({ length: 101 }, () => key) }),
      `{"keys":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    ]) {
      const t0 = performance.now();
      const r = readJwkSet(text);
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'JWKS_INVALID');
      assert.ok(performance.now() - t0 < 5000);
    }
  });

  test('H124 private and shared keys are never kept, and a secret that reached the cache never verifies', async () => {
    const r = readJwkSet(JSON.stringify({ keys: [rsa.privateKey.export({ format: 'jwk' }), { kty: 'oct', k: b64u('a shared secret of 32 bytes!!!!!'), kid: 'h' }, { ...pub(ec), d: 'AAAA' }, pub(ec, { kid: 'ok' })] }));
    assert.ok(r.ok);
    assert.deepEqual(r.keys.map((k) => k.kid), ['ok']);
    assert.equal(r.notes.filter((n) => /private key material/.test(n)).length, 2);
    assert.match(r.notes.join(' '), /shared secret \(kty "oct"\)/);
    const secret = 'a shared secret of 32 bytes!!!!!';
    const token = hs256({ alg: 'HS256', kid: 'h' }, claims, secret);
    const v = await verifyWithIssuer(token, { issuer: ISSUER }, cached([{ kty: 'oct', k: b64u(secret), kid: 'h', alg: 'HS256' }]), { now: NOW });
    assert.notEqual(v.report.signature, 'valid');
    assert.deepEqual(v.report.tried, []);
  });

  test('H125 a key without alg is tried only with an algorithm that fits it; a key with alg keeps it', async () => {
    const rsaJwk = pub(rsa, { kid: 'r' });
    const keys = setOf(rsaJwk, pub(ec, { kid: 'e' }));
    const pem = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    for (const secret of [JSON.stringify(rsaJwk), String(rsaJwk.n), pem]) {
      const v = await verifyWithIssuer(hs256({ alg: 'HS256', kid: 'r' }, claims, secret), { issuer: ISSUER }, keys, { now: NOW });
      assert.notEqual(v.report.signature, 'valid');
      assert.deepEqual(v.report.tried, []);
    }
    const es384 = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'ES384', kid: 'e' }).sign(ec384.privateKey);
    const wrongCurve = await verifyWithIssuer(es384, { issuer: ISSUER }, keys, { now: NOW });
    assert.equal(wrongCurve.report.signature, 'no-matching-key');
    const named = setOf(pub(rsa, { kid: 'r', alg: 'RS256' }));
    const ps = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'PS256', kid: 'r' }).sign(rsa.privateKey);
    const mismatch = await verifyWithIssuer(ps, { issuer: ISSUER }, named, { now: NOW });
    assert.equal(mismatch.report.signature, 'invalid');
    assert.match(mismatch.report.message, /Algorithm mismatch/);
  });

  test('H126 a valid signature on a token naming another issuer is bad-issuer, also when a disclosure names it', async () => {
    const keys = setOf(pub(ec, { kid: 'e' }));
    for (const iss of [`${ISSUER}/`, ISSUER.toUpperCase(), 'http://idp.example.com', 'https://evil.example', undefined]) {
      const token = await new CompactSign(new TextEncoder().encode(JSON.stringify({ ...claims, iss }))).setProtectedHeader({ alg: 'ES256', kid: 'e' }).sign(ec.privateKey);
      const v = await verifyWithIssuer(token, { issuer: ISSUER }, keys, { now: NOW });
      assert.equal(v.report.signature, 'valid');
      assert.deepEqual(v.report.claims.problems.map((p) => p.code), ['bad-issuer']);
    }
    const iss = disclosure('c2FsdA', 'iss', ISSUER);
    const { iss: _none, ...rest } = claims;
    void _none;
    const jwt = await new CompactSign(new TextEncoder().encode(JSON.stringify({ ...rest, _sd: [digest(iss)], _sd_alg: 'sha-256' }))).setProtectedHeader({ alg: 'ES256', kid: 'e', typ: 'dc+sd-jwt' }).sign(ec.privateKey);
    const v = await verifyWithIssuer(present(jwt, [iss]), { issuer: ISSUER }, keys, { now: NOW });
    assert.equal(v.report.signature, 'valid');
    assert.ok(v.report.claims.problems.some((p) => p.code === 'bad-issuer'));
    for (const payload of ['"https://idp.example.com"', 'text']) {
      const token = await new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg: 'ES256', kid: 'e' }).sign(ec.privateKey);
      const w = await verifyWithIssuer(token, { issuer: ISSUER }, keys, { now: NOW });
      assert.equal(w.report.signature, 'valid');
      assert.deepEqual(w.report.claims.problems.map((p) => p.code), ['bad-issuer'], payload);
    }
  });

  test('H127 hostile Cache-Control headers are read in one pass and bounded', () => {
    const headers = [
      'a'.repeat(100_000),
      'x=, '.repeat(25_000),
      ',"'.repeat(50_000),
      `foo="${'\\"'.repeat(50_000)}"`,
      `max-age=${'9'.repeat(100_000)}`,
      'max-age=1e3',
      'max-age=-5',
      'foo="unterminated, max-age=60',
    ];
    for (const header of headers) {
      // The fastest of five runs, so machine load does not decide: a quadratic reader takes seconds on 100 KB.
      let fastest = Number.POSITIVE_INFINITY;
      for (let r = 0; r < 5; r++) {
        const t0 = performance.now();
        const ms = freshForMs(header);
        fastest = Math.min(fastest, performance.now() - t0);
        assert.ok(ms >= MIN_FRESH_MS && ms <= MAX_FRESH_MS);
      }
      assert.ok(fastest < 100, `${fastest.toFixed(1)} ms`);
    }
    assert.equal(freshForMs(headers[4]), MAX_FRESH_MS);
    assert.equal(freshForMs('max-age=1e3'), DEFAULT_FRESH_MS);
    assert.equal(freshForMs('foo="unterminated, max-age=60'), DEFAULT_FRESH_MS);
  });

  test('H128 tokens that ask for a refetch: one per issuer per interval, and made-up algorithms give no key', async () => {
    const keys = setOf(pub(ec, { kid: 'e' }));
    let fetches = 0;
    let last: number | undefined;
    for (let i = 0; i < 50; i++) {
      const now = NOW + i * 1000;
      const token = hs256({ alg: i % 2 ? `made-up-${i}` : 'ES256', kid: `kid-${i}` }, claims, 'x');
      const v = await verifyWithIssuer(token, { issuer: ISSUER }, keys, { now });
      assert.equal(v.kidUnknown, true);
      if (mayRefetch(last, now)) {
        fetches++;
        last = now;
      }
    }
    assert.equal(fetches, 1);
    // A token that verifies asks for no refetch, whatever kid it makes up (it is chosen by its algorithm).
    for (let i = 0; i < 20; i++) {
      const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'ES256', kid: `made-up-${i}` }).sign(ec.privateKey);
      const v = await verifyWithIssuer(token, { issuer: ISSUER }, keys, { now: NOW });
      assert.equal(v.report.signature, 'valid');
      assert.equal(v.kidUnknown, false);
    }
    assert.equal(mayRefetch(NOW, NOW - 24 * 3600 * 1000), true);
    assert.deepEqual(await issuerKeyMaterial(keys, 'made-up-1'), []);
  });
});
