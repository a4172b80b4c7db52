import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { CompactSign, base64url } from 'jose';
import { cryptoKeyFor, generateKey, importKey, publicOnly, signToken, verifyToken } from '../../src/core/index';
import type { JwsAlg, KeyMaterial } from '../../src/core/index';
import { keyPair } from '../keyPairs';

const enc = new TextEncoder();
let hs256: KeyMaterial;
let hs512: KeyMaterial;
let es256: KeyMaterial;
let rs256: KeyMaterial;
let rsaPem: string;

async function imported(text: string, options: Parameters<typeof importKey>[1]): Promise<KeyMaterial> {
  const r = await importKey(text, options);
  if (!r.ok) assert.fail(r.error.message);
  return r.keys[0] as KeyMaterial;
}

/** A token with any header, signed by `key` — for building what a hostile issuer would send. */
async function rawToken(header: Record<string, unknown>, payload: string | Uint8Array, key: KeyMaterial): Promise<string> {
  const loaded = await cryptoKeyFor(key, 'sign');
  if (!loaded.ok) assert.fail(loaded.error.message);
  return new CompactSign(typeof payload === 'string' ? enc.encode(payload) : payload).setProtectedHeader(header as never).sign(loaded.cryptoKey);
}

/** HMAC-SHA256 over any header, even one jose refuses to produce. */
function hmacToken(header: Record<string, unknown>, payload: string, key: KeyMaterial): string {
  const input = `${segment(header)}.${base64url.encode(payload)}`;
  const mac = createHmac('sha256', Buffer.from(String(key.privateJwk?.k), 'base64url')).update(input).digest('base64url');
  return `${input}.${mac}`;
}

function segment(json: unknown): string {
  return base64url.encode(JSON.stringify(json));
}

before(async () => {
  const gen = async (alg: JwsAlg, kid: string): Promise<KeyMaterial> => {
    const r = await generateKey({ alg, kid });
    if (!r.ok) assert.fail(r.error.message);
    return r.key;
  };
  hs256 = await gen('HS256', 'h256');
  hs512 = await gen('HS512', 'h512');
  es256 = await gen('ES256', 'e256');
  rsaPem = keyPair('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  rs256 = await imported(rsaPem, { alg: 'RS256', kid: 'r256' });
});

describe('verifyToken: key selection', () => {
  test('kid match → that key only', async () => {
    const t = await signToken({ key: hs256, claims: { sub: 'a' } });
    assert.ok(t.ok);
    const v = await verifyToken(t.token, [hs512, es256, hs256]);
    assert.equal(v.signature, 'valid');
    assert.deepEqual(v.key, { kid: 'h256', alg: 'HS256', matchedBy: 'kid' });
    assert.deepEqual(v.tried, ['h256']);
    assert.match(v.message, /^Signature valid: HS256 key with kid 'h256', matched by kid\. Claims valid\.$/);
  });

  test('kid match with another algorithm → invalid with the mismatch named', async () => {
    const token = await rawToken({ alg: 'HS512', kid: 'h256' }, '{}', hs512);
    const v = await verifyToken(token, [hs256, hs512]);
    assert.equal(v.signature, 'invalid');
    assert.match(v.message, /token says HS512, key with kid 'h256' is HS256/);
    assert.deepEqual(v.tried, []);
  });

  test('no kid → keys of the same algorithm, never another', async () => {
    const otherHs = await generateKey({ alg: 'HS256', kid: 'h256-b' });
    assert.ok(otherHs.ok);
    const token = await rawToken({ alg: 'HS256' }, '{"sub":"a"}', hs256);
    const v = await verifyToken(token, [hs512, otherHs.key, es256, hs256]);
    assert.equal(v.signature, 'valid');
    assert.deepEqual(v.key, { kid: 'h256', alg: 'HS256', matchedBy: 'alg' });
    assert.deepEqual(v.tried, ['h256-b', 'h256']);
  });

  test('unknown kid → falls back to the same algorithm only', async () => {
    const token = await rawToken({ alg: 'HS256', kid: 'unknown' }, '{}', hs256);
    const v = await verifyToken(token, [hs512, hs256]);
    assert.equal(v.signature, 'valid');
    assert.equal(v.key?.matchedBy, 'alg');
  });

  test('no key of the algorithm → no-matching-key', async () => {
    const token = await rawToken({ alg: 'HS512' }, '{}', hs512);
    const v = await verifyToken(token, [hs256, es256]);
    assert.equal(v.signature, 'no-matching-key');
    assert.match(v.message, /no HS512 key is in the ring/);
    assert.deepEqual(v.tried, []);
    assert.equal((await verifyToken(token, [])).signature, 'no-matching-key');
  });

  test('a public-only copy verifies', async () => {
    const t = await signToken({ key: rs256, claims: {} });
    assert.ok(t.ok);
    assert.equal((await verifyToken(t.token, [publicOnly(rs256)])).signature, 'valid');
  });

  test('encryption keys are never used to verify', async () => {
    const t = await signToken({ key: hs256, claims: {} });
    assert.ok(t.ok);
    const asEnc = { ...hs256, use: 'enc' } as KeyMaterial;
    assert.equal((await verifyToken(t.token, [asEnc])).signature, 'no-matching-key');
  });

  test('wrong key type → wrong-key-type, not invalid', async () => {
    const t = await signToken({ key: es256, claims: {} });
    assert.ok(t.ok);
    // A hand-made ring entry whose JWK does not fit its alg.
    const confused: KeyMaterial = { kid: 'e256', alg: 'ES256', use: 'sig', kty: 'oct', size: '256 bits', privateJwk: { kty: 'oct', k: base64url.encode(new Uint8Array(32)) } };
    const v = await verifyToken(t.token, [confused]);
    assert.equal(v.signature, 'wrong-key-type');
    assert.match(v.message, /Wrong key for this token/);
    // An RSA key under 2048 bits: jose's TypeError becomes wrong-key-type.
    const small = keyPair('rsa', { modulusLength: 1024 });
    const jwk = small.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    const smallKey: KeyMaterial = { kid: 'small', alg: 'RS256', use: 'sig', kty: 'RSA', size: '1024 bits', publicJwk: { kty: 'RSA', n: jwk.n, e: jwk.e } };
    const token = `${segment({ alg: 'RS256', kid: 'small' })}.${segment({})}.${base64url.encode(new Uint8Array(128))}`;
    assert.equal((await verifyToken(token, [smallKey])).signature, 'wrong-key-type');
  });
});

describe('verifyToken: token shapes', () => {
  test('five segments → encrypted', async () => {
    assert.equal((await verifyToken('a.b.c.d.e', [hs256])).signature, 'encrypted');
  });

  test('wrong segment counts and bad headers → malformed', async () => {
    for (const token of ['', 'abc', 'a.b', 'a.b.c.d', '!!.e30.sig', `${base64url.encode('[1]')}.e30.x`, `${base64url.encode('{"alg":')}.e30.x`]) {
      assert.equal((await verifyToken(token, [hs256])).signature, 'malformed', token);
    }
    const good = await signToken({ key: hs256, claims: {} });
    assert.ok(good.ok);
    const [h, p, s] = good.token.split('.');
    assert.equal((await verifyToken(`${h}.${p}.${s} `, [hs256])).signature, 'malformed', 'no whitespace is stripped');
    assert.equal((await verifyToken(`${h}.${p}\n.${s}`, [hs256])).signature, 'malformed');
    assert.equal((await verifyToken(`${h}.${p}.${s}=`, [hs256])).signature, 'malformed');
  });

  test('alg none in any case, missing or empty → unsigned, whatever the keys', async () => {
    for (const header of [{ alg: 'none' }, { alg: 'None' }, { alg: 'NONE' }, { alg: 'nOnE' }, { typ: 'JWT' }, { alg: '' }]) {
      for (const sig of ['', 'eA']) {
        const token = `${segment(header)}.${segment({ sub: 'a' })}.${sig}`;
        const v = await verifyToken(token, [hs256, es256, rs256]);
        assert.equal(v.signature, 'unsigned', JSON.stringify(header));
      }
    }
  });

  test('empty signature → invalid', async () => {
    const good = await signToken({ key: hs256, claims: {} });
    assert.ok(good.ok);
    const v = await verifyToken(good.token.replace(/[^.]+$/, ''), [hs256]);
    assert.equal(v.signature, 'invalid');
    assert.match(v.message, /no signature/);
  });

  test('unsupported algorithms', async () => {
    for (const alg of ['RSA1_5', 'RSA-OAEP', 'ES256K', 'HS1', 'Ed448']) {
      const v = await verifyToken(`${segment({ alg })}.${segment({})}.AAAA`, [hs256, es256]);
      assert.equal(v.signature, 'unsupported', alg);
    }
  });

  test('crit not understood → unsupported; b64 in crit is understood', async () => {
    const crit = hmacToken({ alg: 'HS256', crit: ['exp'], exp: 1 }, '{}', hs256);
    const v = await verifyToken(crit, [hs256]);
    assert.equal(v.signature, 'unsupported');
    assert.match(v.message, /Critical extension not understood \(exp\)/);
    const input = `${segment({ alg: 'HS256', b64: false, crit: ['b64'] })}.raw text payload`;
    const signed = `${input}.${createHmac('sha256', Buffer.from(String(hs256.privateJwk?.k), 'base64url')).update(input).digest('base64url')}`;
    const ok = await verifyToken(signed, [hs256]);
    assert.equal(ok.signature, 'valid');
    assert.equal(ok.claims.checked, false, 'an unencoded payload is not a claims set');
    for (const header of [{ alg: 'HS256', crit: [] }, { alg: 'HS256', crit: 'b64' }, { alg: 'HS256', crit: ['b64'] }, { alg: 'HS256', b64: true, crit: ['b64', 'b64'] }]) {
      assert.equal((await verifyToken(hmacToken(header, '{}', hs256), [hs256])).signature, 'malformed', JSON.stringify(header));
    }
  });

  test('tampered payload → invalid', async () => {
    const t = await signToken({ key: es256, claims: { admin: false } });
    assert.ok(t.ok);
    const [h, , s] = t.token.split('.');
    const v = await verifyToken(`${h}.${segment({ admin: true })}.${s}`, [es256]);
    assert.equal(v.signature, 'invalid');
    assert.deepEqual(v.tried, ['e256']);
  });

  test('non-JSON payloads verify as JWS, claims not checked', async () => {
    const t = await rawToken({ alg: 'HS256' }, 'Payload', hs256);
    const v = await verifyToken(t, [hs256]);
    assert.equal(v.signature, 'valid');
    assert.equal(v.claims.checked, false);
    assert.match(v.message, /not a JWT claims set/);
  });

  test('detached payload (RFC 7515 appendix F)', async () => {
    const full = await rawToken({ alg: 'HS256', kid: 'h256' }, 'detached text', hs256);
    const [h, , s] = full.split('.');
    const detached = `${h}..${s}`;
    const without = await verifyToken(detached, [hs256]);
    assert.equal(without.signature, 'invalid');
    assert.match(without.message, /detached/);
    assert.equal((await verifyToken(detached, [hs256], { detachedPayload: 'detached text' })).signature, 'valid');
    assert.equal((await verifyToken(detached, [hs256], { detachedPayload: 'other text' })).signature, 'invalid');
  });

  test('a detached claims set is checked like the compact form (H81)', async () => {
    const now = 1_700_000_000_000;
    const claims = JSON.stringify({ sub: 'alice', iss: 'https://issuer.example', exp: 1_600_000_000 });
    const full = await rawToken({ alg: 'ES256', kid: 'e256' }, claims, es256);
    const [h, , s] = full.split('.');
    const detached = `${h}..${s}`;
    const options = { now, issuer: 'https://other.example', detachedPayload: claims };
    const compact = await verifyToken(full, [es256], { now, issuer: 'https://other.example' });
    const v = await verifyToken(detached, [es256], options);
    assert.equal(v.signature, 'valid');
    assert.deepEqual(v.claims, compact.claims);
    assert.equal(v.claims.checked, true);
    assert.deepEqual(v.claims.problems.map((p) => p.code), ['expired', 'bad-issuer']);
    assert.doesNotMatch(v.message, /no claims were checked/);
    assert.match(v.message, /^Signature valid: ES256 key with kid 'e256', matched by kid\. But: Expired at 2020-09-13T12:26:40Z/);
    // Valid claims say so; a detached payload that is not a claims set says that.
    const fresh = JSON.stringify({ sub: 'alice', exp: 1_800_000_000 });
    const [fh, , fs] = (await rawToken({ alg: 'ES256', kid: 'e256' }, fresh, es256)).split('.');
    const good = await verifyToken(`${fh}..${fs}`, [es256], { now, detachedPayload: fresh });
    assert.equal(good.signature, 'valid');
    assert.deepEqual(good.claims, { checked: true, valid: true, problems: [] });
    assert.match(good.message, /Claims valid\.$/);
    const text = await verifyToken(detached, [es256], { now, detachedPayload: 'plain text' });
    assert.equal(text.signature, 'invalid');
    assert.equal(text.claims.checked, false);
    // The claims reported for a forged detached token are the supplied payload's, and the verdict stays invalid.
    const forged = await verifyToken(detached, [es256], { now, detachedPayload: JSON.stringify({ sub: 'admin', exp: 1_800_000_000 }) });
    assert.equal(forged.signature, 'invalid');
    // The detached payload is used only when the middle part is empty.
    const ignored = await verifyToken(full, [es256], { ...options, detachedPayload: fresh });
    assert.deepEqual(ignored.claims, compact.claims);
  });

  test('an unencoded (b64: false) payload is never read as claims, and the message says why', async () => {
    const input = `${segment({ alg: 'HS256', b64: false, crit: ['b64'] })}.{"sub":"alice","exp":1}`;
    const signed = `${input}.${createHmac('sha256', Buffer.from(String(hs256.privateJwk?.k), 'base64url')).update(input).digest('base64url')}`;
    const v = await verifyToken(signed, [hs256]);
    assert.equal(v.signature, 'valid');
    assert.equal(v.claims.checked, false);
    assert.match(v.message, /unencoded \(b64: false\), which a JWT never is, so no claims were checked\.$/);
    assert.doesNotMatch(v.message, /not a JWT claims set/);
  });

  test('a detached payload that is not text, or over the size bound, is refused', async () => {
    const full = await rawToken({ alg: 'HS256', kid: 'h256' }, '{}', hs256);
    const [h, , s] = full.split('.');
    const big = await verifyToken(`${h}..${s}`, [hs256], { detachedPayload: 'x'.repeat(8 * 1024 * 1024 + 1) });
    assert.equal(big.signature, 'malformed');
    assert.match(big.message, /detached payload is over 8 MB/);
    const notText = await verifyToken(`${h}..${s}`, [hs256], { detachedPayload: 42 as unknown as string });
    assert.equal(notText.signature, 'malformed');
  });

  test('messages never carry token text beyond plain labels', async () => {
    const evil = '[x](command:workbench.action.terminal.new) <img src=x>';
    for (const header of [{ alg: evil }, { alg: 'HS256', crit: [evil], [evil]: 1 }, { alg: 'HS256', kid: evil }]) {
      const token = await rawToken({ alg: 'HS256' }, '{}', hs256).then((t) => `${segment(header)}.${t.split('.')[1]}.${t.split('.')[2]}`);
      const v = await verifyToken(token, [hs256]);
      assert.ok(!v.message.includes('command:') && !v.message.includes('<img'), v.message);
    }
  });

  test('never throws', async () => {
    for (const input of [null, undefined, 42, {}, 'x'.repeat(9 * 1024 * 1024)]) {
      const v = await verifyToken(input as unknown as string, null as unknown as KeyMaterial[]);
      assert.equal(v.signature, 'malformed');
    }
  });
});

describe('verifyToken: claims', () => {
  const now = Date.UTC(2026, 5, 1, 0, 0, 0);
  const nowS = now / 1000;

  async function claimsOf(claims: Record<string, unknown> | string, options: Parameters<typeof verifyToken>[2] = {}) {
    const token = await rawToken({ alg: 'HS256' }, typeof claims === 'string' ? claims : JSON.stringify(claims), hs256);
    const v = await verifyToken(token, [hs256], { now, ...options });
    assert.equal(v.signature, 'valid');
    return v.claims;
  }

  test('valid times', async () => {
    assert.deepEqual(await claimsOf({ exp: nowS + 60, nbf: nowS - 60, iat: nowS }), { checked: true, valid: true, problems: [] });
  });

  test('expired, not yet valid, issued in the future', async () => {
    const c = await claimsOf({ exp: nowS - 1, nbf: nowS + 100, iat: nowS + 100 });
    assert.equal(c.valid, false);
    assert.deepEqual(c.problems.map((p) => [p.claim, p.code]), [['exp', 'expired'], ['nbf', 'not-yet-valid'], ['iat', 'issued-in-future']]);
    assert.match(c.problems[0]?.message ?? '', /Expired at 2026-05-31T23:59:59Z/);
  });

  test('exp equal to now is expired; tolerance widens the window', async () => {
    assert.equal((await claimsOf({ exp: nowS })).valid, false);
    assert.equal((await claimsOf({ exp: nowS - 30 }, { clockToleranceSeconds: 60 })).valid, true);
    assert.equal((await claimsOf({ nbf: nowS + 30 }, { clockToleranceSeconds: 60 })).valid, true);
  });

  test('1e309, 9e15, strings and -Infinity are invalid NumericDates, never "valid forever"', async () => {
    for (const text of ['{"exp":1e309}', '{"exp":9e15}', '{"exp":"1795261667"}', '{"nbf":-1e309}', '{"iat":null}']) {
      const c = await claimsOf(text);
      assert.equal(c.valid, false, text);
      assert.equal(c.problems[0]?.code, 'invalid-numeric-date', text);
    }
  });

  test('issuer and audience when asked', async () => {
    assert.equal((await claimsOf({ iss: 'a', aud: ['x', 'y'] }, { issuer: ['a', 'b'], audience: 'y' })).valid, true);
    const bad = await claimsOf({ iss: 'evil', aud: 'z' }, { issuer: 'a', audience: ['x', 'y'] });
    assert.deepEqual(bad.problems.map((p) => p.code), ['bad-issuer', 'bad-audience']);
    const missing = await claimsOf({}, { issuer: 'a', audience: 'x' });
    assert.deepEqual(missing.problems.map((p) => p.code), ['bad-issuer', 'bad-audience']);
  });

  test('claims are reported alongside an invalid signature too', async () => {
    const t = await signToken({ key: hs256, claims: { exp: 1 } });
    assert.ok(t.ok);
    const v = await verifyToken(t.token, [{ ...hs256, privateJwk: { ...hs256.privateJwk, k: base64url.encode(new Uint8Array(32)) } } as KeyMaterial]);
    assert.equal(v.signature, 'invalid');
    assert.equal(v.claims.problems[0]?.code, 'expired');
  });
});

describe('verifyToken: batches', () => {
  test('1000 tokens verify with keys imported once', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const t = await signToken({ key: es256, claims: { i } });
      assert.ok(t.ok);
      tokens.push(t.token);
    }
    const started = Date.now();
    for (const t of tokens) assert.equal((await verifyToken(t, [hs256, es256])).signature, 'valid');
    assert.ok(Date.now() - started < 5000, 'verifying 1000 ES256 tokens takes seconds at most');
  });
});
