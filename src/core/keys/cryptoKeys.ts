// The one CryptoKey cache: a stored key turned into the jose key for one use,
// once per KeyMaterial object, after checking that the use fits the key.

import { importJWK } from 'jose';
import type { CryptoKey } from 'jose';
import { describeNeededKey, isJwsAlg, isKeyAlg, keyFits, secretSizeProblem, useOf } from '../jose/algorithms';
import type { KeyKind } from '../jose/algorithms';
import type { KeyMaterial, Result } from '../base/types';
import { fail } from '../base/result';
import type { KeyUsage } from './api';
import { PUBLIC_MEMBERS, b64uDecode, bareJwk, kidLabel } from './material';
import { rsaProblem } from './pairCheck';
import { findKeyMaterialInBytes, notASecret } from './secrets';
import { runtimeProblem } from '../jose/runtime';

const cryptoKeyCache = new WeakMap<KeyMaterial, Map<KeyUsage, Promise<Result<{ cryptoKey: CryptoKey | Uint8Array }>>>>();

/**
 * The jose key for one use of a stored key, imported once and cached per
 * KeyMaterial object (treat KeyMaterial as immutable). Checks first that the
 * use fits the key: a signing key never decrypts, an encryption key never
 * signs or verifies, a public key never signs.
 */
export function cryptoKeyFor(key: KeyMaterial, usage: KeyUsage): Promise<Result<{ cryptoKey: CryptoKey | Uint8Array }>> {
  let perKey = cryptoKeyCache.get(key);
  if (!perKey) {
    perKey = new Map();
    cryptoKeyCache.set(key, perKey);
  }
  let pending = perKey.get(usage);
  if (!pending) {
    pending = loadCryptoKey(key, usage).catch(() => fail('KEY_BAD_JWK', `Key '${kidLabel(String(key?.kid))}' could not be loaded: it may be damaged.`));
    perKey.set(usage, pending);
  }
  return pending;
}

const HMAC_HASH: Partial<Record<string, string>> = { HS256: 'SHA-256', HS384: 'SHA-384', HS512: 'SHA-512' };

const USAGE_OPS: Record<KeyUsage, string[]> = {
  sign: ['sign'],
  verify: ['verify'],
  encrypt: ['encrypt', 'wrapKey', 'deriveKey', 'deriveBits'],
  decrypt: ['decrypt', 'unwrapKey', 'deriveKey', 'deriveBits'],
};

async function loadCryptoKey(key: KeyMaterial, usage: KeyUsage): Promise<Result<{ cryptoKey: CryptoKey | Uint8Array }>> {
  const label = kidLabel(String(key.kid));
  if (!isKeyAlg(key.alg)) return fail('KEY_UNSUPPORTED', `Key '${label}' has no supported algorithm.`);
  const wantsSig = usage === 'sign' || usage === 'verify';
  if (wantsSig !== isJwsAlg(key.alg) || key.use !== useOf(key.alg)) {
    return fail('KEY_ALG_MISMATCH', `Key '${label}' is for ${key.alg} (${useOf(key.alg) === 'sig' ? 'signing' : 'encryption'}); it cannot be used to ${usage}.`);
  }
  const runtime = await runtimeProblem(key.alg, usage === 'sign' || usage === 'verify' ? usage : 'import');
  if (runtime) return fail('KEY_UNSUPPORTED', runtime);
  const needsPrivate = usage === 'sign' || usage === 'decrypt' || key.kty === 'oct';
  const jwk = needsPrivate ? key.privateJwk : (key.publicJwk ?? key.privateJwk);
  if (!jwk) {
    return key.kty === 'oct'
      ? fail('KEY_NOT_PRIVATE', `Key '${label}' has no secret stored.`)
      : fail('KEY_NOT_PRIVATE', `Key '${label}' is ${usage === 'sign' ? 'verify' : 'encrypt'}-only: import its private half to ${usage}.`);
  }
  if (!keyFits(key.alg, jwk.kty, typeof jwk.crv === 'string' ? jwk.crv : undefined) || jwk.kty !== key.kty) {
    return fail('KEY_ALG_MISMATCH', `Key '${label}' is marked ${key.alg}, but its JWK is not ${describeNeededKey(key.alg)}.`);
  }
  if (Array.isArray(jwk.key_ops) && !USAGE_OPS[usage].some((op) => jwk.key_ops?.includes(op))) {
    return fail('KEY_ALG_MISMATCH', `Key '${label}' has key_ops that do not allow ${usage}.`);
  }
  if (key.kty === 'oct') {
    const secret = typeof jwk.k === 'string' ? b64uDecode(jwk.k) : undefined;
    if (!secret || secret.length === 0) return fail('KEY_BAD_JWK', `Key '${label}' has an empty or damaged secret.`);
    // A secret stored before these checks existed may be a public key in some encoding: it is never used as one.
    const inSecret = await findKeyMaterialInBytes(secret, '');
    if (inSecret) {
      return fail('KEY_TEXT_NOT_SECRET', `${notASecret(inSecret, `The secret of key '${label}'`).error.message} Delete this key and import the key pair instead.`);
    }
    if (usage === 'sign' || usage === 'encrypt') {
      const problem = secretSizeProblem(key.alg, secret.length);
      if (problem) return fail(problem.short ? 'KEY_TOO_SHORT' : 'KEY_ALG_MISMATCH', problem.message);
    }
    // jose imports a raw HMAC secret again on every call; a CryptoKey made once halves the cost of HS* tokens.
    const hash = HMAC_HASH[key.alg];
    if (hash && (usage === 'sign' || usage === 'verify')) {
      return { ok: true, cryptoKey: await globalThis.crypto.subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash }, false, [usage]) };
    }
    return { ok: true, cryptoKey: secret };
  }
  const source = usage === 'sign' || usage === 'decrypt' ? bareJwk(jwk) : publicPart(key.kty, bareJwk(jwk));
  if (key.kty === 'RSA') {
    // Keys stored before the pair checks existed are checked once, when first used.
    const problem = rsaProblem(source);
    if (problem) return fail('KEY_BAD_JWK', `Key '${label}': ${problem} Delete it and import the key again.`);
  }
  const imported = await importJWK(source, key.alg);
  return { ok: true, cryptoKey: imported };
}

function publicPart(kty: KeyKind, jwk: Record<string, string> & { kty: string }): Record<string, string> & { kty: string } {
  const out: Record<string, string> & { kty: string } = { kty: jwk.kty };
  for (const m of PUBLIC_MEMBERS[kty]) {
    const v = jwk[m];
    if (v !== undefined) out[m] = v;
  }
  return out;
}
