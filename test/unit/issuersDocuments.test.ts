// Trusted issuers: what is made of the text an issuer serves (discovery documents and JWK Sets), read
// with the care given to tokens: a size cap, strict JSON, bounded depth, duplicate members.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonWebKey } from 'node:crypto';
import { readDiscovery, readJwkSet } from '../../src/core/index';
import type { Jwk } from '../../src/core/index';
import { keyPair } from '../keyPairs';

const ISSUER = 'https://idp.example.com/realms/dev';
const doc = (members: Record<string, unknown>): string => JSON.stringify({ issuer: ISSUER, jwks_uri: `${ISSUER}/certs`, ...members });

let rsa: JsonWebKey;
let rsa1024: JsonWebKey;
let p256: JsonWebKey;
let p384: JsonWebKey;
let p521: JsonWebKey;
let ed25519: JsonWebKey;
let x25519: JsonWebKey;
let rsaPrivate: JsonWebKey;

before(() => {
  const rsaPair = keyPair('rsa', { modulusLength: 2048 });
  rsa = rsaPair.publicKey.export({ format: 'jwk' });
  rsaPrivate = rsaPair.privateKey.export({ format: 'jwk' });
  rsa1024 = keyPair('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
  p256 = keyPair('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
  p384 = keyPair('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' });
  p521 = keyPair('ec', { namedCurve: 'P-521' }).publicKey.export({ format: 'jwk' });
  ed25519 = keyPair('ed25519').publicKey.export({ format: 'jwk' });
  x25519 = keyPair('x25519').publicKey.export({ format: 'jwk' });
});

function set(...keys: unknown[]): string {
  return JSON.stringify({ keys });
}

function readOk(text: string): { keys: Jwk[]; notes: string[] } {
  const r = readJwkSet(text);
  if (!r.ok) assert.fail(r.error.message);
  return r;
}

describe('readDiscovery', () => {
  test('a document whose issuer is exactly the trusted one gives its jwks_uri, as parsed', () => {
    const r = readDiscovery(doc({ authorization_endpoint: `${ISSUER}/auth`, id_token_signing_alg_values_supported: ['RS256'] }), ISSUER);
    if (!r.ok) assert.fail(r.error.message);
    assert.deepEqual(r.jwksUri, { href: `${ISSUER}/certs`, host: 'idp.example.com', loopback: false });
  });

  test('issuer mismatch: trailing slash, case, http vs https, another host — each named, both shown', () => {
    const cases: Array<[string, RegExp]> = [
      [`${ISSUER}/`, /only by a trailing "\/"/],
      ['https://IDP.example.com/realms/dev', /only in upper and lower case/],
      ['http://idp.example.com/realms/dev', /One is http and the other https/],
      ['https://evil.example/realms/dev', /is for the issuer 'https:\/\/evil\.example\/realms\/dev', not 'https:\/\/idp\.example\.com\/realms\/dev'/],
    ];
    for (const [issuer, message] of cases) {
      const r = readDiscovery(JSON.stringify({ issuer, jwks_uri: `${ISSUER}/certs` }), ISSUER);
      assert.ok(!r.ok, issuer);
      assert.equal(r.error.code, 'DISCOVERY_ISSUER_MISMATCH');
      assert.match(r.error.message, message);
    }
  });

  test('a hostile issuer in the document is shown escaped and shortened', () => {
    const r = readDiscovery(JSON.stringify({ issuer: `https://evil\u202E.example/${'x'.repeat(5000)}`, jwks_uri: `${ISSUER}/certs` }), ISSUER);
    assert.ok(!r.ok);
    assert.ok(!r.error.message.includes('\u202E'));
    assert.match(r.error.message, /\\u202E/);
    assert.ok(r.error.message.length < 600);
  });

  test('jwks_uri must be fetchable: https, http only to loopback, no user info', () => {
    for (const [uri, message] of [
      ['http://idp.example.com/certs', /plain http/],
      ['https://idp.example.com@evil.com/certs', /user name/],
      ['https://idp.example.com/certs#x', /fragment/],
      ['file:///etc/passwd', /does not start with https/],
    ] as const) {
      const r = readDiscovery(doc({ jwks_uri: uri }), ISSUER);
      assert.ok(!r.ok, uri);
      assert.equal(r.error.code, 'DISCOVERY_INVALID');
      assert.match(r.error.message, message);
    }
    const loopback = readDiscovery(JSON.stringify({ issuer: 'http://127.0.0.1:8080', jwks_uri: 'http://127.0.0.1:8080/jwks' }), 'http://127.0.0.1:8080');
    assert.ok(loopback.ok);
  });

  test('a remote issuer cannot point key fetches at this machine; an issuer on this machine can', () => {
    for (const uri of ['http://127.0.0.1:631/admin', 'http://localhost:8080/jwks', 'https://localhost:8443/jwks', 'https://127.0.0.1/jwks', 'http://[::1]/jwks', 'https://[::ffff:127.0.0.1]/jwks', 'https://0.0.0.0/jwks', 'https://localhost./jwks', 'https://keys.localhost/jwks']) {
      const r = readDiscovery(doc({ jwks_uri: uri }), ISSUER);
      assert.ok(!r.ok, uri);
      assert.equal(r.error.code, 'DISCOVERY_INVALID');
      assert.match(r.error.message, /is on this machine \(.+\), but the issuer idp\.example\.com is not: a remote issuer may not send key fetches to local services/, uri);
    }
    for (const issuer of ['http://localhost:8080/realms/dev', 'http://127.0.0.1:9000', 'https://localhost:8443']) {
      for (const uri of ['http://127.0.0.1:9001/jwks', 'http://localhost:9001/jwks', 'https://localhost:8443/jwks']) {
        const r = readDiscovery(JSON.stringify({ issuer, jwks_uri: uri }), issuer);
        assert.ok(r.ok, `${issuer} → ${uri}`);
      }
    }
  });

  test('a jwks_uri on another host is read, with otherHost so that host is confirmed before it is fetched', () => {
    const other = readDiscovery(doc({ jwks_uri: 'https://keys.example.net/oauth2/v3/certs' }), ISSUER);
    if (!other.ok) assert.fail(other.error.message);
    assert.equal(other.otherHost, true);
    assert.equal(other.jwksUri.host, 'keys.example.net');
    const port = readDiscovery(doc({ jwks_uri: 'https://idp.example.com:8443/certs' }), ISSUER);
    assert.ok(port.ok && port.otherHost, 'another port is another host to confirm');
    const same = readDiscovery(doc({}), ISSUER);
    assert.ok(same.ok && !same.otherHost);
    const unparsable = readDiscovery(doc({}), 'not an issuer');
    assert.ok(!unparsable.ok);
    assert.equal(unparsable.error.code, 'ISSUER_URL_INVALID');
  });

  test('missing or mistyped members', () => {
    for (const [text, message] of [
      [JSON.stringify({ jwks_uri: `${ISSUER}/certs` }), /no "issuer"/],
      [JSON.stringify({ issuer: 42, jwks_uri: `${ISSUER}/certs` }), /"issuer" that is not a string/],
      [JSON.stringify({ issuer: ISSUER }), /no "jwks_uri"/],
      [JSON.stringify({ issuer: ISSUER, jwks_uri: [`${ISSUER}/certs`] }), /"jwks_uri" that is not a string/],
      ['[]', /not a JSON object/],
      ['"https://idp.example.com"', /not a JSON object/],
    ] as const) {
      const r = readDiscovery(text, ISSUER);
      assert.ok(!r.ok, text);
      assert.equal(r.error.code, 'DISCOVERY_INVALID');
      assert.match(r.error.message, message);
    }
  });

  test('malformed JSON, HTML error pages and empty bodies', () => {
    for (const text of ['{"issuer": "x",}', '<html><body>Not Found</body></html>', '', '   ', "{'issuer': 'x'}", '\uFEFF' + doc({})]) {
      const r = readDiscovery(text, ISSUER);
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'DISCOVERY_INVALID');
    }
    const r = readDiscovery('{"issuer": "x",}', ISSUER);
    assert.ok(!r.ok);
    assert.match(r.error.message, /is not JSON \(near character 16\)/);
  });

  test('a duplicate member is refused: readers would disagree about the issuer or the keys', () => {
    const text = `{"issuer":"${ISSUER}","jwks_uri":"${ISSUER}/certs","jwks_uri":"https://evil.example/certs"}`;
    const r = readDiscovery(text, ISSUER);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'DISCOVERY_INVALID');
    assert.match(r.error.message, /\/jwks_uri more than once/);
  });

  test('oversize and deeply nested documents are refused before JSON.parse', () => {
    const big = doc({ padding: 'x'.repeat(256 * 1024) });
    const r = readDiscovery(big, ISSUER);
    assert.ok(!r.ok);
    assert.match(r.error.message, /over the 256 KiB read/);
    assert.ok(readDiscovery(doc({ padding: 'x'.repeat(200 * 1024) }), ISSUER).ok);
    // The cap comes first: a body of only whitespace over it is not trimmed before it is refused.
    const blank = readDiscovery(' '.repeat(256 * 1024 + 1), ISSUER);
    assert.ok(!blank.ok);
    assert.match(blank.error.message, /over the 256 KiB read/);
    const deep = `{"issuer":"${ISSUER}","jwks_uri":"${ISSUER}/certs","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const d = readDiscovery(deep, ISSUER);
    assert.ok(!d.ok);
    assert.match(d.error.message, /nested 100,001 levels deep/);
  });
});

describe('readJwkSet', () => {
  test('RSA, EC P-256/384/521 and Ed25519 public keys are kept with only their standard public members', () => {
    const r = readOk(
      set(
        { ...rsa, kid: 'r1', use: 'sig', alg: 'RS256', extra: 'dropped', x5t: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA' },
        { ...p256, kid: 'e1' },
        { ...p384, kid: 'e2', alg: 'ES384' },
        { ...p521, kid: 'e3' },
        { ...ed25519, kid: 'o1', key_ops: ['verify'] },
      ),
    );
    assert.deepEqual(r.notes, []);
    assert.deepEqual(r.keys.map((k) => k.kid), ['r1', 'e1', 'e2', 'e3', 'o1']);
    assert.deepEqual(r.keys[0], { kty: 'RSA', kid: 'r1', alg: 'RS256', use: 'sig', n: rsa.n, e: rsa.e, x5t: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    assert.deepEqual(r.keys[1], { kty: 'EC', kid: 'e1', crv: 'P-256', x: p256.x, y: p256.y });
    assert.deepEqual(r.keys[4], { kty: 'OKP', kid: 'o1', key_ops: ['verify'], crv: 'Ed25519', x: ed25519.x });
  });

  test('an encryption key, a key_ops without verify and an X25519 key are skipped with a note', () => {
    const r = readOk(
      set(
        { ...rsa, kid: 'enc1', use: 'enc' },
        { ...rsa, kid: 'enc2', alg: 'RSA-OAEP-256' },
        { ...p256, kid: 'ops', key_ops: ['encrypt'] },
        { ...x25519, kid: 'x' },
        { ...p256, kid: 'keep' },
      ),
    );
    assert.deepEqual(r.keys.map((k) => k.kid), ['keep']);
    assert.equal(r.notes.length, 4);
    assert.match(r.notes[0] as string, /^Key 1 \(kid 'enc1'\) is for encryption \(use "enc"\): skipped\.$/);
    assert.match(r.notes[1] as string, /^Key 2 \(kid 'enc2'\) is for encryption \(alg RSA-OAEP-256\)/);
    assert.match(r.notes[2] as string, /key_ops without "verify"/);
    assert.match(r.notes[3] as string, /X25519 key, which is for key agreement/);
  });

  test('private key material is never kept: the note says the issuer publishes it', () => {
    const r = readOk(set({ ...rsaPrivate, kid: 'leak' }, { ...p256, d: 'AAAA', kid: 'leak2' }, { kty: 'AKP', alg: 'ML-DSA-44', pub: 'AA', priv: 'AA' }, { ...p256, kid: 'ok' }));
    assert.deepEqual(r.keys.map((k) => k.kid), ['ok']);
    assert.match(r.notes[0] as string, /Key 1 \(kid 'leak'\) carries private key members \(d, p, q, dp, dq, qi\): the issuer publishes private key material/);
    assert.match(r.notes[1] as string, /\(d\)/);
    assert.match(r.notes[2] as string, /\(priv\)/);
    for (const key of r.keys) for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'priv']) assert.ok(!Object.hasOwn(key, m));
  });

  test('symmetric keys, unknown types, curves and algorithms, and malformed keys are skipped', () => {
    const r = readOk(
      set(
        { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' },
        { kty: 'XYZ', kid: 'unknown' },
        { kty: 'EC', crv: 'secp256k1', x: p256.x, y: p256.y, kid: 'k1' },
        { ...rsa, alg: 'RS1', kid: 'rs1' },
        { ...rsa, alg: 'HS256', kid: 'confused' },
        { ...p256, alg: 'ES512', kid: 'wrongcurve' },
        { ...rsa1024, kid: 'short' },
        { kty: 'RSA', n: 'not base64!', e: 'AQAB', kid: 'bad' },
        { kty: 'EC', crv: 'P-256', x: p256.x, kid: 'noy' },
        'not an object',
        { ...rsa, alg: 'none', kid: 'none' },
        { ...rsa, kid: 'k\u202Eid' },
        { ...rsa, kid: 'good' },
      ),
    );
    assert.deepEqual(r.keys.map((k) => k.kid), ['good']);
    const notes = r.notes.join('\n');
    assert.equal(r.notes.length, 12);
    assert.match(notes, /Key 1 \(kid 'hmac'\) is a shared secret \(kty "oct"\)/);
    assert.match(notes, /Key 2 \(kid 'unknown'\) has an unknown "kty"/);
    assert.match(notes, /secp256k1/);
    assert.match(notes, /Key 4 \(kid 'rs1'\) is for an algorithm this tool does not support \(RS1\)/);
    assert.match(notes, /Key 5 \(kid 'confused'\): HS256 needs a shared secret/);
    assert.match(notes, /Key 6 \(kid 'wrongcurve'\): ES512 needs an EC P-521 key/);
    // In words about the issuer's key: the person cannot generate it.
    assert.match(notes, /Key 7 \(kid 'short'\) is a 1024-bit RSA key; at least 2048 bits are needed \(RFC 7518 §3\.3\): skipped\./);
    assert.doesNotMatch(notes, /Generate|Use a 2048/);
    assert.match(notes, /Key 8 \(kid 'bad'\): member "n" is not base64url/);
    assert.match(notes, /missing member "y"/);
    assert.match(notes, /Key 10 is not a JSON object/);
    assert.match(notes, /"none"/);
    // A hostile kid is shown escaped in the note and refused as a kid.
    assert.match(notes, /Key 12 \(kid 'k\\u202Eid'\)/);
    assert.ok(!notes.includes('\u202E'));
  });

  test('duplicate kid and key type: the first is kept, the second noted', () => {
    const other = keyPair('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const r = readOk(set({ ...rsa, kid: 'same' }, { ...other, kid: 'same', alg: 'PS256' }, { ...p256 }, { ...p384 }));
    assert.equal(r.keys.length, 3);
    assert.equal(r.keys[0]?.n, rsa.n);
    assert.deepEqual(r.notes, ["Key 2 (kid 'same') has the same kid and key type (RSA) as key 1: the first is kept, this one skipped."]);
  });

  test('one kid on keys of different types: both kept, as the alternatives RFC 7517 §4.5 allows', () => {
    const r = readOk(set({ ...rsa, kid: 'k', alg: 'RS256' }, { ...p256, kid: 'k', alg: 'ES256' }, { ...ed25519, kid: 'k' }, { ...p384, kid: 'k' }));
    assert.deepEqual(r.keys.map((k) => `${k.kty} ${k.kid}`), ['RSA k', 'EC k', 'OKP k']);
    assert.deepEqual(r.notes, [
      "Key 2 (kid 'k') shares its kid with key 1, a key of another type: both are kept, as alternatives (RFC 7517 §4.5).",
      "Key 3 (kid 'k') shares its kid with key 1, a key of another type: both are kept, as alternatives (RFC 7517 §4.5).",
      "Key 4 (kid 'k') has the same kid and key type (EC) as key 2: the first is kept, this one skipped.",
    ]);
  });

  test('duplicate members inside a key skip that key; elsewhere they make the set unreadable', () => {
    const text = `{"keys":[{"kty":"EC","crv":"P-256","x":"${p256.x}","y":"${p256.y}","kid":"a","kid":"b"},${JSON.stringify({ ...p384, kid: 'c' })}]}`;
    const r = readOk(text);
    assert.deepEqual(r.keys.map((k) => k.kid), ['c']);
    assert.match(r.notes[0] as string, /^Key 1 \(kid 'b'\) has the member \/keys\/0\/kid more than once: skipped\.$/);
    const top = readJwkSet(`{"keys":[${JSON.stringify(p256)}],"keys":[${JSON.stringify(p384)}]}`);
    assert.ok(!top.ok);
    assert.equal(top.error.code, 'JWKS_INVALID');
    assert.match(top.error.message, /\/keys more than once/);
  });

  test('x5c, x5t and x5t#S256 are kept when well formed, left out with a note otherwise', () => {
    const cert = Buffer.from('not really a certificate but base64').toString('base64');
    const r = readOk(set({ ...rsa, kid: 'a', x5c: [cert], 'x5t#S256': 'A'.repeat(43) }, { ...rsa, kid: 'b', x5c: ['not base64!'], x5t: 'short' }));
    assert.deepEqual(r.keys[0]?.x5c, [cert]);
    assert.equal(r.keys[0]?.['x5t#S256'], 'A'.repeat(43));
    assert.equal(r.keys[1]?.x5c, undefined);
    assert.equal(r.keys[1]?.x5t, undefined);
    assert.equal(r.notes.length, 2);
    assert.match(r.notes[0] as string, /Key 2 \(kid 'b'\): its "x5c" is not a list/);
  });

  test('a set with no usable key is an error that sums up the notes', () => {
    const r = readJwkSet(set({ ...rsa, use: 'enc' }, { kty: 'oct', k: 'AAAA' }, { ...rsaPrivate }, { kty: 'XYZ' }, { ...x25519 }));
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'JWKS_INVALID');
    assert.match(r.error.message, /^The JWK Set holds no key that can verify a token\. Key 1 is for encryption .* And 2 more\.$/);
  });

  test('shapes that are not a JWK Set', () => {
    for (const [text, message] of [
      ['[]', /not \{"keys": \[\.\.\.\]\}/],
      ['{"kty":"RSA"}', /not \{"keys"/],
      [JSON.stringify({ issuer: 'https://a', jwks_uri: 'https://a/jwks' }), /discovery document, not a JWK Set/],
      ['{"keys":{}}', /not a list/],
      ['{"keys":[]}', /holds no keys/],
      ['{"keys":[', /is not JSON/],
      ['', /is empty/],
    ] as const) {
      const r = readJwkSet(text);
      assert.ok(!r.ok, text);
      assert.equal(r.error.code, 'JWKS_INVALID');
      assert.match(r.error.message, message);
    }
  });

  test('oversize sets, too many keys and deep nesting are refused', () => {
    const big = JSON.stringify({ keys: [p256], padding: 'x'.repeat(1024 * 1024) });
    const r = readJwkSet(big);
    assert.ok(!r.ok);
    assert.match(r.error.message, /over the 1 MiB read/);
    const many = readJwkSet(set(...Array.from({ length: 101 }, (_, i) => ({ ...p256, kid: `k${i}` }))));
    assert.ok(!many.ok);
    assert.match(many.error.message, /holds 101 keys; at most 100/);
    assert.equal(readOk(set(...Array.from({ length: 100 }, (_, i) => ({ ...p256, kid: `k${i}` })))).keys.length, 100);
    const deep = readJwkSet(`{"keys":[${JSON.stringify(p256)}],"x":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`);
    assert.ok(!deep.ok);
    assert.match(deep.error.message, /nested 50,001 levels deep/);
  });
});
