// The crypto side of hostile-inputs.md: one test per entry, named by its
// H-number. Tokens are the exact strings from the document where it spells
// them out, otherwise built here as the entry describes.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createCipheriv, createECDH, createHmac, createPrivateKey, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDeflateRaw } from 'node:zlib';
import { CompactEncrypt, CompactSign, base64url } from 'jose';
import {
  buildTokenRequest,
  cryptoKeyFor,
  decryptToken,
  encryptToken,
  exportPublicKey,
  generateKey,
  importKey,
  listPresets,
  parseProfile,
  publicOnly,
  signToken,
  thumbprint,
  verifyToken,
} from '../../src/core/index';
import type { KeyAlg, KeyMaterial } from '../../src/core/index';
import { DER_INTEGER_ZERO, DER_NULL, OID_RSA_ENCRYPTION, TAG_INTEGER, octetString, oid, sequence, tlv } from '../../src/core/keys/der';
import { encodePem } from '../../src/core/keys/pem';
import { decryptPem } from '../../src/keys/decryptPem';
import { RFC7515_A1_K, loadVectors, readJson } from './conformanceFiles';
import { keyPair } from '../keyPairs';

const C = 'eyJzdWIiOiJhbGljZSIsImFkbWluIjpmYWxzZSwiaWF0IjoxNzAwMDAwMDAwfQ';
const vectors = loadVectors();
const vector = (id: string) => {
  const v = vectors.find((x) => x.id === id);
  assert.ok(v, id);
  return v;
};

async function imported(material: unknown, options: Parameters<typeof importKey>[1]): Promise<KeyMaterial> {
  const r = await importKey(typeof material === 'string' ? material : JSON.stringify(material), options);
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  return r.keys[0] as KeyMaterial;
}

async function generated(alg: KeyAlg, kid?: string, extra: object = {}): Promise<KeyMaterial> {
  const r = await generateKey({ alg, kid, ...extra });
  if (!r.ok) assert.fail(r.error.message);
  return r.key;
}

function seg(value: unknown): string {
  return base64url.encode(typeof value === 'string' ? value : JSON.stringify(value));
}

function hmac(secret: Uint8Array | string, header: string, payload: string): string {
  return `${header}.${payload}.${createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')}`;
}

/** A token with any header jose will sign, made by whoever holds `key`. */
async function signedBy(key: KeyMaterial, header: Record<string, unknown>, payload: string): Promise<string> {
  const loaded = await cryptoKeyFor(key, 'sign');
  if (!loaded.ok) assert.fail(loaded.error.message);
  return new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader(header as never).sign(loaded.cryptoKey);
}

let k: KeyMaterial; // RFC 7515 A.1 HMAC key as HS256
let rs256: KeyMaterial;
let es256: KeyMaterial;
let ringOfEveryKind: KeyMaterial[];
let workDir: string;

before(async () => {
  k = await imported({ kty: 'oct', k: RFC7515_A1_K }, { alg: 'HS256', kid: 'a1' });
  const rsaPem = keyPair('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  rs256 = await imported(rsaPem, { alg: 'RS256', kid: 'r1' });
  es256 = await generated('ES256', 'e1');
  ringOfEveryKind = [
    k,
    rs256,
    publicOnly(rs256),
    await imported(rsaPem, { alg: 'PS256', kid: 'p1' }),
    es256,
    await generated('ES512', 'e5'),
    await generated('EdDSA', 'ed'),
    await generated('HS512', 'h5'),
    await generated('ECDH-ES', 'x1', { crv: 'X25519' }),
    await generated('dir', 'd1'),
    await generated('A256KW', 'w1'),
  ];
  workDir = mkdtempSync(path.join(tmpdir(), 'jwt-studio-hostile-'));
});

after(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe('A. Algorithm and key selection', () => {
  test('H01 alg none and its variants: unsigned with every key kind', async () => {
    const tokens = [
      `eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.${C}.`,
      `eyJhbGciOiJOb25lIiwidHlwIjoiSldUIn0.${C}.`,
      `eyJhbGciOiJOT05FIiwidHlwIjoiSldUIn0.${C}.`,
      `eyJhbGciOiJuT25FIiwidHlwIjoiSldUIn0.${C}.`,
      `eyJhbGciOiJub25lIn0.${C}.eA`,
      `eyJ0eXAiOiJKV1QifQ.${C}.mrewZIfkqr3zbGsOclIBgvbM4trsgfQFx_WUwoYnYQs`,
      `eyJhbGciOiIifQ.${C}.`,
      vector('rfc7515-A.5-none').token,
      vector('rfc7519-6.1-unsecured-jwt').token,
    ];
    for (const token of tokens) {
      for (const ring of [[], ringOfEveryKind, ...ringOfEveryKind.map((key) => [key])]) {
        const v = await verifyToken(token, ring);
        assert.equal(v.signature, 'unsigned', token);
        assert.deepEqual(v.tried, []);
      }
    }
  });

  test('H02 signature stripped: invalid, never verified', async () => {
    const v = await verifyToken(`eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${C}.`, ringOfEveryKind);
    assert.equal(v.signature, 'invalid');
    assert.match(v.message, /no signature/);
  });

  test('H03 RS256 → HS256 key confusion', async () => {
    const token = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImFkbWluIjp0cnVlLCJpYXQiOjE3MDAwMDAwMDB9.fh-54SURTEqpXakQrgceEOfSOdK8jUAlGvpSAjzkmMQ';
    const a2 = await imported(vector('rfc7515-A.2-RS256').key, {});
    assert.equal(a2.alg, 'RS256');
    const exported = await exportPublicKey(a2, 'pem');
    assert.ok(exported.ok);
    const pem = exported.text;
    // The attack is real: the token's MAC key is exactly this PEM text.
    const [h, p] = token.split('.') as [string, string];
    assert.equal(hmac(pem, h, p), token);

    // Through importKey the PEM is an RS256 public key, and the HS256 token is not verified with it.
    const viaImport = await imported(pem, {});
    assert.equal(viaImport.alg, 'RS256');
    const v = await verifyToken(token, [viaImport]);
    assert.notEqual(v.signature, 'valid');
    assert.equal(v.signature, 'no-matching-key');
    assert.deepEqual(v.tried, []);
    // Even with the same kid, the algorithm mismatch is reported, never tried.
    const sameKid = await verifyToken(hmac(pem, seg({ alg: 'HS256', kid: viaImport.kid }), p), [viaImport]);
    assert.equal(sameKid.signature, 'invalid');
    assert.match(sameKid.message, /token says HS256, key with kid '.*' is RS256/);

    // importKey cannot be made to treat the PEM (or a JWK, or a certificate) as an HMAC secret.
    for (const options of [{}, { alg: 'HS256' as const }, { format: 'secret' as const }, { format: 'secret' as const, alg: 'HS256' as const, secretEncoding: 'utf8' as const }, { format: 'auto' as const, secretEncoding: 'utf8' as const }]) {
      const r = await importKey(pem, options);
      if (r.ok) assert.equal(r.keys[0]?.alg, 'RS256', JSON.stringify(options));
      else assert.ok(['KEY_ALG_MISMATCH', 'KEY_TEXT_NOT_SECRET'].includes(r.error.code), `${JSON.stringify(options)}: ${r.error.code}`);
    }
    const jwkText = JSON.stringify(vector('rfc7515-A.2-RS256').key);
    assert.equal((await importKey(jwkText, { format: 'secret', alg: 'HS256' })).ok, false);
    assert.equal((await importKey(jwkText, { alg: 'HS256' })).ok, false);
  });

  test('H04 algorithm swapped within a family', async () => {
    const swapped = vector('neg-rfc7515-A.1-alg-swapped-HS512');
    const v = await verifyToken(swapped.token, [k]);
    assert.equal(v.signature, 'no-matching-key');
    // With a kid that names the HS256 key, the mismatch is shown as an error.
    const [, p] = swapped.token.split('.') as [string, string];
    const withKid = hmac(Buffer.from(RFC7515_A1_K, 'base64url'), seg({ alg: 'HS512', kid: 'a1' }), p);
    const mismatch = await verifyToken(withKid, [k]);
    assert.equal(mismatch.signature, 'invalid');
    assert.match(mismatch.message, /token says HS512, key with kid 'a1' is HS256/);
  });

  test('H05 weak, blank or short HMAC secrets', async () => {
    const weakToken = `eyJhbGciOiJIUzI1NiJ9.${C}.qCS5yDdccSjH0Qa2PRAPsC1MK4-IsYHxKkNxqXn5eSs`;
    const blankToken = `eyJhbGciOiJIUzI1NiJ9.${C}.OSKM5fySqfCazW6pfqdmbo-TRH8X8vim2vs9XZTh2ss`;
    const weak = await importKey('secret');
    assert.ok(!weak.ok && weak.error.code === 'KEY_TOO_SHORT');
    const blank = await importKey('', { format: 'secret' });
    assert.equal(blank.ok, false);
    const oneByte = await importKey('AA', { secretEncoding: 'base64url', alg: 'HS256' });
    assert.ok(!oneByte.ok && oneByte.error.code === 'KEY_TOO_SHORT');
    for (const bytes of [0, 1, 31]) {
      const hand: KeyMaterial = { kid: 'weak', alg: 'HS256', use: 'sig', kty: 'oct', size: `${bytes * 8} bits`, privateJwk: { kty: 'oct', k: base64url.encode(new Uint8Array(bytes)) } };
      const s = await signToken({ key: hand, claims: { sub: 'a' } });
      assert.ok(!s.ok && s.error.code === 'KEY_TOO_SHORT', `${bytes} bytes`);
    }
    for (const token of [weakToken, blankToken]) assert.equal((await verifyToken(token, [k])).signature, 'invalid');
    const g = await generateKey({ alg: 'HS256' });
    assert.ok(g.ok && g.key.size === '256 bits', 'generated secrets have the full size');
  });

  test('H06 key metadata and strength mismatches', async () => {
    const a2 = vector('rfc7515-A.2-RS256');
    const rsaPub = a2.key as Record<string, unknown>;
    const asEnc = await importKey(JSON.stringify({ ...rsaPub, use: 'enc' }), { alg: 'RS256' });
    assert.ok(!asEnc.ok && asEnc.error.code === 'KEY_ALG_MISMATCH');
    const encKey = await imported({ ...rsaPub, use: 'enc' }, {});
    assert.equal(encKey.use, 'enc', 'use is kept as given');
    assert.equal((await verifyToken(a2.token, [encKey])).signature, 'no-matching-key');
    const ps = await imported({ ...rsaPub, alg: 'PS256' }, {});
    assert.equal(ps.alg, 'PS256', 'alg is kept as given');
    assert.equal((await verifyToken(a2.token, [ps])).signature, 'no-matching-key');
    const small = keyPair('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    const refused = await importKey(JSON.stringify(small), { alg: 'RS256' });
    assert.ok(!refused.ok && refused.error.code === 'KEY_TOO_SHORT');
    const smallHand: KeyMaterial = { kid: 's', alg: 'RS256', use: 'sig', kty: 'RSA', size: '1024 bits', publicJwk: { kty: 'RSA', n: String(small.n), e: String(small.e) } };
    assert.equal((await verifyToken(a2.token, [smallHand])).signature, 'wrong-key-type');
    // ES256 token with HMAC bytes; HS256 token with a private RSA key.
    assert.equal((await verifyToken(vector('rfc7515-A.3-ES256').token, [k])).signature, 'no-matching-key');
    const hsToken = vector('rfc7515-A.1-HS256').token;
    assert.equal((await verifyToken(hsToken, [rs256])).signature, 'no-matching-key');
    const confused = { ...rs256, alg: 'HS256' } as KeyMaterial;
    const v = await verifyToken(hsToken, [confused]);
    assert.equal(v.signature, 'wrong-key-type');
    assert.match(v.message, /Wrong key for this token/);
    // key_ops are kept.
    const ops = await imported({ ...rsaPub, key_ops: ['verify'] }, { alg: 'RS256' });
    assert.deepEqual(ops.publicJwk?.key_ops, ['verify']);
  });
});

describe('B. Signature encoding and malleability', () => {
  const n = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
  const toBytes = (x: bigint, len: number) => Uint8Array.from({ length: len }, (_, i) => Number((x >> BigInt(8 * (len - 1 - i))) & 0xffn));
  const toBig = (bytes: Uint8Array) => bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);

  test('H07 psychic and malformed ECDSA signatures', async () => {
    const a3 = vector('rfc7515-A.3-ES256');
    const key = await imported(a3.key, { alg: 'ES256' });
    const tokens = [
      `eyJhbGciOiJFUzI1NiJ9.${C}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
      `eyJhbGciOiJFUzI1NiJ9.${C}._____wAAAAD__________7zm-q2nF56E87nKwvxjJVH_____AAAAAP__________vOb6racXnoTzucrC_GMlUQ`,
      vector('neg-rfc7515-A.3-psychic-signature').token,
    ];
    // A valid signature re-encoded as DER, and one cut to 63 bytes.
    const [h, p, s] = a3.token.split('.') as [string, string, string];
    const raw = base64url.decode(s);
    const derInt = (b: Uint8Array) => {
      let v = Array.from(b);
      while (v.length > 1 && v[0] === 0) v = v.slice(1);
      if ((v[0] as number) & 0x80) v = [0, ...v];
      return [0x02, v.length, ...v];
    };
    const body = [...derInt(raw.slice(0, 32)), ...derInt(raw.slice(32))];
    tokens.push(`${h}.${p}.${base64url.encode(Uint8Array.from([0x30, body.length, ...body]))}`);
    tokens.push(`${h}.${p}.${base64url.encode(raw.slice(0, 63))}`);
    for (const token of tokens) {
      const v = await verifyToken(token, [key]);
      assert.equal(v.signature, 'invalid', token.slice(-20));
    }
    assert.equal((await verifyToken(a3.token, [key], { now: Date.parse('2011-03-22T18:00:00Z') })).signature, 'valid');
  });

  test('H08 ECDSA high-S twin is accepted (a second valid string)', async () => {
    const a3 = vector('rfc7515-A.3-ES256');
    const key = await imported(a3.key, { alg: 'ES256' });
    const [h, p, s] = a3.token.split('.') as [string, string, string];
    const raw = base64url.decode(s);
    const twinS = n - toBig(raw.slice(32));
    const twin = `${h}.${p}.${base64url.encode(Uint8Array.from([...raw.slice(0, 32), ...toBytes(twinS, 32)]))}`;
    assert.notEqual(twin, a3.token);
    assert.equal((await verifyToken(twin, [key])).signature, 'valid');
  });

  test('H09 non-canonical base64url is not verified (strict segments)', async () => {
    const a1 = vector('rfc7515-A.1-HS256').token;
    for (const token of [`${a1}=`, `${a1}é`, a1.replace(/-/g, '+').replace(/_/g, '/')]) {
      assert.notEqual((await verifyToken(token, [k])).signature, 'valid');
    }
  });
});

describe('C. Header parameters that point at keys or change processing', () => {
  test('H10 embedded jwk is never used', async () => {
    const attacker = await generated('RS256', 'attacker');
    const token = await signedBy(attacker, { alg: 'RS256', jwk: attacker.publicJwk }, JSON.stringify({ sub: 'alice', admin: true }));
    const v = await verifyToken(token, [rs256]);
    assert.equal(v.signature, 'invalid');
    assert.deepEqual(v.tried, ['r1']);
    assert.equal((await verifyToken(token, [])).signature, 'no-matching-key');
    const withAttackerKid = await signedBy(attacker, { alg: 'RS256', kid: 'r1', jwk: attacker.publicJwk }, '{}');
    assert.equal((await verifyToken(withAttackerKid, [rs256, es256])).signature, 'invalid');
  });

  test('H11 jku / x5u are never fetched', async () => {
    const attacker = await generated('RS256', 'attacker');
    const token = await signedBy(attacker, { alg: 'RS256', kid: 'attacker', jku: 'http://127.0.0.1:8000/.well-known/jwks.json', x5u: 'http://169.254.169.254/latest/meta-data/' }, '{"sub":"alice"}');
    const original = globalThis.fetch;
    let calls = 0;
    globalThis.fetch = (() => {
      calls++;
      throw new Error('fetch must not be called');
    }) as typeof fetch;
    try {
      for (const ring of [[rs256], [], ringOfEveryKind]) {
        assert.notEqual((await verifyToken(token, ring)).signature, 'valid');
      }
      const jwe = await encryptToken({ key: ringOfEveryKind[9] as KeyMaterial, enc: 'A256GCM', plaintext: token });
      assert.ok(jwe.ok);
      const d = await decryptToken(jwe.token, ringOfEveryKind, { verifyKeys: ringOfEveryKind });
      assert.ok(d.ok && d.inner?.verify.signature !== 'valid');
    } finally {
      globalThis.fetch = original;
    }
    assert.equal(calls, 0);
  });

  test('H12 x5c / x5t never become a verification key', async () => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(workDir, 'attacker.key'), '-out', path.join(workDir, 'attacker.crt'), '-subj', '/CN=trusted-issuer.example', '-days', '2'], { stdio: 'ignore' });
    const certPem = readFileSync(path.join(workDir, 'attacker.crt'), 'utf8');
    const x5c = [certPem.split('\n').filter((l) => l && !l.startsWith('-----')).join('')];
    const attacker = await imported(readFileSync(path.join(workDir, 'attacker.key'), 'utf8'), { kid: 'e1' });
    const token = await signedBy(attacker, { alg: 'ES256', kid: 'e1', x5c, x5t: 'AAAA' }, '{"sub":"alice","admin":true}');
    const v = await verifyToken(token, [es256]);
    assert.equal(v.signature, 'invalid');
    assert.equal((await verifyToken(token, [])).signature, 'no-matching-key');
    // The certificate itself is only trusted when the user imports it.
    const asImported = await imported(certPem, {});
    assert.equal((await verifyToken(token, [asImported])).signature, 'valid');
  });

  test('H13 kid is only an exact-match label; no fallback to another algorithm', async () => {
    const zeroKey = Uint8Array.of(0);
    const kids = ['../../../../../../dev/null', "x' UNION SELECT 'AA==' -- ", 'key|touch /tmp/pwned', '/proc/self/environ', 'a'.repeat(100_000)];
    const ring = [k, rs256, es256, ringOfEveryKind[7] as KeyMaterial];
    for (const kid of kids) {
      const token = hmac(zeroKey, seg({ alg: 'HS256', kid }), C);
      const v = await verifyToken(token, ring);
      assert.equal(v.signature, 'invalid');
      assert.deepEqual(v.tried, ['a1'], 'only the HS256 key is tried');
      assert.ok(!v.message.includes(kid.slice(0, 20)), 'the kid is not echoed');
    }
    const exact = hmac(Buffer.from(RFC7515_A1_K, 'base64url'), seg({ alg: 'HS256', kid: 'a1' }), C);
    assert.equal((await verifyToken(exact, ring)).key?.matchedBy, 'kid');
    const noHs = await verifyToken(hmac(zeroKey, seg({ alg: 'HS256', kid: '/dev/null' }), C), [rs256, es256]);
    assert.equal(noHs.signature, 'no-matching-key');
  });

  test('H14 crit', async () => {
    const kBytes = Buffer.from(RFC7515_A1_K, 'base64url');
    const v1 = await verifyToken(hmac(kBytes, seg({ alg: 'HS256', crit: ['exp'], exp: 1800000000 }), C), [k]);
    assert.equal(v1.signature, 'unsupported');
    assert.match(v1.message, /critical extension not understood/i);
    for (const header of [{ alg: 'HS256', crit: [] }, { alg: 'HS256', crit: 'b64' }, { alg: 'HS256', crit: ['b64'] }]) {
      assert.equal((await verifyToken(hmac(kBytes, seg(header), C), [k])).signature, 'malformed', JSON.stringify(header));
    }
    const duplicates = `eyJhbGciOiJIUzI1NiIsImI2NCI6dHJ1ZSwiY3JpdCI6WyJiNjQiLCJiNjQiXX0.${C}.Sfp61MLpoyTVQgIwL9w2PEx0LC4RbA6IWYCSzTnRmig`;
    assert.notEqual((await verifyToken(duplicates, [k])).signature, 'valid', 'duplicate crit names are refused (jose tolerates them)');
    const jwe = `${seg({ alg: 'A128KW', enc: 'A128CBC-HS256', crit: ['x-custom'], 'x-custom': 1 })}.AAAA.AAAA.AAAA.AAAA`;
    const kw = await imported({ kty: 'oct', k: 'GawgguFyGrWKav7AX4VKUg' }, { alg: 'A128KW' });
    const d = await decryptToken(jwe, [kw]);
    assert.ok(!d.ok && d.error.code === 'HEADER_REFUSED' && /Critical extension not understood/.test(d.error.message));
  });

  test('H15 b64:false', async () => {
    const a = vector('neg-rfc7797-b64false-without-crit');
    assert.equal((await verifyToken(a.token, [k], { detachedPayload: '$.02' })).signature, 'invalid');
    const b = 'eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19.{"sub":"alice"}.VhMrXysN0OznSZVMGitcje1WdeZ3zFzvaQGPgpNeMEk';
    const vb = await verifyToken(b, [k]);
    assert.equal(vb.signature, 'valid');
    assert.equal(vb.claims.checked, false, 'never presented as a JWT claims set');
    const c = vector('rfc7797-4.2-b64false-detached');
    assert.equal((await verifyToken(c.token, [k], { detachedPayload: c.detachedPayload })).signature, 'valid');
    const refused = await signToken({ key: k, claims: {}, header: { b64: false } });
    assert.ok(!refused.ok && refused.error.code === 'HEADER_REFUSED');
  });

  test('H16 zip in a JWS is ignored, never inflated', async () => {
    const token = `eyJhbGciOiJIUzI1NiIsInppcCI6IkRFRiJ9.${C}.LnkUGrCTmGFAD4By3rlV2okj32-I02qoAT2csEf0fWM`;
    const v = await verifyToken(token, [k], { now: 1_700_000_100_000 });
    assert.equal(v.signature, 'valid');
    assert.deepEqual(v.claims, { checked: true, valid: true, problems: [] });
    const s = await signToken({ key: k, claims: {}, header: { zip: 'DEF' } });
    assert.ok(!s.ok && s.error.code === 'HEADER_REFUSED');
  });
});

describe('G. Resource exhaustion', () => {
  test('H29 zip bomb: 200 MiB of zeros, refused fast with the default limit', async () => {
    const kek = Buffer.from('GawgguFyGrWKav7AX4VKUg', 'base64url');
    const deflater = createDeflateRaw({ level: 9 });
    const chunks: Buffer[] = [];
    deflater.on('data', (c: Buffer) => chunks.push(c));
    const ended = once(deflater, 'end');
    const zeros = Buffer.alloc(1 << 20);
    for (let i = 0; i < 200; i++) if (!deflater.write(zeros)) await once(deflater, 'drain');
    deflater.end();
    await ended;
    const deflated = Buffer.concat(chunks);
    // A128KW / A128GCM by hand, so the plaintext is exactly the deflated bomb.
    const protectedHeader = seg({ alg: 'A128KW', enc: 'A128GCM', zip: 'DEF' });
    const cek = randomBytes(16);
    const wrap = createCipheriv('id-aes128-wrap', kek, Buffer.from('A6A6A6A6A6A6A6A6', 'hex'));
    const encryptedKey = Buffer.concat([wrap.update(cek), wrap.final()]);
    const iv = randomBytes(12);
    const gcm = createCipheriv('aes-128-gcm', cek, iv);
    gcm.setAAD(Buffer.from(protectedHeader, 'ascii'));
    const ciphertext = Buffer.concat([gcm.update(deflated), gcm.final()]);
    const token = [protectedHeader, encryptedKey, iv, ciphertext, gcm.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    assert.ok(token.length > 200_000 && token.length < 400_000, `token is ${token.length} characters`);

    const key = await imported('GawgguFyGrWKav7AX4VKUg', { alg: 'A128KW', format: 'secret', secretEncoding: 'base64url' });
    for (const options of [{}, { maxDecompressedLength: Number.POSITIVE_INFINITY }, { maxDecompressedLength: 0 }]) {
      const started = Date.now();
      const d = await decryptToken(token, [key], options);
      const elapsed = Date.now() - started;
      assert.ok(!d.ok && d.error.code === 'TOO_LARGE', JSON.stringify(options));
      assert.ok(elapsed < 1000, `refused after ${elapsed} ms`);
    }
  });

  test('H30 PBES2 p2c: refused without opt-in, bounded with it, and fast', async () => {
    const token = 'eyJhbGciOiJQQkVTMi1IUzI1NitBMTI4S1ciLCJlbmMiOiJBMTI4R0NNIiwicDJzIjoieHFoODF6VVRpbkh5UHVIY3JCX3JvdyIsInAyYyI6MjE0NzQ4MzY0N30.w8cOPAIrkAxoqTRvU2LDwq_p-hnX_spL.B3LcrSxWUlDjX-bD.eA.e9KF8_1UxWIQ10Px7J8Erg';
    const key = await imported('correct horse battery staple', { alg: 'PBES2-HS256+A128KW', format: 'secret' });
    const started = Date.now();
    const without = await decryptToken(token, [key]);
    assert.ok(!without.ok && without.error.code === 'PBES2_NOT_ALLOWED');
    const withOptIn = await decryptToken(token, [key], { allowPbes2: true });
    assert.ok(!withOptIn.ok && withOptIn.error.code === 'PBES2_COUNT_TOO_HIGH');
    assert.match(withOptIn.error.message, /2,147,483,647/);
    assert.ok(Date.now() - started < 500);
  });

  test('H31 twenty nested layers stop at the depth cap', async () => {
    const dir = await generated('dir', 'layer', { secretBytes: 16 });
    const jws = await signToken({ key: k, claims: { sub: 'alice' } });
    assert.ok(jws.ok);
    let token = jws.token;
    for (let i = 0; i < 20; i++) {
      const e = await encryptToken({ key: dir, enc: 'A128GCM', plaintext: token });
      assert.ok(e.ok);
      assert.equal(e.header.cty, 'JWT');
      token = e.token;
    }
    assert.ok(token.length > 100_000);
    const started = Date.now();
    const d = await decryptToken(token, [dir], { verifyKeys: [k] });
    assert.ok(!d.ok && d.error.code === 'NESTING_TOO_DEEP');
    const deeper = await decryptToken(token, [dir], { maxDepth: 1000 });
    assert.ok(!deeper.ok && deeper.error.code === 'NESTING_TOO_DEEP', 'the depth option is capped too');
    assert.ok(Date.now() - started < 1000);
  });
});

describe('H. JWE-specific', () => {
  test('H32 sign/encrypt confusion: RSA-OAEP result is NOT authenticated', async () => {
    const a1 = vector('rfc7516-A.1-RSA-OAEP-A256GCM');
    const recipient = await imported(a1.key, { alg: 'RSA-OAEP' });
    // Anyone with the public key can make this token.
    const forged = await encryptToken({ key: publicOnly(recipient), enc: 'A256GCM', plaintext: { sub: 'attacker', admin: true } });
    assert.ok(forged.ok);
    const d = await decryptToken(forged.token, [recipient]);
    assert.ok(d.ok);
    assert.deepEqual(JSON.parse(d.plaintext), { sub: 'attacker', admin: true });
    assert.equal(d.authenticated, false);
    assert.equal(d.note, 'decrypted — NOT authenticated: anyone with the public key can make this');
  });

  test('H80 shared-key JWE around a forged, unsigned or unverifiable inner JWS: NOT authenticated', async () => {
    const kw = ringOfEveryKind[10] as KeyMaterial; // A256KW 'w1'
    const dir = ringOfEveryKind[9] as KeyMaterial; // dir 'd1'
    const impostor = await generated('ES256', 'e1'); // claims the ring key's kid
    const inner7520 = vector('rfc7520-6-nested-inner-PS256');
    const inners: Array<[string, string, string]> = [
      ['forged', await signedBy(impostor, { alg: 'ES256', kid: 'e1' }, '{"sub":"attacker","admin":true}'), 'invalid'],
      ['alg none', `eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.${C}.`, 'unsigned'],
      ['no alg', `eyJ0eXAiOiJKV1QifQ.${C}.mrewZIfkqr3zbGsOclIBgvbM4trsgfQFx_WUwoYnYQs`, 'unsigned'],
      ['RFC 7520 s6 inner, its signer not in the ring (the ring\'s PS256 key fails it)', inner7520.token, 'invalid'],
      ['kid and alg that no ring key has', await signedBy(await generated('ES384', 'nobody'), { alg: 'ES384', kid: 'nobody' }, '{"sub":"attacker"}'), 'no-matching-key'],
    ];
    for (const outer of [kw, dir]) {
      const loaded = await cryptoKeyFor(outer, 'encrypt');
      if (!loaded.ok) assert.fail(loaded.error.message);
      for (const [label, inner, status] of inners) {
        const header = { alg: outer.alg, enc: 'A256GCM', kid: outer.kid, cty: 'JWT' };
        const token = await new CompactEncrypt(new TextEncoder().encode(inner)).setProtectedHeader(header as never).encrypt(loaded.cryptoKey);
        const d = await decryptToken(token, ringOfEveryKind, { verifyKeys: ringOfEveryKind });
        if (!d.ok) assert.fail(`${label}: ${d.error.message}`);
        assert.equal(d.inner?.verify.signature, status, label);
        assert.equal(d.authenticated, false, `${outer.alg} / ${label}`);
        assert.match(d.note, /but NOT authenticated: .*A nested token is only as genuine as its inner signature\.$/, label);
      }
    }
    // The same outer layer around the genuine inner token is authenticated by its signature.
    const signer = await imported(inner7520.key, { alg: 'PS256' });
    const genuine = await encryptToken({ key: kw, enc: 'A256GCM', plaintext: inner7520.token });
    assert.ok(genuine.ok);
    const currentDate = inner7520.options?.currentDate;
    const d = await decryptToken(genuine.token, [kw], { verifyKeys: [publicOnly(signer)], ...(currentDate ? { verifyOptions: { now: Date.parse(currentDate) } } : {}) });
    assert.ok(d.ok && d.authenticated && d.inner?.verify.signature === 'valid');
  });

  test('H33 malformed JWE parameters: one generic failure; RSA1_5 unsupported', async () => {
    const failures: string[] = [];
    const expectFailure = async (token: string, keys: KeyMaterial[]) => {
      const d = await decryptToken(token, keys);
      assert.ok(!d.ok, 'must not decrypt');
      if (!d.ok) {
        assert.equal(d.error.code, 'DECRYPT_FAILED');
        failures.push(d.error.message);
      }
    };
    const swapHeader = (token: string, change: (h: Record<string, unknown>) => void) => {
      const parts = token.split('.');
      const header = JSON.parse(Buffer.from(parts[0] as string, 'base64url').toString()) as Record<string, unknown>;
      change(header);
      parts[0] = seg(header);
      return parts.join('.');
    };

    const p256 = await generated('ECDH-ES', 'p256');
    const e = await encryptToken({ key: p256, enc: 'A128GCM', plaintext: 'hello' });
    assert.ok(e.ok);
    await expectFailure(swapHeader(e.token, (h) => { (h.epk as Record<string, unknown>).y = (h.epk as Record<string, unknown>).x; }), [p256]);
    await expectFailure(swapHeader(e.token, (h) => { h.epk = { kty: 'OKP', crv: 'X25519', x: base64url.encode(randomBytes(32)) }; }), [p256]);

    const cookbook = readJson('jose-cookbook/curve25519/ecdh-es.json') as { input: { key: object }; output: { compact: string } };
    const x25519 = await imported(cookbook.input.key, { alg: 'ECDH-ES' });
    const genuine = await decryptToken(cookbook.output.compact, [x25519]);
    assert.ok(genuine.ok, 'the cookbook token itself decrypts');
    await expectFailure(swapHeader(cookbook.output.compact, (h) => { (h.epk as Record<string, unknown>).x = base64url.encode(new Uint8Array(32)); }), [x25519]);

    const kw = await generated('A128KW', 'kw');
    const wrapped = await encryptToken({ key: kw, enc: 'A128GCM', plaintext: 'hello' });
    assert.ok(wrapped.ok);
    const parts = wrapped.token.split('.');
    await expectFailure([...parts.slice(0, 4), base64url.encode(base64url.decode(parts[4] as string).slice(0, 8))].join('.'), [kw]);

    const dir = await generated('dir', 'dir16', { secretBytes: 16 });
    const direct = await encryptToken({ key: dir, enc: 'A128GCM', plaintext: 'hello' });
    assert.ok(direct.ok);
    const dparts = direct.token.split('.');
    dparts[1] = base64url.encode(randomBytes(16));
    await expectFailure(dparts.join('.'), [dir]);

    assert.equal(new Set(failures).size, 1, 'every failure reads the same');
    assert.equal(failures.length, 5);

    for (const id of ['rfc7516-A.2-RSA1_5-A128CBC-HS256', 'rfc7520-5.1-RSA1_5-A128CBC-HS256']) {
      const v = vector(id);
      const key = await imported(v.key, { alg: 'RSA-OAEP' });
      const d = await decryptToken(v.token, [key]);
      assert.ok(!d.ok && d.error.code === 'ALG_UNSUPPORTED' && d.error.message === 'RSA1_5 is not supported (insecure, RFC 8725).');
    }
  });
});

describe('L. Verdicts', () => {
  test('H81 a detached claims set is checked as the compact form is', async () => {
    const header = 'eyJhbGciOiJIUzI1NiJ9';
    const compact = hmac(Buffer.from(RFC7515_A1_K, 'base64url'), header, C);
    const detached = `${header}..${compact.split('.')[2]}`;
    const payload = Buffer.from(C, 'base64url').toString('utf8');
    const options = { now: 1_600_000_000_000, issuer: 'https://issuer.example' };
    const a = await verifyToken(compact, [k], options);
    const b = await verifyToken(detached, [k], { ...options, detachedPayload: payload });
    assert.equal(a.signature, 'valid');
    assert.equal(b.signature, 'valid');
    assert.deepEqual(b.claims, a.claims);
    assert.deepEqual(b.claims.problems.map((p) => p.code), ['issued-in-future', 'bad-issuer']);
    assert.equal(b.message, a.message);
    assert.doesNotMatch(b.message, /no claims were checked/);
  });
});

describe('I. Signing and encryption side', () => {
  test('H82 __proto__ / constructor in profile headers and header templates: refused, never inherited', async () => {
    const text = 'preset: generic\nkey: a1\nheader:\n  __proto__: { alg: none, jku: "https://attacker.example/jwks.json" }\n  constructor: { prototype: { alg: none } }\nclaims:\n  sub: alice\n  __proto__: { admin: true }\n';
    const parse = parseProfile(text, { keys: [{ id: 'a1', alg: 'HS256', use: 'sig', kty: 'oct', hasPrivate: true }] });
    const refused = parse.diagnostics.filter((d) => d.code === 'HEADER_REFUSED' || d.code === 'CLAIM_REFUSED');
    assert.deepEqual(refused.map((d) => `${d.code} ${text.slice(d.start, d.end)}`), ['HEADER_REFUSED __proto__', 'HEADER_REFUSED constructor', 'CLAIM_REFUSED __proto__']);
    assert.equal(Object.getPrototypeOf(parse.profile.header), null);
    const generic = listPresets().find((p) => p.id === 'generic');
    assert.ok(generic);
    const r = buildTokenRequest(parse.profile, generic, 1_700_000_000_000);
    assert.ok(r.ok);
    if (r.ok) {
      const h = r.sign.header as Record<string, unknown>;
      assert.equal(h.alg, undefined);
      assert.equal(h.jku, undefined);
    }
    for (const template of ['{"__proto__":{"alg":"none"}}', '{"constructor":{"prototype":{"alg":"none"}}}']) {
      const header = JSON.parse(template) as Record<string, unknown>;
      const signed = await signToken({ key: k, claims: { sub: 'a' }, header });
      assert.ok(!signed.ok && signed.error.code === 'HEADER_REFUSED', template);
      const encrypted = await encryptToken({ key: ringOfEveryKind[10] as KeyMaterial, enc: 'A256GCM', plaintext: 'x', header });
      assert.ok(!encrypted.ok && encrypted.error.code === 'HEADER_REFUSED', template);
    }
  });

  test('H34 header templates with dangerous members', async () => {
    const refusals: [Record<string, unknown>, string][] = [
      [{ alg: 'none' }, 'ALG_NONE_REFUSED'],
      [{ b64: false }, 'HEADER_REFUSED'],
      [{ crit: ['exp'] }, 'HEADER_REFUSED'],
      [{ jku: 'https://attacker.example/jwks.json' }, 'HEADER_REFUSED'],
      [{ x5u: 'https://attacker.example/cert.pem' }, 'HEADER_REFUSED'],
      [{ jwk: { kty: 'oct', k: 'AAAA' } }, 'HEADER_REFUSED'],
      [{ x5c: ['MIIB'] }, 'HEADER_REFUSED'],
      [{ alg: 'RS256' }, 'HEADER_REFUSED'],
    ];
    for (const [header, code] of refusals) {
      const r = await signToken({ key: k, claims: { sub: 'a' }, header });
      assert.ok(!r.ok, JSON.stringify(header));
      if (!r.ok) assert.equal(r.error.code, code, JSON.stringify(header));
    }
    const pathKid = await signToken({ key: k, claims: {}, header: { kid: '../../../../dev/null' } });
    assert.ok(pathKid.ok);
    assert.match(pathKid.warnings.join(' '), /file path/);
    const publicRsa = await signToken({ key: publicOnly(rs256), claims: {} });
    assert.ok(!publicRsa.ok && publicRsa.error.code === 'KEY_NOT_PRIVATE');
    const infinite = await signToken({ key: k, claims: { exp: Number.POSITIVE_INFINITY } });
    assert.ok(!infinite.ok && infinite.error.code === 'CLAIMS_INVALID');
    const tiny: KeyMaterial = { kid: 't', alg: 'HS256', use: 'sig', kty: 'oct', size: '8 bits', privateJwk: { kty: 'oct', k: 'AA' } };
    const short = await signToken({ key: tiny, claims: {} });
    assert.ok(!short.ok && short.error.code === 'KEY_TOO_SHORT');
    const zip = await encryptToken({ key: ringOfEveryKind[10] as KeyMaterial, enc: 'A256GCM', plaintext: 'x', header: { zip: 'DEF' } });
    assert.ok(!zip.ok && zip.error.code === 'HEADER_REFUSED');
    // The emitted header of an allowed template never gains b64, crit or key URLs.
    const ok = await signToken({ key: k, claims: { sub: 'a' }, header: { cty: 'x' } });
    assert.ok(ok.ok);
    for (const name of ['b64', 'crit', 'jku', 'x5u', 'jwk', 'x5c']) assert.equal(Object.hasOwn(ok.header, name), false);
  });
});

// ---- classes 6 and 7 of the hostile-workspace review: keys that are not what
// they claim, and kids that publish a hash of a secret (H90–H95).

/** An RSA private key as PKCS#1 DER, from JWK members (any of them swapped for another key's). */
function pkcs1Der(jwk: Record<string, string>): Uint8Array {
  const int = (member: string): Uint8Array => {
    const bytes = Buffer.from(jwk[member] as string, 'base64url');
    return tlv(TAG_INTEGER, (bytes[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
  };
  return sequence(Uint8Array.of(2, 1, 0), ...['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'].map(int));
}

function pkcs8OfPkcs1(der: Uint8Array): Uint8Array {
  return sequence(DER_INTEGER_ZERO, sequence(oid(OID_RSA_ENCRYPTION), DER_NULL), octetString(der));
}

describe('M. Keys that are not what they claim, kids that leak secrets', () => {
  const rsaA = keyPair('rsa', { modulusLength: 2048 });
  const rsaB = keyPair('rsa', { modulusLength: 2048 });
  const ja = rsaA.privateKey.export({ format: 'jwk' }) as Record<string, string>;
  const jb = rsaB.privateKey.export({ format: 'jwk' }) as Record<string, string>;

  test('H90 an RSA private key whose members are not its own is refused on every route', async () => {
    for (const member of ['n', 'd', 'p', 'dp', 'dq', 'qi']) {
      const mixed = { ...ja, [member]: jb[member] as string };
      const routes: [string, string, Parameters<typeof importKey>[1]][] = [
        ['PKCS#1', encodePem('RSA PRIVATE KEY', pkcs1Der(mixed)), {}],
        ['PKCS#8', encodePem('PRIVATE KEY', pkcs8OfPkcs1(pkcs1Der(mixed))), {}],
        ['PKCS#8 as RSA-OAEP-256', encodePem('PRIVATE KEY', pkcs8OfPkcs1(pkcs1Der(mixed))), { alg: 'RSA-OAEP-256' }],
        ['JWK RS256', JSON.stringify({ ...mixed, alg: 'RS256' }), {}],
        ['JWK RSA-OAEP', JSON.stringify({ ...mixed, alg: 'RSA-OAEP' }), {}],
        ['JWK PS512', JSON.stringify(mixed), { alg: 'PS512' }],
      ];
      for (const [route, text, options] of routes) {
        const r = await importKey(text, options);
        assert.equal(r.ok, false, `${route} with another key's ${member} was imported`);
        if (!r.ok) {
          assert.equal(r.error.code, route.startsWith('JWK') ? 'KEY_BAD_JWK' : 'KEY_BAD_PEM', `${route} ${member}`);
          assert.match(r.error.message, /do not belong together/, `${route} ${member}`);
        }
      }
      // In a set, the key is skipped with the reason; the good key beside it stays.
      const set = await importKey(JSON.stringify({ keys: [{ ...mixed, kid: 'mixed' }, { ...ja, kid: 'good' }] }));
      assert.ok(set.ok);
      assert.deepEqual(set.keys.map((key) => key.kid), ['good']);
      assert.match(set.warnings.join(' '), /Skipped key 1: .*do not belong together/);
      // A key stored before the check existed is refused when it is first used.
      const stored: KeyMaterial = {
        kid: `stored-${member}`, alg: 'RS256', use: 'sig', kty: 'RSA', size: '2048 bits',
        publicJwk: { kty: 'RSA', kid: `stored-${member}`, n: mixed.n as string, e: mixed.e as string },
        privateJwk: { kty: 'RSA', kid: `stored-${member}`, ...mixed },
      };
      const loaded = await cryptoKeyFor(stored, 'sign');
      assert.ok(!loaded.ok && loaded.error.code === 'KEY_BAD_JWK' && /do not belong together/.test(loaded.error.message), member);
    }
    // An encrypted PEM is opened by the adapter and then read by the same checks.
    const encrypted = createPrivateKey({ key: Buffer.from(pkcs1Der({ ...ja, qi: jb.qi as string })), format: 'der', type: 'pkcs1' })
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string;
    const opened = decryptPem(encrypted, 'pw');
    assert.ok(opened);
    const viaPassphrase = await importKey(opened);
    assert.ok(!viaPassphrase.ok && /qi is not the inverse of q/.test(viaPassphrase.error.message));
    // The same key, unmixed, imports by every route and its tokens verify with its own public half.
    for (const text of [encodePem('RSA PRIVATE KEY', pkcs1Der(ja)), JSON.stringify({ ...ja, alg: 'RSA-OAEP-256' }), JSON.stringify(ja)]) {
      const r = await importKey(text);
      assert.ok(r.ok, text.slice(0, 40));
    }
    const good = await imported(encodePem('RSA PRIVATE KEY', pkcs1Der(ja)), {});
    const signed = await signToken({ key: good, claims: { sub: 'a' } });
    assert.ok(signed.ok);
    assert.equal((await verifyToken(signed.token, [publicOnly(good)])).signature, 'valid');
  });

  test('H91 RSA public parameters that make no real key', async () => {
    const pub = { kty: 'RSA', n: ja.n as string, e: ja.e as string };
    const nBytes = Buffer.from(pub.n, 'base64url');
    nBytes[nBytes.length - 1] = (nBytes[nBytes.length - 1] as number) & 0xfe;
    const evenModulus = nBytes.toString('base64url');
    const cases: [string, Record<string, string>, RegExp][] = [
      ['e = 1', { ...pub, e: 'AQ' }, /e is 1.*anyone could make one/],
      ['e = 2', { ...pub, e: 'Ag' }, /e is 2/],
      ['e even', { ...pub, e: 'AQAA' }, /e is even/],
      ['n even', { ...pub, n: evenModulus }, /modulus n is even/],
      ['e ≥ n', { ...pub, e: pub.n }, /not smaller than the modulus/],
    ];
    for (const [name, jwk, message] of cases) {
      const r = await importKey(JSON.stringify(jwk));
      assert.ok(!r.ok, name);
      assert.match(r.error.message, message, name);
    }
    const huge = Uint8Array.from(randomBytes(2049), (b, i) => (i === 0 ? b | 0x80 : i === 2048 ? b | 1 : b));
    const tooBig = await importKey(JSON.stringify({ kty: 'RSA', n: base64url.encode(huge), e: 'AQAB' }));
    assert.ok(!tooBig.ok && tooBig.error.code === 'KEY_UNSUPPORTED' && /16392 bits; at most 16384/.test(tooBig.error.message));
  });

  test('H92 a public key never becomes a shared secret, in any dress or encoding', async () => {
    const spki = rsaA.publicKey.export({ type: 'spki', format: 'der' });
    const pem = rsaA.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const jwkText = JSON.stringify(rsaA.publicKey.export({ format: 'jwk' }));
    // A raw P-384 point from ECDH: on Node 20, generateKeyPairSync(...).publicKey.export({ format: 'jwk' }) can deadlock
    // when a garbage collection during the export frees the key's generation job (it hung here).
    const point = createECDH('secp384r1').generateKeys();
    const cert = (() => {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(workDir, 'h92.key'), '-out', path.join(workDir, 'h92.pem'), '-subj', '/CN=h92', '-days', '1'], { stdio: 'ignore' });
      return readFileSync(path.join(workDir, 'h92.pem'), 'utf8');
    })();
    const certDer = Buffer.from(cert.split('\n').filter((l) => l && !l.startsWith('-----')).join(''), 'base64');
    const dressed: [string, string][] = [
      ['DER as hex', spki.toString('hex')],
      ['DER as upper-case hex with colons', spki.toString('hex').toUpperCase().match(/../g)?.join(':') ?? ''],
      ['DER as 0x hex', `0x${spki.toString('hex')}`],
      ['DER as base64url', spki.toString('base64url')],
      ['DER as base64, wrapped', spki.toString('base64').match(/.{1,64}/g)?.join('\n') ?? ''],
      ['certificate DER as base64url', certDer.toString('base64url')],
      ['certificate DER as hex', certDer.toString('hex')],
      ['PEM with a lower-case label', pem.replace(/PUBLIC KEY/g, 'public key')],
      ['PEM all lower-case', pem.toLowerCase()],
      ['PEM with four dashes', pem.replace(/-----/g, '----')],
      ['PEM with spaced armour', pem.replace('-----BEGIN PUBLIC KEY-----', '----- BEGIN PUBLIC KEY -----')],
      ['PEM on one line, lower-case', pem.toLowerCase().replace(/\n/g, ' ')],
      ['PEM body under bare BEGIN/END words', pem.replace(/-----/g, '')],
      ['PEM text as base64', Buffer.from(pem).toString('base64')],
      ['PEM text as hex', Buffer.from(pem).toString('hex')],
      ['JWK text as base64url', Buffer.from(jwkText).toString('base64url')],
      ['JWK with a trailing comma', jwkText.replace(/}$/, ',}')],
      ['raw P-384 point as hex', point.toString('hex')],
      ['raw P-384 point as base64url', point.toString('base64url')],
      ['OpenSSH key blob without its prefix', 'AAAAB3NzaC1yc2EAAAADAQABAAABAQ' + 'C'.repeat(340)],
    ];
    const encodings = ['auto', 'utf8', 'hex', 'base64', 'base64url'] as const;
    for (const [name, text] of dressed) {
      for (const format of ['auto', 'secret'] as const) {
        for (const secretEncoding of encodings) {
          for (const alg of ['HS256', 'HS512', 'dir', 'PBES2-HS256+A128KW'] as const) {
            const r = await importKey(text, { format, secretEncoding, alg });
            if (r.ok) assert.ok(r.keys.every((key) => key.kty !== 'oct'), `${name} became a ${alg} secret (${format}, ${secretEncoding})`);
          }
        }
      }
      const plain = await importKey(text, { format: 'secret' });
      assert.ok(!plain.ok && ['KEY_TEXT_NOT_SECRET', 'KEY_UNSUPPORTED'].includes(plain.error.code), `${name}: ${plain.ok ? 'imported' : plain.error.code}`);
    }
    // The same material inside an oct JWK's "k", alone or in a set.
    for (const bytes of [spki, Buffer.from(pem), point, certDer]) {
      const jwk = { kty: 'oct', k: base64url.encode(bytes), alg: 'HS256' };
      const one = await importKey(JSON.stringify(jwk));
      assert.ok(!one.ok && one.error.code === 'KEY_TEXT_NOT_SECRET');
      const set = await importKey(JSON.stringify({ keys: [jwk, { kty: 'oct', k: RFC7515_A1_K, alg: 'HS256', kid: 'fine' }] }));
      assert.ok(set.ok);
      assert.deepEqual(set.keys.map((key) => key.kid), ['fine']);
    }
    // A secret stored before these checks is never used: not to sign, not to verify the H03 token.
    const stored: KeyMaterial = { kid: 'old', alg: 'HS256', use: 'sig', kty: 'oct', size: `${spki.length * 8} bits`, privateJwk: { kty: 'oct', k: base64url.encode(spki) } };
    assert.equal((await signToken({ key: stored, claims: {} })).ok, false);
    const forged = hmac(spki, seg({ alg: 'HS256' }), C);
    const v = await verifyToken(forged, [stored]);
    assert.notEqual(v.signature, 'valid');
    // Ordinary secrets are untouched: random bytes in every encoding still import.
    for (let i = 0; i < 200; i++) {
      const bytes = randomBytes(32 + (i % 101));
      for (const [secretEncoding, text] of [['hex', bytes.toString('hex')], ['base64', bytes.toString('base64')], ['base64url', bytes.toString('base64url')]] as const) {
        const r = await importKey(text, { format: 'secret', secretEncoding, alg: 'HS256' });
        assert.ok(r.ok, `${secretEncoding} ${text}: ${!r.ok && r.error.message}`);
      }
    }
  });

  test('H93 a JWK Set of 1,000 P-521 private keys is refused at once; 100 import, and 1,000 public keys still do', async () => {
    // 100 real pairs, repeated under 1 000 kids: the refusal comes before any key is looked at.
    const distinct = Array.from({ length: 100 }, () => keyPair('ec', { namedCurve: 'P-521' }));
    const pairs = Array.from({ length: 1000 }, (_, i) => distinct[i % 100] as (typeof distinct)[number]);
    const privates = pairs.map((p, i) => ({ ...(p.privateKey.export({ format: 'jwk' }) as object), kid: `k${i}` }));
    const started = Date.now();
    const refused = await importKey(JSON.stringify({ keys: privates }));
    assert.ok(Date.now() - started < 2000, 'hang guard: the refusal comes before any key is checked');
    assert.ok(!refused.ok && refused.error.code === 'KEY_BAD_JWK');
    assert.match(refused.error.message, /holds 1000 private keys; at most 100 are imported at once/);
    const hundred = await importKey(JSON.stringify({ keys: privates.slice(0, 100) }));
    assert.ok(hundred.ok);
    assert.deepEqual(hundred.keys.map((key) => key.kid), privates.slice(0, 100).map((p) => p.kid), 'keys keep their order');
    const publics = pairs.map((p, i) => ({ ...(p.publicKey.export({ format: 'jwk' }) as object), kid: `p${i}` }));
    const justOver = await importKey(JSON.stringify({ keys: privates.slice(0, 101) }));
    assert.ok(!justOver.ok && /holds 101 private keys/.test(justOver.error.message));
    const publicSet = await importKey(JSON.stringify({ keys: publics }));
    assert.ok(publicSet.ok && publicSet.keys.length === 1000);
    const tooMany = await importKey(JSON.stringify({ keys: [...publics, publics[0]] }));
    assert.ok(!tooMany.ok && /1001 keys; at most 1000/.test(tooMany.error.message));
  });

  test('H94 a shared secret\'s kid is never its thumbprint', async () => {
    const password = 'correct horse battery staple!';
    for (const alg of ['HS256', 'HS512', 'dir', 'A128KW', 'PBES2-HS256+A128KW'] as const) {
      const g = await generated(alg);
      assert.notEqual(g.kid, await thumbprint({ kty: 'oct', k: g.privateJwk?.k as string }), alg);
      assert.match(g.kid, /^[A-Za-z0-9_-]{22}$/);
    }
    const secret = await importKey(password, { format: 'secret', alg: 'PBES2-HS256+A128KW' });
    assert.ok(secret.ok);
    const key = secret.keys[0] as KeyMaterial;
    const hashOfPassword = await thumbprint({ kty: 'oct', k: base64url.encode(password) });
    assert.notEqual(key.kid, hashOfPassword);
    assert.deepEqual(secret.randomKids, [key.kid]);
    assert.match(secret.warnings.join(' '), /never its RFC 7638 thumbprint.*without its iteration count/);
    // The JWE header carries the random kid, not the unsalted hash that would skip p2c.
    const e = await encryptToken({ key, enc: 'A128GCM', plaintext: 'hi', allowPbes2: true });
    assert.ok(e.ok);
    assert.equal(JSON.parse(Buffer.from(e.token.split('.')[0] as string, 'base64url').toString()).kid, key.kid);
    // A vendor's kid is kept; a JWK's own kid too, with a warning when it is the thumbprint.
    const vendor = await importKey('a-vendor-secret-of-thirty-two-bytes', { kid: 'tableau-secret-id' });
    assert.ok(vendor.ok && vendor.keys[0]?.kid === 'tableau-secret-id' && vendor.randomKids.length === 0);
    const thumbKid = await thumbprint({ kty: 'oct', k: RFC7515_A1_K });
    const jwk = await importKey(JSON.stringify({ kty: 'oct', k: RFC7515_A1_K, kid: thumbKid }));
    assert.ok(jwk.ok && jwk.keys[0]?.kid === thumbKid);
    assert.match(jwk.warnings.join(' '), /kid is the RFC 7638 thumbprint of its secret/);
    const set = await importKey(JSON.stringify({ keys: [{ kty: 'oct', k: RFC7515_A1_K }, { kty: 'oct', k: base64url.encode(randomBytes(32)) }] }));
    assert.ok(set.ok && set.randomKids.length === 2);
    for (const one of set.keys) assert.notEqual(one.kid, await thumbprint({ kty: 'oct', k: one.privateJwk?.k as string }));
    // A key stored with a thumbprint kid still signs, with a warning saying why and what to do.
    const old: KeyMaterial = { kid: thumbKid, alg: 'HS256', use: 'sig', kty: 'oct', size: '512 bits', privateJwk: { kty: 'oct', k: RFC7515_A1_K } };
    const signed = await signToken({ key: old, claims: { sub: 'a' } });
    assert.ok(signed.ok);
    assert.match(signed.warnings.join(' '), /thumbprint of its secret.*test guesses of the secret offline/);
    const without = await signToken({ key: old, claims: { sub: 'a' }, includeKid: false });
    assert.ok(without.ok && without.warnings.length === 0, 'no kid in the header, nothing published');
  });

  test('H95 tokens for presets that do not ask for a kid carry none unless the profile says so', async () => {
    const hs = await generated('HS256', 'ring-kid');
    const rs = await generated('RS256', 'ring-kid-rs');
    for (const preset of listPresets()) {
      const key = preset.alg.default.startsWith('HS') ? hs : rs;
      const rule = preset.header?.kid ?? 'optional';
      for (const profileKid of [undefined, 'from-profile']) {
        const profile = { key: 'k', header: profileKid ? { kid: profileKid } : {}, claims: { iss: 'client-id' }, embed: {}, registered: {} };
        const request = buildTokenRequest(profile, preset, 1_700_000_000_000);
        assert.ok(request.ok, preset.id);
        const signed = await signToken({ key, ...request.sign, claims: { ...request.sign.claims } });
        assert.ok(signed.ok, `${preset.id}: ${!signed.ok && signed.error.message}`);
        const expected = rule === 'forbidden' ? undefined : profileKid ?? (rule === 'required' ? key.kid : undefined);
        assert.equal(signed.header.kid, expected, `${preset.id} (kid ${rule}, profile kid ${profileKid ?? 'none'})`);
      }
    }
  });
});
