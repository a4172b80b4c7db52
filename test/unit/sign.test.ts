import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { base64url, decodeProtectedHeader } from 'jose';
import { generateKey, importKey, publicOnly, signToken, verifyToken } from '../../src/core/index';
import type { JwsAlg, KeyMaterial, SignOptions } from '../../src/core/index';
import { keyPair } from '../keyPairs';

const keys = new Map<JwsAlg, KeyMaterial>();

async function imported(text: string, alg: JwsAlg): Promise<KeyMaterial> {
  const r = await importKey(text, { alg });
  if (!r.ok) assert.fail(r.error.message);
  return r.keys[0] as KeyMaterial;
}

before(async () => {
  // One RSA pair serves every RSA algorithm: each import fixes one alg.
  const rsaPem = keyPair('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  for (const alg of ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const) keys.set(alg, await imported(rsaPem, alg));
  for (const alg of ['ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519', 'HS256', 'HS384', 'HS512'] as const) {
    const r = await generateKey({ alg });
    if (!r.ok) assert.fail(r.error.message);
    keys.set(alg, r.key);
  }
});

function key(alg: JwsAlg): KeyMaterial {
  return keys.get(alg) as KeyMaterial;
}

async function signError(options: SignOptions): Promise<{ code: string; message: string }> {
  const r = await signToken(options);
  if (r.ok) assert.fail(`expected a refusal, got ${r.token}`);
  return r.error;
}

describe('signToken', () => {
  for (const alg of ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const) {
    test(`${alg}: signs with the key's algorithm and verifies`, async () => {
      const r = await signToken({ key: key(alg), claims: { sub: 'user_42', role: 'EDITOR' } });
      if (!r.ok) assert.fail(r.error.message);
      assert.deepEqual(r.header, { alg, typ: 'JWT', kid: key(alg).kid });
      assert.deepEqual(decodeProtectedHeader(r.token), r.header);
      assert.deepEqual(r.claims, { sub: 'user_42', role: 'EDITOR' });
      const v = await verifyToken(r.token, [...keys.values()]);
      assert.equal(v.signature, 'valid', v.message);
      assert.equal(v.key?.kid, key(alg).kid);
    });
  }

  test('ttl sets exp and iat from now; includeIat false leaves iat out', async () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0, 500);
    const r = await signToken({ key: key('HS256'), claims: { sub: 'a' }, ttlSeconds: 900, now });
    assert.ok(r.ok);
    assert.deepEqual(r.claims, { sub: 'a', exp: now / 1000 - 0.5 + 900, iat: now / 1000 - 0.5 });
    const noIat = await signToken({ key: key('HS256'), claims: { sub: 'a' }, ttlSeconds: 60, now, includeIat: false });
    assert.ok(noIat.ok);
    assert.equal(noIat.claims.iat, undefined);
    const iatOnly = await signToken({ key: key('HS256'), claims: { sub: 'a' }, now, includeIat: true });
    assert.ok(iatOnly.ok);
    assert.deepEqual(iatOnly.claims, { sub: 'a', iat: 1767268800 });
  });

  for (const ttl of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 1e15]) {
    test(`ttl ${ttl} → TTL_INVALID`, async () => {
      assert.equal((await signError({ key: key('HS256'), claims: {}, ttlSeconds: ttl })).code, 'TTL_INVALID');
    });
  }

  test('typ: default JWT, custom, or left out; kid from the key, the template, or left out', async () => {
    const custom = await signToken({ key: key('ES256'), claims: {}, typ: 'at+jwt', includeKid: false });
    assert.ok(custom.ok);
    assert.deepEqual(custom.header, { alg: 'ES256', typ: 'at+jwt' });
    const none = await signToken({ key: key('ES256'), claims: {}, typ: null });
    assert.ok(none.ok);
    assert.deepEqual(Object.keys(none.header), ['alg', 'kid']);
    const tableau = await signToken({ key: key('HS256'), claims: {}, header: { kid: 'secret-id-123', iss: 'client-id' } });
    assert.ok(tableau.ok);
    assert.deepEqual(tableau.header, { alg: 'HS256', typ: 'JWT', kid: 'secret-id-123', iss: 'client-id' });
    assert.match(tableau.warnings.join(' '), /kid comes from the template/);
    const pathKid = await signToken({ key: key('HS256'), claims: {}, header: { kid: '../../keys/a' } });
    assert.ok(pathKid.ok);
    assert.match(pathKid.warnings.join(' '), /file path/);
  });

  test('the algorithm comes from the key, never the template', async () => {
    const same = await signToken({ key: key('RS256'), claims: {}, header: { alg: 'RS256' } });
    assert.ok(same.ok);
    const e = await signError({ key: key('HS256'), claims: {}, header: { alg: 'RS256' } });
    assert.equal(e.code, 'HEADER_REFUSED');
    assert.match(e.message, /says alg RS256, but key .* is HS256/);
  });

  test('none is refused, in the template and on the key', async () => {
    for (const alg of ['none', 'None', 'NONE']) {
      assert.equal((await signError({ key: key('HS256'), claims: {}, header: { alg } })).code, 'ALG_NONE_REFUSED');
    }
    const noneKey = { ...key('HS256'), alg: 'none' } as unknown as KeyMaterial;
    assert.equal((await signError({ key: noneKey, claims: {} })).code, 'ALG_NONE_REFUSED');
  });

  test('verify-only and encryption keys cannot sign', async () => {
    const pub = publicOnly(key('RS256'));
    const e = await signError({ key: pub, claims: {} });
    assert.equal(e.code, 'KEY_NOT_PRIVATE');
    assert.match(e.message, /verify-only: import its private half/);
    const enc = await generateKey({ alg: 'A256KW' });
    assert.ok(enc.ok);
    assert.equal((await signError({ key: enc.key, claims: {} })).code, 'KEY_ALG_MISMATCH');
    const mislabelled = { ...key('HS256'), use: 'enc' } as KeyMaterial;
    assert.equal((await signError({ key: mislabelled, claims: {} })).code, 'KEY_ALG_MISMATCH');
  });

  test('short HMAC secrets are refused (H05)', async () => {
    for (const [alg, bytes] of [['HS256', 31], ['HS384', 47], ['HS512', 63], ['HS256', 1]] as const) {
      const weak: KeyMaterial = { kid: 'weak', alg, use: 'sig', kty: 'oct', size: `${bytes * 8} bits`, privateJwk: { kty: 'oct', k: base64url.encode(new Uint8Array(bytes)) } };
      const e = await signError({ key: weak, claims: {} });
      assert.equal(e.code, 'KEY_TOO_SHORT');
      assert.match(e.message, /at least (32|48|64) bytes/);
    }
  });

  test('b64, crit, zip and enc are refused in JWT headers', async () => {
    for (const header of [{ b64: false }, { b64: false, crit: ['b64'] }, { crit: ['exp'] }, { zip: 'DEF' }, { enc: 'A128GCM' }]) {
      assert.equal((await signError({ key: key('HS256'), claims: {}, header })).code, 'HEADER_REFUSED', JSON.stringify(header));
    }
  });

  test('jku, x5u, jwk and x5c only when allowed', async () => {
    const pubJwk = key('ES256').publicJwk;
    for (const header of [{ jku: 'https://example.com/jwks.json' }, { x5u: 'https://example.com/c.pem' }, { jwk: pubJwk }, { x5c: ['MIIB'] }]) {
      assert.equal((await signError({ key: key('ES256'), claims: {}, header })).code, 'HEADER_REFUSED');
      const allowed = await signToken({ key: key('ES256'), claims: {}, header, allowKeyHeaders: true });
      assert.ok(allowed.ok);
    }
  });

  test('non-finite or non-numeric exp/nbf/iat → CLAIMS_INVALID', async () => {
    for (const claims of [{ exp: Number.POSITIVE_INFINITY }, { nbf: Number.NaN }, { iat: '1700000000' }, { exp: 9e15 }, { deep: { n: Number.NaN } }, { when: new Date() }, { big: 10n }, { f: () => 1 }]) {
      assert.equal((await signError({ key: key('HS256'), claims: claims as Record<string, unknown> })).code, 'CLAIMS_INVALID');
    }
    const self: Record<string, unknown> = {};
    self.me = self;
    assert.equal((await signError({ key: key('HS256'), claims: self })).code, 'CLAIMS_INVALID');
  });

  test('__proto__ claims are refused; caller objects are never mutated', async () => {
    const parsed = JSON.parse('{"sub":"alice","__proto__":{"admin":true}}') as Record<string, unknown>;
    assert.equal((await signError({ key: key('HS256'), claims: parsed })).code, 'CLAIMS_INVALID');
    const claims = Object.freeze({ sub: 'a', nested: Object.freeze({ list: Object.freeze([1, 2]) }) });
    const header = Object.freeze({ cty: 'x' });
    const before = JSON.stringify([claims, header]);
    const r = await signToken({ key: key('HS256'), claims, header, ttlSeconds: 60 });
    assert.ok(r.ok);
    assert.equal(JSON.stringify([claims, header]), before);
    assert.equal(Object.getPrototypeOf(r.claims), Object.prototype);
    assert.equal(({} as Record<string, unknown>).admin, undefined);
  });

  test('undefined optional members are left out, as in JSON', async () => {
    const r = await signToken({ key: key('HS256'), claims: { sub: 'a', email: undefined } });
    assert.ok(r.ok);
    assert.deepEqual(r.claims, { sub: 'a' });
  });

  test('the header and claims reported are exactly what the token carries, non-ASCII included', async () => {
    const claims = { sub: 'Zoë', name: 'Дмитрий 😀', nested: { a: [1, 'ü', null, true] }, big: 1e21 };
    const header = { kid: 'ключ-1', cty: 'JWT', x: { y: 'ö' } };
    const r = await signToken({ key: key('ES256'), claims, header, ttlSeconds: 60, now: 1_767_268_800_000 });
    assert.ok(r.ok);
    const [h, p] = r.token.split('.') as [string, string];
    assert.deepEqual(r.header, JSON.parse(new TextDecoder().decode(base64url.decode(h))));
    assert.deepEqual(r.claims, JSON.parse(new TextDecoder().decode(base64url.decode(p))));
    assert.equal(r.claims.name, 'Дмитрий 😀');
    assert.equal(r.header.kid, 'ключ-1');
  });

  test('never throws on nonsense input', async () => {
    for (const options of [undefined, null, {}, { key: {} }, { key: key('HS256'), claims: 'text' }, { key: key('HS256'), claims: {}, header: [] }]) {
      const r = await signToken(options as unknown as SignOptions);
      assert.equal(r.ok, false);
    }
  });
});
