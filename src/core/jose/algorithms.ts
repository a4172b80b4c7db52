// The jose/ folder: what the core does with a token and a key. This file is
// its entry for every rule that pairs a key with an algorithm: one descriptor
// row per JWS alg and JWE key-management alg (`ALGORITHMS`) and one row per
// curve (`CURVES`), from which key shapes, default algorithms, curves and
// sizes derive. Every check that pairs a key with an algorithm (import,
// generate, sign, verify, encrypt, decrypt) asks these tables, so the rules
// that stop algorithm confusion live in one place. sign.ts, verify.ts and
// jwe.ts (with jweVerdict.ts) do the token work.
//
// Adding a key type: a row in CURVES (with its DER OID from keys/der.ts) and
// rows in ALGORITHMS for the algorithms that use it.

import { JWE_ENCS, JWE_KEY_ALGS, JWS_ALGS } from '../base/types';
import type { JweEnc, JweKeyAlg, JwsAlg, KeyAlg, KeyMaterial } from '../base/types';
import { OID_ED25519, OID_P256, OID_P384, OID_P521, OID_X25519 } from '../keys/der';

export type Curve = 'P-256' | 'P-384' | 'P-521' | 'Ed25519' | 'X25519';
export type KeyKind = KeyMaterial['kty'];
/** The curves of `kty: EC`, named by an OID in SEC1 and SPKI parameters. */
export type NamedCurve = 'P-256' | 'P-384' | 'P-521';

export interface CurveRow {
  kty: 'EC' | 'OKP';
  /** Bytes of each coordinate (x, y) and of d. */
  bytes: number;
  /** DER OID content bytes: the namedCurve parameter for EC, the algorithm identifier itself for OKP. */
  oid: readonly number[];
}

/** Every curve a key may use. */
export const CURVES: Readonly<Record<Curve, CurveRow>> = {
  'P-256': { kty: 'EC', bytes: 32, oid: OID_P256 },
  'P-384': { kty: 'EC', bytes: 48, oid: OID_P384 },
  'P-521': { kty: 'EC', bytes: 66, oid: OID_P521 },
  Ed25519: { kty: 'OKP', bytes: 32, oid: OID_ED25519 },
  X25519: { kty: 'OKP', bytes: 32, oid: OID_X25519 },
};

/** The curves of one key type, in table order. */
export function curvesOfKind(kty: 'EC'): NamedCurve[];
export function curvesOfKind(kty: 'EC' | 'OKP'): Curve[];
export function curvesOfKind(kty: 'EC' | 'OKP'): Curve[] {
  return (Object.keys(CURVES) as Curve[]).filter((c) => CURVES[c].kty === kty);
}

/** Bytes of a curve's coordinates, or undefined for a name that is not a curve here. */
export function curveBytes(crv: string | undefined): number | undefined {
  return crv !== undefined && Object.hasOwn(CURVES, crv) ? CURVES[crv as Curve].bytes : undefined;
}

export type AlgFamily = 'hmac' | 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'eddsa' | 'ml-dsa' | 'dir' | 'aes-kw' | 'aes-gcm-kw' | 'rsa-oaep' | 'ecdh-es' | 'pbes2';

/** How big a shared secret must be: at least `min`, exactly `exact`, or one of the content-key sizes (`dir`). */
export type SecretSize = { min: number } | { exact: number } | { contentKey: true } | { any: true };

export interface AlgorithmRow {
  use: 'sig' | 'enc';
  family: AlgFamily;
  /** The key types it takes (two for ECDH-ES: EC P-curves and X25519). */
  kty: readonly KeyKind[];
  /** The curves the key may be on (EC / OKP rows); one curve means the algorithm fixes it. */
  curves?: readonly Curve[];
  /** The curve a generated key gets when none is asked for. */
  defaultCurve?: Curve;
  /** RSA rows: modulus sizes a key is generated with, and the default. */
  rsaBits?: { generated: readonly number[]; default: number };
  /** ML-DSA rows (kty AKP): the bytes of the public key ("pub"); the private seed ("priv") is 32 for every parameter set. */
  akpPublicBytes?: number;
  /** oct rows: what size the secret must be, and the size a generated one gets. */
  secret?: { size: SecretSize; default: number };
  /**
   * When this is the algorithm a key gets without one being named: for which
   * JWK "use" ('none' = no use given), and for a shared secret of which size.
   * The first fitting row in table order wins (JWS before JWE).
   */
  inferredFor?: { uses: readonly ('sig' | 'enc' | 'none')[]; secretBytes?: number };
}

const RSA_BITS = { generated: [2048, 3072, 4096], default: 2048 } as const;
const ECDH_CURVES: readonly Curve[] = ['P-256', 'P-384', 'P-521', 'X25519'];
const SIG_DEFAULT = { uses: ['sig', 'none'] } as const;

/** One row per algorithm a key can carry. */
export const ALGORITHMS: Readonly<Record<KeyAlg, AlgorithmRow>> = {
  HS256: { use: 'sig', family: 'hmac', kty: ['oct'], secret: { size: { min: 32 }, default: 32 }, inferredFor: SIG_DEFAULT },
  HS384: { use: 'sig', family: 'hmac', kty: ['oct'], secret: { size: { min: 48 }, default: 48 } },
  HS512: { use: 'sig', family: 'hmac', kty: ['oct'], secret: { size: { min: 64 }, default: 64 } },
  RS256: { use: 'sig', family: 'rsa-pkcs1', kty: ['RSA'], rsaBits: RSA_BITS, inferredFor: SIG_DEFAULT },
  RS384: { use: 'sig', family: 'rsa-pkcs1', kty: ['RSA'], rsaBits: RSA_BITS },
  RS512: { use: 'sig', family: 'rsa-pkcs1', kty: ['RSA'], rsaBits: RSA_BITS },
  PS256: { use: 'sig', family: 'rsa-pss', kty: ['RSA'], rsaBits: RSA_BITS },
  PS384: { use: 'sig', family: 'rsa-pss', kty: ['RSA'], rsaBits: RSA_BITS },
  PS512: { use: 'sig', family: 'rsa-pss', kty: ['RSA'], rsaBits: RSA_BITS },
  ES256: { use: 'sig', family: 'ecdsa', kty: ['EC'], curves: ['P-256'], inferredFor: SIG_DEFAULT },
  ES384: { use: 'sig', family: 'ecdsa', kty: ['EC'], curves: ['P-384'], inferredFor: SIG_DEFAULT },
  ES512: { use: 'sig', family: 'ecdsa', kty: ['EC'], curves: ['P-521'], inferredFor: SIG_DEFAULT },
  // EdDSA stays what an Ed25519 key gets unasked: RFC 9864 deprecates the polymorphic name, but most
  // libraries and vendors still expect it. Ed25519 is the fully specified name for the same signature.
  EdDSA: { use: 'sig', family: 'eddsa', kty: ['OKP'], curves: ['Ed25519'], inferredFor: SIG_DEFAULT },
  Ed25519: { use: 'sig', family: 'eddsa', kty: ['OKP'], curves: ['Ed25519'] },
  'ML-DSA-44': { use: 'sig', family: 'ml-dsa', kty: ['AKP'], akpPublicBytes: 1312 },
  'ML-DSA-65': { use: 'sig', family: 'ml-dsa', kty: ['AKP'], akpPublicBytes: 1952 },
  'ML-DSA-87': { use: 'sig', family: 'ml-dsa', kty: ['AKP'], akpPublicBytes: 2592 },
  dir: { use: 'enc', family: 'dir', kty: ['oct'], secret: { size: { contentKey: true }, default: 32 }, inferredFor: { uses: ['enc'] } },
  A128KW: { use: 'enc', family: 'aes-kw', kty: ['oct'], secret: { size: { exact: 16 }, default: 16 }, inferredFor: { uses: ['enc'], secretBytes: 16 } },
  A192KW: { use: 'enc', family: 'aes-kw', kty: ['oct'], secret: { size: { exact: 24 }, default: 24 }, inferredFor: { uses: ['enc'], secretBytes: 24 } },
  A256KW: { use: 'enc', family: 'aes-kw', kty: ['oct'], secret: { size: { exact: 32 }, default: 32 }, inferredFor: { uses: ['enc'], secretBytes: 32 } },
  A128GCMKW: { use: 'enc', family: 'aes-gcm-kw', kty: ['oct'], secret: { size: { exact: 16 }, default: 16 } },
  A192GCMKW: { use: 'enc', family: 'aes-gcm-kw', kty: ['oct'], secret: { size: { exact: 24 }, default: 24 } },
  A256GCMKW: { use: 'enc', family: 'aes-gcm-kw', kty: ['oct'], secret: { size: { exact: 32 }, default: 32 } },
  'RSA-OAEP': { use: 'enc', family: 'rsa-oaep', kty: ['RSA'], rsaBits: RSA_BITS },
  'RSA-OAEP-256': { use: 'enc', family: 'rsa-oaep', kty: ['RSA'], rsaBits: RSA_BITS, inferredFor: { uses: ['enc'] } },
  'RSA-OAEP-384': { use: 'enc', family: 'rsa-oaep', kty: ['RSA'], rsaBits: RSA_BITS },
  'RSA-OAEP-512': { use: 'enc', family: 'rsa-oaep', kty: ['RSA'], rsaBits: RSA_BITS },
  // An X25519 key has no signing algorithm: whatever its "use" says, it gets ECDH-ES (and a "sig" use is then refused).
  'ECDH-ES': { use: 'enc', family: 'ecdh-es', kty: ['EC', 'OKP'], curves: ECDH_CURVES, defaultCurve: 'P-256', inferredFor: { uses: ['enc', 'sig', 'none'] } },
  'ECDH-ES+A128KW': { use: 'enc', family: 'ecdh-es', kty: ['EC', 'OKP'], curves: ECDH_CURVES, defaultCurve: 'P-256' },
  'ECDH-ES+A192KW': { use: 'enc', family: 'ecdh-es', kty: ['EC', 'OKP'], curves: ECDH_CURVES, defaultCurve: 'P-256' },
  'ECDH-ES+A256KW': { use: 'enc', family: 'ecdh-es', kty: ['EC', 'OKP'], curves: ECDH_CURVES, defaultCurve: 'P-256' },
  'PBES2-HS256+A128KW': { use: 'enc', family: 'pbes2', kty: ['oct'], secret: { size: { any: true }, default: 32 } },
  'PBES2-HS384+A192KW': { use: 'enc', family: 'pbes2', kty: ['oct'], secret: { size: { any: true }, default: 32 } },
  'PBES2-HS512+A256KW': { use: 'enc', family: 'pbes2', kty: ['oct'], secret: { size: { any: true }, default: 32 } },
};

/** Every key algorithm, JWS first, in the order of JWS_ALGS and JWE_KEY_ALGS. */
const KEY_ALGS: readonly KeyAlg[] = [...JWS_ALGS, ...JWE_KEY_ALGS];

export function algorithmRow(alg: KeyAlg): AlgorithmRow {
  return ALGORITHMS[alg];
}

/** "a, b or c" for messages that list choices. */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] as string}`;
}

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
  return ALGORITHMS[alg].use;
}

/** PBES2 iterations: the count every token this tool encrypts uses, and the most it decrypts. */
export const MAX_PBES2_COUNT = 10_000;

export function isPbes2(alg: string): boolean {
  return isKeyAlg(alg) && ALGORITHMS[alg].family === 'pbes2';
}

/** RSA-OAEP* and ECDH-ES*: anyone holding the public key can encrypt, so decrypting proves nothing about the sender. */
export function isPublicKeyEncryption(alg: KeyAlg): boolean {
  const family = ALGORITHMS[alg].family;
  return family === 'rsa-oaep' || family === 'ecdh-es';
}

function secretRule(alg: string): SecretSize | undefined {
  return isKeyAlg(alg) ? ALGORITHMS[alg].secret?.size : undefined;
}

/** Minimum HMAC key sizes, RFC 7518 s3.2: at least the hash output. */
export const HMAC_MIN_BYTES: Readonly<Record<'HS256' | 'HS384' | 'HS512', number>> = {
  HS256: (ALGORITHMS.HS256.secret?.size as { min: number }).min,
  HS384: (ALGORITHMS.HS384.secret?.size as { min: number }).min,
  HS512: (ALGORITHMS.HS512.secret?.size as { min: number }).min,
};

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
export const WRAP_KEY_BYTES: Readonly<Record<string, number>> = Object.fromEntries(
  KEY_ALGS.flatMap((alg) => {
    const size = secretRule(alg);
    return size && 'exact' in size ? [[alg, size.exact]] : [];
  }),
);

/** The bytes of an ML-DSA private seed ("priv"), RFC 9964. */
export const AKP_SEED_BYTES = 32;

export function isMlDsaAlg(alg: string): boolean {
  return isKeyAlg(alg) && ALGORITHMS[alg].family === 'ml-dsa';
}

/**
 * Whether a key of `keyAlg` (on curve `crv`, for OKP keys) checks a token whose header says
 * `tokenAlg`. Only its own algorithm, with one exception: an Ed25519 key carrying `EdDSA` checks an
 * `Ed25519` token and one carrying `Ed25519` checks an `EdDSA` token. RFC 9864 defines `Ed25519` as
 * EdDSA with the Ed25519 parameters, and with an Ed25519 key `EdDSA` (RFC 8037) means exactly that,
 * so both names run the same function over the same signing input; the key's type fixes the curve,
 * and the header (which holds the name) is part of what is signed, so a token cannot be renamed
 * without a new signature. This is no algorithm confusion: nothing the token says changes what the
 * key computes. Signing always uses the key's own name.
 */
export function keyChecksAlg(keyAlg: KeyAlg, crv: string | undefined, tokenAlg: string): boolean {
  if (keyAlg === tokenAlg) return true;
  if (!isJwsAlg(tokenAlg) || ALGORITHMS[keyAlg].family !== 'eddsa' || ALGORITHMS[tokenAlg].family !== 'eddsa') return false;
  return crv !== undefined && keyFits(keyAlg, 'OKP', crv) && keyFits(tokenAlg, 'OKP', crv);
}

/** The key algorithms whose keys check a token of `tokenAlg` (`keyChecksAlg`), the token's own first. */
export function algsCheckingToken(tokenAlg: JwsAlg): JwsAlg[] {
  const curves = ALGORITHMS[tokenAlg].curves ?? [];
  return [tokenAlg, ...JWS_ALGS.filter((a) => a !== tokenAlg && curves.some((crv) => keyChecksAlg(a, crv, tokenAlg)))];
}

/** Which key types and curves an algorithm takes. */
export function keyShapeFor(alg: KeyAlg): { kty: KeyKind[]; curves?: Curve[] } {
  const row = ALGORITHMS[alg];
  return row.curves ? { kty: [...row.kty], curves: [...row.curves] } : { kty: [...row.kty] };
}

export function keyFits(alg: KeyAlg, kty: string, crv: string | undefined): boolean {
  const row = ALGORITHMS[alg];
  if (!(row.kty as readonly string[]).includes(kty)) return false;
  if (!row.curves) return true;
  return crv !== undefined && (row.curves as readonly string[]).includes(crv);
}

function keyWord(crv: Curve): string {
  return CURVES[crv].kty === 'EC' ? `EC ${crv}` : crv;
}

/** "an RSA key", "an EC P-256 key", ... for messages that say what an algorithm needs. */
export function describeNeededKey(alg: KeyAlg): string {
  const row = ALGORITHMS[alg];
  if (row.kty[0] === 'oct') return 'a shared secret';
  if (row.kty[0] === 'RSA') return 'an RSA key';
  if (row.kty[0] === 'AKP') return `an ${alg} key (kty AKP)`;
  const curves = row.curves ?? [];
  if (curves.length === 1) return `an ${keyWord(curves[0] as Curve)} key`;
  const ec = curves.filter((c) => CURVES[c].kty === 'EC');
  const okp = curves.filter((c) => CURVES[c].kty === 'OKP');
  return `an EC (${ec.join(', ')})${okp.length > 0 ? ` or ${okp.join(' or ')}` : ''} key`;
}

/** Algorithms that suit a key, for "pick one of …" hints. */
export function algsForKey(kty: string, crv: string | undefined): KeyAlg[] {
  return KEY_ALGS.filter((a) => keyFits(a, kty, crv));
}

/** The algorithm a key gets when neither the caller nor the JWK names one. */
export function inferAlg(kty: KeyKind, crv: string | undefined, use: 'sig' | 'enc' | undefined, secretBytes?: number): KeyAlg | undefined {
  const wanted = use ?? 'none';
  const fitting = KEY_ALGS.filter((a) => ALGORITHMS[a].inferredFor?.uses.includes(wanted) && keyFits(a, kty, crv));
  return (
    fitting.find((a) => ALGORITHMS[a].inferredFor?.secretBytes !== undefined && ALGORITHMS[a].inferredFor?.secretBytes === secretBytes) ??
    fitting.find((a) => ALGORITHMS[a].inferredFor?.secretBytes === undefined)
  );
}

/** The one JWS algorithm of an EC curve (ES256 for P-256, …), for a pair check or an inferred alg. */
export function signingAlgForCurve(crv: string | undefined): KeyAlg | undefined {
  return JWS_ALGS.find((a) => ALGORITHMS[a].kty[0] === 'EC' && ALGORITHMS[a].curves?.length === 1 && ALGORITHMS[a].curves?.[0] === crv);
}

/**
 * Why a shared secret of this many bytes cannot serve `alg`, or undefined when it can.
 * `short` tells "too short" (KEY_TOO_SHORT) apart from "wrong size" (KEY_ALG_MISMATCH).
 */
export function secretSizeProblem(alg: KeyAlg, bytes: number): { short: boolean; message: string } | undefined {
  if (bytes === 0) return { short: true, message: 'The secret is empty.' };
  const size = secretRule(alg);
  if (!size) return undefined;
  if ('min' in size) {
    const min = size.min;
    if (bytes < min) {
      return {
        short: true,
        message: `${alg} needs a secret of at least ${min} bytes (${min * 8} bits, RFC 7518 section 3.2); this one is ${bytes} byte${bytes === 1 ? '' : 's'}. Generate a new secret, or ask the issuer for a longer one.`,
      };
    }
    return undefined;
  }
  if ('exact' in size) {
    const wrap = size.exact;
    if (bytes === wrap) return undefined;
    return {
      short: bytes < wrap,
      message: `${alg} takes a key of exactly ${wrap} bytes; this one is ${bytes} bytes.`,
    };
  }
  if ('contentKey' in size) {
    if (Object.values(ENC_KEY_BYTES).includes(bytes)) return undefined;
    return {
      short: bytes < 16,
      message: `A "dir" key is the content key itself, so it must be 16, 24, 32, 48 or 64 bytes (A128GCM … A256CBC-HS512); this one is ${bytes} bytes.`,
    };
  }
  return undefined;
}
