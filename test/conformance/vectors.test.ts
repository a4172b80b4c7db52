// Every entry of jose-vectors.json reaches its expected outcome through the
// core API: importKey + verifyToken / decryptToken, then signing or
// encrypting with the same key and checking our own output.
//
// Deviations, by design:
// - Detached payloads (rfc7520-4.5, rfc7797-4.2): a compact token alone
//   cannot verify; verifyToken's `detachedPayload` option supplies the
//   payload and then the vector's "valid" is reached. Without it the verdict
//   is "invalid" with a hint about detached payloads (asserted too).
// - RSA1_5 vectors (joseSupported false): the expected outcome is the clear
//   "not supported" error, never "invalid token" and never a decryption.
// - Signing cannot reproduce the RFC 7515 A.1 token byte for byte: its
//   header contains CRLF, and signToken serialises headers itself. Where the
//   header re-serialises identically and the algorithm is deterministic
//   (RS*, HS*, EdDSA) the RFC signature is reproduced exactly with the
//   imported key.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { CompactSign, base64url } from 'jose';
import { cryptoKeyFor, decryptToken, encryptToken, importKey, signToken, verifyToken } from '../../src/core/index';
import type { JweEnc, KeyAlg, KeyMaterial } from '../../src/core/index';
import { JWS_ALGS } from '../../src/core/index';
import { loadVectors } from './conformanceFiles';
import type { JoseVector } from './conformanceFiles';

const vectors = loadVectors();
const reproduced: string[] = [];

async function importVectorKey(material: unknown, alg: KeyAlg | undefined, options: Parameters<typeof importKey>[1] = {}): Promise<KeyMaterial> {
  const text = typeof material === 'string' ? material : JSON.stringify(material);
  const r = await importKey(text, { ...options, ...(alg ? { alg } : {}) });
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  return r.keys[0] as KeyMaterial;
}

function nowOf(v: JoseVector): number | undefined {
  return v.options?.currentDate ? Date.parse(v.options.currentDate) : undefined;
}

/** The algorithm the verifier pins: the vector's `algorithms[0]`, else its alg. */
function pinnedAlg(v: JoseVector): KeyAlg | undefined {
  const alg = v.options?.algorithms?.[0] ?? v.alg;
  return alg === 'none' ? 'HS256' : (alg as KeyAlg);
}

const decodeText = (segment: string): string => new TextDecoder().decode(base64url.decode(segment));

describe('jose-vectors.json', () => {
  test('has the 36 entries this suite walks', () => {
    assert.equal(vectors.length, 36);
  });

  for (const v of vectors) {
    test(`${v.id} (${v.kind} ${v.alg}${v.enc ? ` ${v.enc}` : ''})`, async () => {
      if (v.kind === 'jwe') await checkJwe(v);
      else await checkJws(v);
    });
  }

  test('deterministic signatures were reproduced byte for byte', () => {
    assert.deepEqual(reproduced, ['rfc7515-A.2-RS256', 'rfc7520-4.1-RS256', 'rfc7520-4.4-HS256', 'rfc7797-4.1-control', 'rfc8037-A.4-Ed25519']);
  });
});

async function checkJws(v: JoseVector): Promise<void> {
  const now = nowOf(v);
  const alg = pinnedAlg(v) as KeyAlg;
  const keys: KeyMaterial[] = v.key ? [await importVectorKey(v.key, alg)] : [];

  if (v.alg === 'none') {
    // Unsigned: never valid, whatever key is offered.
    const extra = await importVectorKey({ kty: 'oct', k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow' }, 'HS256');
    for (const ring of [keys, [...keys, extra]]) {
      const report = await verifyToken(v.token, ring, { now });
      assert.equal(report.signature, 'unsigned');
    }
    assert.equal(v.expected.valid, false);
    return;
  }

  const detached = v.detachedPayload !== undefined;
  const report = await verifyToken(v.token, keys, { now, ...(detached ? { detachedPayload: v.detachedPayload } : {}) });
  if (v.expected.valid) {
    assert.equal(report.signature, 'valid', report.message);
    assert.equal(report.key?.alg, alg);
  } else {
    assert.notEqual(report.signature, 'valid', report.message);
  }

  // Specific verdicts for the negative vectors.
  if (v.id === 'neg-rfc7515-A.1-payload-tampered' || v.id === 'neg-rfc7515-A.3-psychic-signature') assert.equal(report.signature, 'invalid');
  if (v.id === 'neg-rfc7515-A.1-alg-swapped-HS512') assert.equal(report.signature, 'no-matching-key', 'an HS256 key is never tried for HS512');
  if (v.id === 'neg-rfc7797-b64false-without-crit') assert.equal(report.signature, 'invalid', 'b64 outside crit is ignored, so "$.02" is not the payload');

  if (detached && v.expected.valid) {
    const bare = await verifyToken(v.token, keys, { now });
    assert.equal(bare.signature, 'invalid', 'the compact form alone has an empty payload');
    assert.match(bare.message, /detached/);
  }

  // Claims: JSON-object payloads are checked; text payloads are not a claims set.
  const header = JSON.parse(decodeText(v.token.split('.')[0] as string)) as Record<string, unknown>;
  if (v.expected.header) assert.deepEqual(header, v.expected.header);
  if (typeof v.expected.payload === 'object' && v.expected.payload !== null && report.signature === 'valid') {
    assert.deepEqual(report.claims, { checked: true, valid: true, problems: [] }, 'valid at currentDate');
    const later = await verifyToken(v.token, keys);
    assert.equal(later.claims.problems[0]?.code, 'expired', 'expired today');
  } else if (report.signature === 'valid') {
    assert.equal(report.claims.checked, false);
  }

  // Sign with the vector's private key (or secret) and verify our own token with its public key.
  const signingMaterial = v.privateKey ?? (v.secretB64u ? v.key : undefined);
  if (signingMaterial && (JWS_ALGS as readonly string[]).includes(alg)) {
    const signingKey = await importVectorKey(signingMaterial, alg);
    const ours = await signToken({ key: signingKey, claims: { iss: 'joe', vector: v.id }, ttlSeconds: 60 });
    if (!ours.ok) assert.fail(ours.error.message);
    const check = await verifyToken(ours.token, keys);
    assert.equal(check.signature, 'valid', check.message);
    assert.equal(check.claims.valid, true);

    // Deterministic algorithms reproduce the published signature from the imported key.
    const [h, p] = v.token.split('.') as [string, string];
    const deterministic = /^(RS|HS)\d+$|^EdDSA$/.test(alg) && v.expected.valid && !detached && header.b64 === undefined && v.alg === alg;
    if (deterministic && base64url.encode(JSON.stringify(header)) === h) {
      const loaded = await cryptoKeyFor(signingKey, 'sign');
      assert.ok(loaded.ok);
      const again = await new CompactSign(base64url.decode(p)).setProtectedHeader(header as never).sign(loaded.cryptoKey);
      assert.equal(again, v.token, 'byte-for-byte reproduction');
      reproduced.push(v.id);
    }
  }
}

async function checkJwe(v: JoseVector): Promise<void> {
  if (v.alg === 'RSA1_5') {
    assert.equal(v.joseSupported, false);
    const refused = await importKey(JSON.stringify(v.key), { alg: 'RSA1_5' as KeyAlg });
    assert.ok(!refused.ok && refused.error.code === 'KEY_UNSUPPORTED');
    // The key itself imports (for a safe algorithm); the token is refused clearly, not as "invalid".
    const key = await importVectorKey(v.key, 'RSA-OAEP-256');
    const d = await decryptToken(v.token, [key]);
    assert.equal(d.ok, false);
    if (!d.ok) {
      assert.equal(d.error.code, 'ALG_UNSUPPORTED');
      assert.equal(d.error.message, 'RSA1_5 is not supported (insecure, RFC 8725).');
    }
    return;
  }

  const alg = v.alg as KeyAlg;
  const pbes2 = alg.startsWith('PBES2');
  const key = pbes2
    ? await importVectorKey(v.password as string, alg, { format: 'secret', secretEncoding: 'utf8' })
    : await importVectorKey(v.key, alg);
  assert.equal(key.alg, alg);

  if (pbes2) {
    const refused = await decryptToken(v.token, [key]);
    assert.ok(!refused.ok && refused.error.code === 'PBES2_NOT_ALLOWED', 'PBES2 only on request');
  }
  const d = await decryptToken(v.token, [key], { allowPbes2: pbes2 });
  if (!d.ok) assert.fail(`${d.error.code}: ${d.error.message}`);
  assert.equal(v.expected.valid, true);
  for (const [name, value] of Object.entries(v.expected.header ?? {})) assert.deepEqual(d.header[name], value, `header ${name}`);
  assert.equal(d.plaintext, v.expected.payload);
  const publicKeyMgmt = alg.startsWith('RSA-OAEP') || alg.startsWith('ECDH-ES');
  assert.equal(d.authenticated, !publicKeyMgmt);

  if (v.id === 'rfc7520-6-nested-outer-RSA-OAEP-A128GCM') {
    const innerVector = vectors.find((x) => x.id === 'rfc7520-6-nested-inner-PS256') as JoseVector;
    const signer = await importVectorKey(innerVector.key, 'PS256');
    const nested = await decryptToken(v.token, [key], { verifyKeys: [signer], verifyOptions: { now: nowOf(innerVector) } });
    assert.ok(nested.ok);
    assert.equal(nested.inner?.verify.signature, 'valid');
    assert.equal(nested.inner?.verify.claims.valid, true);
    assert.equal(nested.authenticated, true, 'the inner JWS verifies with a signing key');
    assert.equal(d.inner?.verify.signature, 'no-matching-key');
    assert.equal(d.authenticated, false, 'without the signer key nothing proves the sender');
  }

  // Encrypt with the same key and decrypt our own token.
  const enc = v.enc as JweEnc;
  const ours = await encryptToken({ key, enc, plaintext: 'round trip through the vector key', allowPbes2: pbes2 });
  if (!ours.ok) assert.fail(`${ours.error.code}: ${ours.error.message}`);
  const back = await decryptToken(ours.token, [key], { allowPbes2: pbes2 });
  assert.ok(back.ok);
  assert.equal(back.plaintext, 'round trip through the vector key');
}
