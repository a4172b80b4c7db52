// What key each algorithm needs. Every check that pairs a key with an
// algorithm (import, sign, verify, encrypt, decrypt) asks these tables, so the
// rules that stop algorithm confusion live in one place.

import { JWE_ENCS, JWE_KEY_ALGS, JWS_ALGS } from '../base/types';
import type { JweEnc, JweKeyAlg, JwsAlg, KeyAlg, KeyMaterial } from '../base/types';

export type Curve = 'P-256' | 'P-384' | 'P-521' | 'Ed25519' | 'X25519';

export function isJwsAlg(value: unknown): value is JwsAlg {
  return typeof value === 'string' && (JWS_ALGS as readonly string[]).includes(value);
}

export function isJweKeyAlg(value: unknown): value is JweKeyAlg {
  return typeof value === 'string' && (JWE_KEY_ALGS as readonly string[]).includes(value);
}

export function isKeyAlg(value: unknown): value is KeyAlg {
  return isJwsAlg(value) || isJweKeyAlg(value);
}

export function isJweEnc(value: unknown): value is JweEnc {
  return typeof value === 'string' && (JWE_ENCS as readonly string[]).includes(value);
}

export function useOf(alg: KeyAlg): 'sig' | 'enc' {
  return isJwsAlg(alg) ? 'sig' : 'enc';
}

/** PBES2 iterations: the count every token this tool encrypts uses, and the most it decrypts. */
export const MAX_PBES2_COUNT = 10_000;

export function isPbes2(alg: string): boolean {
  return alg.startsWith('PBES2-');
}

/** RSA-OAEP* and ECDH-ES*: anyone holding the public key can encrypt, so decrypting proves nothing about the sender. */
export function isPublicKeyEncryption(alg: KeyAlg): boolean {
  return alg.startsWith('RSA-OAEP') || alg.startsWith('ECDH-ES');
}

/** Minimum HMAC key sizes, RFC 7518 s3.2: at least the hash output. */
export const HMAC_MIN_BYTES: Readonly<Record<'HS256' | 'HS384' | 'HS512', number>> = { HS256: 32, HS384: 48, HS512: 64 };

/** Content-encryption key size of each `enc`: what a `dir` key must be. */
export const ENC_KEY_BYTES: Readonly<Record<JweEnc, number>> = {
  A128GCM: 16,
  A192GCM: 24,
  A256GCM: 32,
  'A128CBC-HS256': 32,
  'A192CBC-HS384': 48,
  'A256CBC-HS512': 64,
};

/** The exact key size, in bytes, of each AES key-wrap algorithm. */
export const WRAP_KEY_BYTES: Readonly<Record<string, number>> = {
  A128KW: 16, A192KW: 24, A256KW: 32,
  A128GCMKW: 16, A192GCMKW: 24, A256GCMKW: 32,
};

export type KeyKind = KeyMaterial['kty'];

/** Which key types and curves an algorithm takes. */
export function keyShapeFor(alg: KeyAlg): { kty: KeyKind[]; curves?: Curve[] } {
  if (alg.startsWith('HS') || alg === 'dir' || alg in WRAP_KEY_BYTES || isPbes2(alg)) return { kty: ['oct'] };
  if (alg.startsWith('RS') || alg.startsWith('PS') || alg.startsWith('RSA-OAEP')) return { kty: ['RSA'] };
  if (alg === 'ES256') return { kty: ['EC'], curves: ['P-256'] };
  if (alg === 'ES384') return { kty: ['EC'], curves: ['P-384'] };
  if (alg === 'ES512') return { kty: ['EC'], curves: ['P-521'] };
  if (alg === 'EdDSA') return { kty: ['OKP'], curves: ['Ed25519'] };
  return { kty: ['EC', 'OKP'], curves: ['P-256', 'P-384', 'P-521', 'X25519'] };
}

export function keyFits(alg: KeyAlg, kty: string, crv: string | undefined): boolean {
  const shape = keyShapeFor(alg);
  if (!(shape.kty as string[]).includes(kty)) return false;
  if (!shape.curves) return true;
  return crv !== undefined && (shape.curves as string[]).includes(crv);
}

/** "an RSA key", "an EC P-256 key", ... for messages that say what an algorithm needs. */
export function describeNeededKey(alg: KeyAlg): string {
  const shape = keyShapeFor(alg);
  if (shape.kty[0] === 'oct') return 'a shared secret';
  if (shape.kty[0] === 'RSA') return 'an RSA key';
  if (alg === 'EdDSA') return 'an Ed25519 key';
  if (alg.startsWith('ES')) return `an EC ${shape.curves?.[0] ?? ''} key`;
  return 'an EC (P-256, P-384, P-521) or X25519 key';
}

/** Algorithms that suit a key, for "pick one of …" hints. */
export function algsForKey(kty: string, crv: string | undefined): KeyAlg[] {
  return ([...JWS_ALGS, ...JWE_KEY_ALGS] as KeyAlg[]).filter((a) => keyFits(a, kty, crv));
}

/** The algorithm a key gets when neither the caller nor the JWK names one. */
export function inferAlg(kty: KeyKind, crv: string | undefined, use: 'sig' | 'enc' | undefined, secretBytes?: number): KeyAlg | undefined {
  if (kty === 'RSA') return use === 'enc' ? 'RSA-OAEP-256' : 'RS256';
  if (kty === 'EC') {
    if (use === 'enc') return 'ECDH-ES';
    return crv === 'P-256' ? 'ES256' : crv === 'P-384' ? 'ES384' : crv === 'P-521' ? 'ES512' : undefined;
  }
  if (kty === 'OKP') return crv === 'Ed25519' ? (use === 'enc' ? undefined : 'EdDSA') : crv === 'X25519' ? 'ECDH-ES' : undefined;
  if (use === 'enc') {
    if (secretBytes === 16) return 'A128KW';
    if (secretBytes === 24) return 'A192KW';
    if (secretBytes === 32) return 'A256KW';
    return 'dir';
  }
  return 'HS256';
}

/**
 * Why a shared secret of this many bytes cannot serve `alg`, or undefined when it can.
 * `short` tells "too short" (KEY_TOO_SHORT) apart from "wrong size" (KEY_ALG_MISMATCH).
 */
export function secretSizeProblem(alg: KeyAlg, bytes: number): { short: boolean; message: string } | undefined {
  if (bytes === 0) return { short: true, message: 'The secret is empty.' };
  if (alg === 'HS256' || alg === 'HS384' || alg === 'HS512') {
    const min = HMAC_MIN_BYTES[alg];
    if (bytes < min) {
      return {
        short: true,
        message: `${alg} needs a secret of at least ${min} bytes (${min * 8} bits, RFC 7518 section 3.2); this one is ${bytes} byte${bytes === 1 ? '' : 's'}. Generate a new secret, or ask the issuer for a longer one.`,
      };
    }
    return undefined;
  }
  const wrap = WRAP_KEY_BYTES[alg];
  if (wrap !== undefined) {
    if (bytes === wrap) return undefined;
    return {
      short: bytes < wrap,
      message: `${alg} takes a key of exactly ${wrap} bytes; this one is ${bytes} bytes.`,
    };
  }
  if (alg === 'dir') {
    if (Object.values(ENC_KEY_BYTES).includes(bytes)) return undefined;
    return {
      short: bytes < 16,
      message: `A "dir" key is the content key itself, so it must be 16, 24, 32, 48 or 64 bytes (A128GCM … A256CBC-HS512); this one is ${bytes} bytes.`,
    };
  }
  return undefined;
}
