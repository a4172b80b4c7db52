import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { CompactEncrypt, CompactSign, UnsecuredJWT, base64url, decodeProtectedHeader } from 'jose';
import { cryptoKeyFor, decryptToken, encryptToken, generateKey, importKey, publicOnly, signToken } from '../../src/core/index';
import type { GenerateKeySpec, JweEnc, JweKeyAlg, KeyMaterial } from '../../src/core/index';
import { JWE_ENCS } from '../../src/core/index';
import { keyPair } from '../keyPairs';

const NOT_AUTHENTICATED = 'decrypted — NOT authenticated: anyone with the public key can make this';
const keys: { alg: JweKeyAlg; label: string; key: KeyMaterial; encs: JweEnc[] }[] = [];
let signer: KeyMaterial;

async function gen(spec: GenerateKeySpec): Promise<KeyMaterial> {
  const r = await generateKey(spec);
  if (!r.ok) assert.fail(r.error.message);
  return r.key;
}

before(async () => {
  const encFor = (i: number): JweEnc[] => [JWE_ENCS[i % 6] as JweEnc, JWE_ENCS[(i + 3) % 6] as JweEnc];
  let i = 0;
  const rsaPem = keyPair('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  for (const alg of ['RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512'] as const) {
    const r = await importKey(rsaPem, { alg });
    if (!r.ok) assert.fail(r.error.message);
    keys.push({ alg, label: alg, key: r.keys[0] as KeyMaterial, encs: encFor(i++) });
  }
  for (const crv of ['P-256', 'P-384', 'P-521', 'X25519'] as const) {
    keys.push({ alg: 'ECDH-ES', label: `ECDH-ES ${crv}`, key: await gen({ alg: 'ECDH-ES', crv }), encs: encFor(i++) });
  }
  for (const [alg, crv] of [['ECDH-ES+A128KW', 'P-256'], ['ECDH-ES+A192KW', 'X25519'], ['ECDH-ES+A256KW', 'P-384']] as const) {
    keys.push({ alg, label: `${alg} ${crv}`, key: await gen({ alg, crv }), encs: encFor(i++) });
  }
  for (const alg of ['A128KW', 'A192KW', 'A256KW', 'A128GCMKW', 'A192GCMKW', 'A256GCMKW', 'PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW'] as const) {
    keys.push({ alg, label: alg, key: await gen({ alg }), encs: encFor(i++) });
  }
  const dirBytes: Record<JweEnc, number> = { A128GCM: 16, A192GCM: 24, A256GCM: 32, 'A128CBC-HS256': 32, 'A192CBC-HS384': 48, 'A256CBC-HS512': 64 };
  for (const enc of JWE_ENCS) {
    keys.push({ alg: 'dir', label: `dir ${enc}`, key: await gen({ alg: 'dir', secretBytes: dirBytes[enc] }), encs: [enc] });
  }
  signer = await gen({ alg: 'ES256', kid: 'signer' });
});

describe('encryptToken / decryptToken round trips', () => {
  test('every key-management algorithm with a few encs', async () => {
    assert.equal(new Set(keys.map((k) => k.alg)).size, 18, 'all JWE key algorithms in the table are covered');
    const encsSeen = new Set<JweEnc>();
    for (const { alg, label, key, encs } of keys) {
      for (const enc of encs) {
        encsSeen.add(enc);
        const plaintext = `secret for ${label} / ${enc} – ünïcode`;
        const pbes2 = alg.startsWith('PBES2');
        const e = await encryptToken({ key: pbes2 ? key : publicOnly(key).publicJwk ? publicOnly(key) : key, enc, plaintext, allowPbes2: pbes2 });
        if (!e.ok) assert.fail(`${label} ${enc}: ${e.error.message}`);
        assert.equal(e.token.split('.').length, 5);
        assert.deepEqual(decodeProtectedHeader(e.token), e.header);
        assert.equal(e.header.alg, alg);
        assert.equal(e.header.enc, enc);
        assert.equal(e.header.kid, key.kid);
        const d = await decryptToken(e.token, [key], { allowPbes2: pbes2 });
        if (!d.ok) assert.fail(`${label} ${enc}: ${d.error.code} ${d.error.message}`);
        assert.equal(d.plaintext, plaintext);
        assert.equal(d.key.kid, key.kid);
        assert.equal(d.layers, 1);
        const publicKeyMgmt = alg.startsWith('RSA-OAEP') || alg.startsWith('ECDH-ES');
        assert.equal(d.authenticated, !publicKeyMgmt, label);
        if (publicKeyMgmt) assert.equal(d.note, NOT_AUTHENTICATED);
        else assert.ok(d.note.startsWith(`Decrypted with shared ${alg} key with kid '${key.kid}'`), d.note);
      }
    }
    assert.equal(encsSeen.size, 6, 'all six encs are used');
  });

  test('claims objects are encoded as JSON', async () => {
    const key = keys.find((k) => k.alg === 'A256KW')?.key as KeyMaterial;
    const e = await encryptToken({ key, enc: 'A256GCM', plaintext: { sub: 'user_42', exp: 2000000000 } });
    assert.ok(e.ok);
    const d = await decryptToken(e.token, [key]);
    assert.ok(d.ok);
    assert.deepEqual(JSON.parse(d.plaintext), { sub: 'user_42', exp: 2000000000 });
    assert.equal(e.header.cty, undefined);
  });

  test('nested: signed then encrypted gets cty JWT; authenticated only when the inner JWS verifies', async () => {
    const rsa = keys.find((k) => k.alg === 'RSA-OAEP-256')?.key as KeyMaterial;
    const jws = await signToken({ key: signer, claims: { sub: 'alice' } });
    assert.ok(jws.ok);
    const e = await encryptToken({ key: publicOnly(rsa), enc: 'A256GCM', plaintext: jws.token });
    assert.ok(e.ok);
    assert.equal(e.header.cty, 'JWT');
    assert.deepEqual(e.warnings, []);

    const trusted = await decryptToken(e.token, [rsa], { verifyKeys: [publicOnly(signer)] });
    assert.ok(trusted.ok);
    assert.equal(trusted.plaintext, jws.token);
    assert.equal(trusted.inner?.token, jws.token);
    assert.equal(trusted.inner?.verify.signature, 'valid');
    assert.equal(trusted.authenticated, true);
    assert.match(trusted.note, /signed by ES256 key with kid 'signer'/);

    const untrusted = await decryptToken(e.token, [rsa]);
    assert.ok(untrusted.ok);
    assert.equal(untrusted.inner?.verify.signature, 'no-matching-key');
    assert.equal(untrusted.authenticated, false);
    assert.match(untrusted.note, /^decrypted — NOT authenticated: anyone with the public key can make this/);

    // An encryption key never counts as a signing key.
    const wrongRing = await decryptToken(e.token, [rsa], { verifyKeys: [rsa] });
    assert.ok(wrongRing.ok);
    assert.equal(wrongRing.authenticated, false);
  });

  test('a bare public-key JWE warns that anyone can make it', async () => {
    const ec = keys.find((k) => k.alg === 'ECDH-ES+A128KW')?.key as KeyMaterial;
    const e = await encryptToken({ key: ec, enc: 'A128GCM', plaintext: '{"admin":true}' });
    assert.ok(e.ok);
    assert.match(e.warnings.join(' '), /Anyone with the public key/);
  });

  test('two JWE layers unwrap within the default depth', async () => {
    const inner = keys.find((k) => k.label === 'dir A128GCM')?.key as KeyMaterial;
    const outer = keys.find((k) => k.alg === 'A128KW')?.key as KeyMaterial;
    const jws = await signToken({ key: signer, claims: { n: 1 } });
    assert.ok(jws.ok);
    const one = await encryptToken({ key: inner, enc: 'A128GCM', plaintext: jws.token });
    assert.ok(one.ok);
    const two = await encryptToken({ key: outer, enc: 'A256GCM', plaintext: one.token });
    assert.ok(two.ok);
    assert.equal(two.header.cty, 'JWT');
    const d = await decryptToken(two.token, [inner, outer], { verifyKeys: [signer] });
    assert.ok(d.ok);
    assert.equal(d.layers, 2);
    assert.equal(d.inner?.verify.signature, 'valid');
    assert.equal(d.authenticated, true);
    const capped = await decryptToken(two.token, [inner, outer], { maxDepth: 2 });
    assert.equal(capped.ok, false);
    if (!capped.ok) assert.equal(capped.error.code, 'NESTING_TOO_DEEP');
  });
});

describe('nested tokens are validated in turn (H80, RFC 7519 s7.2)', () => {
  const now = 1_700_000_000_000;
  let kw: KeyMaterial;
  let dir: KeyMaterial;
  let rsa: KeyMaterial;
  let impostor: KeyMaterial;

  before(async () => {
    kw = await gen({ alg: 'A256KW', kid: 'enc-kw' });
    dir = await gen({ alg: 'dir', kid: 'enc-dir', secretBytes: 32 });
    rsa = keys.find((k) => k.alg === 'RSA-OAEP-256')?.key as KeyMaterial;
    // Another ES256 key that claims the ring signer's kid: what a forger holds.
    impostor = await gen({ alg: 'ES256', kid: 'signer' });
  });

  async function jws(key: KeyMaterial, header: Record<string, unknown>, claims: object): Promise<string> {
    const loaded = await cryptoKeyFor(key, 'sign');
    if (!loaded.ok) assert.fail(loaded.error.message);
    return new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader(header as never).sign(loaded.cryptoKey);
  }

  /** A JWE made with jose itself, with or without cty. */
  async function jwe(key: KeyMaterial, plaintext: string, cty?: string): Promise<string> {
    const loaded = await cryptoKeyFor(key, 'encrypt');
    if (!loaded.ok) assert.fail(loaded.error.message);
    const header = { alg: key.alg, enc: key.alg === 'dir' ? 'A256GCM' : 'A128GCM', kid: key.kid, ...(cty ? { cty } : {}) };
    return new CompactEncrypt(new TextEncoder().encode(plaintext)).setProtectedHeader(header as never).encrypt(loaded.cryptoKey);
  }

  test('a forged, unsigned or unverifiable inner JWS under a shared-key layer is not authenticated', async () => {
    const claims = { sub: 'attacker', admin: true };
    const inners: Array<[string, string, string]> = [
      ['forged: signed by another key with the ring kid', await jws(impostor, { alg: 'ES256', kid: 'signer' }, claims), 'invalid'],
      ['unsigned: alg none', new UnsecuredJWT(claims).encode(), 'unsigned'],
      ['unsigned: no alg at all', `${base64url.encode('{"typ":"JWT"}')}.${base64url.encode(JSON.stringify(claims))}.`, 'unsigned'],
      ['unverifiable: kid and alg match no ring key', await jws(await gen({ alg: 'ES384', kid: 'nobody' }), { alg: 'ES384', kid: 'nobody' }, claims), 'no-matching-key'],
    ];
    for (const outer of [kw, dir]) {
      for (const [label, inner, status] of inners) {
        for (const cty of ['JWT', undefined]) {
          const token = await jwe(outer, inner, cty);
          const d = await decryptToken(token, [kw, dir], { verifyKeys: [publicOnly(signer)], verifyOptions: { now } });
          if (!d.ok) assert.fail(`${label}: ${d.error.message}`);
          const what = `${outer.alg} / ${label} / cty ${cty ?? 'none'}`;
          assert.equal(d.plaintext, inner, what);
          assert.equal(d.inner?.token, inner, what);
          assert.equal(d.inner?.verify.signature, status, what);
          assert.equal(d.authenticated, false, what);
          assert.match(d.note, new RegExp(`^Decrypted with shared ${outer.alg} key with kid '${outer.kid}', but NOT authenticated: `), what);
          assert.match(d.note, /A nested token is only as genuine as its inner signature\.$/, what);
        }
      }
    }
  });

  test('the same layers around a genuine inner JWS are authenticated, and its claim problems are named', async () => {
    const good = await jws(signer, { alg: 'ES256', kid: 'signer' }, { sub: 'alice', exp: 1_800_000_000 });
    const d = await decryptToken(await jwe(kw, good, 'JWT'), [kw], { verifyKeys: [publicOnly(signer)], verifyOptions: { now } });
    assert.ok(d.ok);
    assert.equal(d.authenticated, true);
    assert.equal(d.note, "Decrypted; the inner token is signed by ES256 key with kid 'signer' and the signature is valid.");
    const expired = await jws(signer, { alg: 'ES256', kid: 'signer' }, { sub: 'alice', exp: 1_600_000_000 });
    const e = await decryptToken(await jwe(kw, expired, 'JWT'), [kw], { verifyKeys: [publicOnly(signer)], verifyOptions: { now } });
    assert.ok(e.ok);
    assert.equal(e.authenticated, true, 'the signature is genuine; the claims are judged separately');
    assert.equal(e.inner?.verify.claims.valid, false);
    assert.match(e.note, /signature is valid\. But: Expired at 2020-09-13T12:26:40Z/);
  });

  test('two shared-key layers around a forged inner JWS: still not authenticated', async () => {
    const forged = await jws(impostor, { alg: 'ES256', kid: 'signer' }, { sub: 'attacker' });
    const token = await jwe(kw, await jwe(dir, forged, 'JWT'), 'JWT');
    const d = await decryptToken(token, [kw, dir], { verifyKeys: [publicOnly(signer)] });
    assert.ok(d.ok);
    assert.equal(d.layers, 2);
    assert.equal(d.inner?.verify.signature, 'invalid');
    assert.equal(d.authenticated, false);
  });

  test('cty "JWT" around content that is not a token: not authenticated, and the note says why', async () => {
    for (const content of ['{"sub":"attacker","admin":true}', 'not a token at all', 'a.b.c']) {
      const d = await decryptToken(await jwe(kw, content, 'JWT'), [kw], { verifyKeys: [publicOnly(signer)] });
      assert.ok(d.ok, content);
      assert.equal(d.plaintext, content);
      assert.equal(d.inner?.verify.signature, 'malformed', content);
      assert.equal(d.authenticated, false, content);
      assert.match(d.note, /it is not a signed token that can be checked/, content);
    }
    // Without cty, a claims set under a shared key is authenticated by that key, as before.
    const plain = await decryptToken(await jwe(kw, '{"sub":"alice"}'), [kw]);
    assert.ok(plain.ok);
    assert.equal(plain.inner, undefined);
    assert.equal(plain.authenticated, true);
    assert.equal(plain.note, "Decrypted with shared A256KW key with kid 'enc-kw': whoever made it holds the same secret.");
  });

  test('a public-key layer says so first, whatever the inner token is', async () => {
    const forged = await jws(impostor, { alg: 'ES256', kid: 'signer' }, { sub: 'attacker' });
    const d = await decryptToken(await jwe(publicOnly(rsa), forged, 'JWT'), [rsa], { verifyKeys: [publicOnly(signer)] });
    assert.ok(d.ok);
    assert.equal(d.authenticated, false);
    assert.equal(d.note, `${NOT_AUTHENTICATED}; the inner token's signature is invalid (changed, or signed with another key)`);
  });
});

describe('encryptToken refusals', () => {
  function key(alg: string): KeyMaterial {
    return keys.find((k) => k.alg === alg)?.key as KeyMaterial;
  }

  test('PBES2 needs allowPbes2', async () => {
    const e = await encryptToken({ key: key('PBES2-HS256+A128KW'), enc: 'A128GCM', plaintext: 'x' });
    assert.equal(e.ok, false);
    if (!e.ok) assert.equal(e.error.code, 'PBES2_NOT_ALLOWED');
  });

  test('PBES2 tokens carry p2c 10000', async () => {
    const e = await encryptToken({ key: key('PBES2-HS256+A128KW'), enc: 'A128GCM', plaintext: 'x', allowPbes2: true });
    assert.ok(e.ok);
    assert.equal(e.header.p2c, 10000);
  });

  test('RSA1_5, signing keys, mislabelled keys, unknown enc', async () => {
    const rsa1_5 = { ...key('RSA-OAEP'), alg: 'RSA1_5' } as unknown as KeyMaterial;
    const cases: [KeyMaterial, string, string][] = [
      [rsa1_5, 'A128GCM', 'ALG_UNSUPPORTED'],
      [signer, 'A128GCM', 'KEY_ALG_MISMATCH'],
      [{ ...key('A128KW'), use: 'sig' } as KeyMaterial, 'A128GCM', 'KEY_ALG_MISMATCH'],
      [key('A128KW'), 'A128GCM-X', 'ALG_UNSUPPORTED'],
    ];
    for (const [k, enc, code] of cases) {
      const e = await encryptToken({ key: k, enc: enc as JweEnc, plaintext: 'x' });
      assert.equal(e.ok, false);
      if (!e.ok) assert.equal(e.error.code, code, `${k.alg} ${enc}`);
    }
  });

  test('dir keys must match the enc', async () => {
    const dir16 = keys.find((k) => k.label === 'dir A128GCM')?.key as KeyMaterial;
    const e = await encryptToken({ key: dir16, enc: 'A256GCM', plaintext: 'x' });
    assert.equal(e.ok, false);
    if (!e.ok) {
      assert.equal(e.error.code, 'KEY_ALG_MISMATCH');
      assert.match(e.error.message, /A256GCM needs 32 bytes/);
    }
  });

  test('header templates cannot choose alg/enc or add zip, crit, key URLs or computed members', async () => {
    for (const header of [{ alg: 'dir' }, { enc: 'A128GCM' }, { zip: 'DEF' }, { crit: ['x'] }, { jku: 'https://x' }, { jwk: {} }, { epk: {} }, { p2c: 1 }, JSON.parse('{"__proto__":1}') as object, JSON.parse('{"constructor":{"prototype":{"alg":"none"}}}') as object]) {
      const e = await encryptToken({ key: key('A256KW'), enc: 'A256GCM', plaintext: 'x', header: header as Record<string, unknown> });
      assert.equal(e.ok, false, JSON.stringify(header));
      if (!e.ok) assert.equal(e.error.code, 'HEADER_REFUSED', JSON.stringify(header));
    }
    const ok = await encryptToken({ key: key('A256KW'), enc: 'A256GCM', plaintext: 'x', header: { typ: 'JWT', alg: 'A256KW' } });
    assert.ok(ok.ok);
    assert.equal(ok.header.typ, 'JWT');
  });
});

describe('decryptToken failures', () => {
  function key(alg: string): KeyMaterial {
    return keys.find((k) => k.alg === alg)?.key as KeyMaterial;
  }

  test('every cryptographic failure gives the same message', async () => {
    const a = key('A128KW');
    const other = await gen({ alg: 'A128KW', kid: a.kid });
    const e = await encryptToken({ key: a, enc: 'A128GCM', plaintext: 'hello' });
    assert.ok(e.ok);
    const parts = e.token.split('.');
    const flip = (s: string): string => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const variants = [
      { token: e.token, keys: [other] },
      { token: [parts[0], flip(parts[1] as string), parts[2], parts[3], parts[4]].join('.'), keys: [a] },
      { token: [parts[0], parts[1], parts[2], flip(parts[3] as string), parts[4]].join('.'), keys: [a] },
      { token: [parts[0], parts[1], parts[2], parts[3], (parts[4] as string).slice(0, 11)].join('.'), keys: [a] },
    ];
    const messages = new Set<string>();
    for (const v of variants) {
      const d = await decryptToken(v.token, v.keys);
      assert.equal(d.ok, false);
      if (!d.ok) {
        assert.equal(d.error.code, 'DECRYPT_FAILED');
        messages.add(d.error.message);
      }
    }
    assert.equal(messages.size, 1);
  });

  test('key selection: kid with another alg, no key, public only', async () => {
    const rsa = key('RSA-OAEP-256');
    const e = await encryptToken({ key: publicOnly(rsa), enc: 'A128GCM', plaintext: 'x' });
    assert.ok(e.ok);
    const sameKidOtherAlg = { ...key('RSA-OAEP'), kid: rsa.kid } as KeyMaterial;
    const mismatch = await decryptToken(e.token, [sameKidOtherAlg]);
    assert.ok(!mismatch.ok && mismatch.error.code === 'KEY_ALG_MISMATCH');
    if (!mismatch.ok) assert.match(mismatch.error.message, /token says RSA-OAEP-256, key with kid '.*' is RSA-OAEP/);
    const none = await decryptToken(e.token, [key('A128KW')]);
    assert.ok(!none.ok && none.error.code === 'NO_KEYS');
    const pub = await decryptToken(e.token, [publicOnly(rsa)]);
    assert.ok(!pub.ok && pub.error.code === 'KEY_NOT_PRIVATE');
  });

  test('shapes: JWS given, wrong counts, bad header, RSA1_5, crit, unknown zip', async () => {
    const seg = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const cases: [string, string][] = [
      ['a.b.c', 'BAD_SEGMENT_COUNT'],
      ['a.b.c.d', 'BAD_SEGMENT_COUNT'],
      ['!!.b.c.d.e', 'BAD_BASE64URL'],
      [`${seg([1])}.b.c.d.e`, 'HEADER_NOT_OBJECT'],
      [`${seg({ enc: 'A128GCM' })}.b.c.d.e`, 'MISSING_ALG'],
      [`${seg({ alg: 'RSA1_5', enc: 'A128CBC-HS256' })}.b.c.d.e`, 'ALG_UNSUPPORTED'],
      [`${seg({ alg: 'A128KW', enc: 'A128CBC-HS256', crit: ['x-custom'], 'x-custom': 1 })}.b.c.d.e`, 'HEADER_REFUSED'],
      [`${seg({ alg: 'A128KW', enc: 'A128GCM', zip: 'GZIP' })}.b.c.d.e`, 'ALG_UNSUPPORTED'],
      [`${seg({ alg: 'A128KW', enc: 'A64GCM' })}.b.c.d.e`, 'ALG_UNSUPPORTED'],
      ['', 'EMPTY'],
    ];
    for (const [token, code] of cases) {
      const d = await decryptToken(token, [key('A128KW')]);
      assert.equal(d.ok, false, token);
      if (!d.ok) assert.equal(d.error.code, code, token);
    }
    const rsa15 = await decryptToken(`${seg({ alg: 'RSA1_5', enc: 'A128CBC-HS256' })}.b.c.d.e`, []);
    assert.ok(!rsa15.ok);
    if (!rsa15.ok) assert.equal(rsa15.error.message, 'RSA1_5 is not supported (insecure, RFC 8725).');
  });

  test('never throws', async () => {
    for (const input of [null, 42, {}, 'x'.repeat(9 * 1024 * 1024)]) {
      const d = await decryptToken(input as unknown as string, undefined as unknown as KeyMaterial[]);
      assert.equal(d.ok, false);
    }
  });
});

describe('recipients imported from PEM', () => {
  test('an SPKI public key imported for RSA-OAEP-256, ECDH-ES or ECDH-ES+A256KW encrypts; its private half decrypts', async () => {
    const rsaPair = keyPair('rsa', { modulusLength: 2048 });
    const ecPair = keyPair('ec', { namedCurve: 'P-256' });
    const xPair = keyPair('x25519');
    const cases = [
      { pair: rsaPair, alg: 'RSA-OAEP-256', privateType: 'pkcs8' },
      { pair: ecPair, alg: 'ECDH-ES', privateType: 'sec1' },
      { pair: xPair, alg: 'ECDH-ES+A256KW', privateType: 'pkcs8' },
    ] as const;
    for (const { pair, alg, privateType } of cases) {
      const pub = await importKey(pair.publicKey.export({ type: 'spki', format: 'pem' }) as string, { alg });
      const priv = await importKey(pair.privateKey.export({ type: privateType, format: 'pem' } as never) as unknown as string, { alg });
      if (!pub.ok || !priv.ok) assert.fail(`${alg}: ${pub.ok ? '' : pub.error.message} ${priv.ok ? '' : priv.error.message}`);
      const recipient = pub.keys[0] as KeyMaterial;
      assert.equal(recipient.privateJwk, undefined);
      const e = await encryptToken({ key: recipient, enc: 'A128GCM', plaintext: { sub: alg } });
      if (!e.ok) assert.fail(`${alg}: ${e.error.message}`);
      assert.equal(decodeProtectedHeader(e.token).alg, alg);
      const d = await decryptToken(e.token, [priv.keys[0] as KeyMaterial]);
      if (!d.ok) assert.fail(`${alg}: ${d.error.message}`);
      assert.deepEqual(JSON.parse(d.plaintext), { sub: alg });
      // A signing key made from the same public key cannot encrypt.
      const signing = await importKey(pair.publicKey.export({ type: 'spki', format: 'pem' }) as string);
      if (!signing.ok) assert.fail(signing.error.message);
      if (alg !== 'ECDH-ES+A256KW') {
        const refused = await encryptToken({ key: signing.keys[0] as KeyMaterial, enc: 'A128GCM', plaintext: 'x' });
        assert.equal(refused.ok ? 'encrypted' : refused.error.code, 'KEY_ALG_MISMATCH');
      }
    }
  });
});
