// The final step of every import: size rules, the RSA arithmetic that ties
// the private members to the public ones, and a sign-and-verify probe that
// the private half matches the public one, before the key is stored.

import { CompactSign, compactVerify, importJWK } from 'jose';
import { isJwsAlg, secretSizeProblem, signingAlgForCurve } from '../jose/algorithms';
import type { KeyKind } from '../jose/algorithms';
import type { CoreError, ErrorCode, Jwk, KeyAlg, KeyMaterial } from '../base/types';
import { fail } from '../base/result';
import { b64uDecode, bareJwk, bitLength, buildMaterial, describeKeyShape } from './material';

/**
 * Shared final step for every import route: size rules, for RSA the arithmetic
 * that ties the private members to the public ones, a real import through jose
 * (so a broken key fails now, not at signing time), a sign-and-verify check
 * that the private and public halves belong together, then the stored form.
 */
export async function finishKey(
  kty: KeyKind,
  jwk: Record<string, unknown>,
  alg: KeyAlg,
  kid: string | undefined,
  keyOps: string[] | undefined,
  badCode: ErrorCode = 'KEY_BAD_JWK',
): Promise<{ ok: true; key: KeyMaterial } | { ok: false; error: CoreError }> {
  if (kty === 'RSA') {
    const refused = rsaKeyRefusal(jwk, badCode);
    if (refused) return refused;
  }
  if (kty === 'oct') {
    const bytes = b64uDecode(String(jwk.k))?.length ?? 0;
    const problem = secretSizeProblem(alg, bytes);
    if (problem) return fail(problem.short ? 'KEY_TOO_SHORT' : 'KEY_ALG_MISMATCH', problem.message);
  }
  const key = await buildMaterial(kty, jwk, alg, kid, keyOps);
  if (kty === 'oct') return { ok: true, key };
  const probeAlg = key.privateJwk ? pairProbeAlg(kty, alg, typeof jwk.crv === 'string' ? jwk.crv : undefined) : undefined;
  try {
    const pub = await importJWK(bareJwk(key.publicJwk as Jwk), alg);
    const priv = key.privateJwk ? await importJWK(bareJwk(key.privateJwk), alg) : undefined;
    if (probeAlg && key.privateJwk) {
      const probePriv = probeAlg === alg && priv ? priv : await importJWK(bareJwk(key.privateJwk), probeAlg);
      const probePub = probeAlg === alg ? pub : await importJWK(bareJwk(key.publicJwk as Jwk), probeAlg);
      const probe = await new CompactSign(PAIR_PROBE).setProtectedHeader({ alg: probeAlg }).sign(probePriv);
      await compactVerify(probe, probePub, { algorithms: [probeAlg] });
    }
  } catch {
    return fail(badCode, probeAlg
      ? `The key's values do not form a usable ${describeKeyShape(kty, jwk)} key pair: the private and public members do not belong together (its own public key would reject what it signs), or a value is damaged. Export the key again from where it was made.`
      : `The key's values are not a usable ${describeKeyShape(kty, jwk)} key: a value is damaged, the private and public members do not belong together, or a point is not on its curve.`);
  }
  return { ok: true, key };
}

/** Why an RSA JWK is refused before any crypto: fewer than 2048 or more than 16 384 bits, or rsaProblem. */
export function rsaKeyRefusal(jwk: Record<string, unknown>, badCode: ErrorCode = 'KEY_BAD_JWK'): { ok: false; error: CoreError } | undefined {
  const bits = bitLength(b64uDecode(String(jwk.n)) ?? new Uint8Array());
  if (bits < 2048) return fail('KEY_TOO_SHORT', `RSA keys must have at least 2048 bits (RFC 7518 section 3.3); this one has ${bits}. Generate a 2048-bit or larger key.`);
  if (bits > MAX_RSA_BITS) return fail('KEY_UNSUPPORTED', `This RSA key has ${bits} bits; at most ${MAX_RSA_BITS} are supported (OpenSSL's limit, and each signature would take seconds). Use a 2048 to 4096-bit key.`);
  const problem = rsaProblem(jwk);
  return problem ? fail(badCode, problem) : undefined;
}

const PAIR_PROBE = new TextEncoder().encode('key pair check');
const MAX_RSA_BITS = 16384;

/**
 * The signature algorithm that proves a private key's public half is its own:
 * the key's own when it signs, else one its material also serves (an RSA-OAEP
 * key signs with RS256, an ECDH P-curve key with ES*). X25519 has no signature;
 * WebCrypto's own import checks that its x belongs to its d.
 */
function pairProbeAlg(kty: KeyKind, alg: KeyAlg, crv: string | undefined): string | undefined {
  if (isJwsAlg(alg)) return alg;
  if (kty === 'RSA') return 'RS256';
  if (kty === 'EC') return signingAlgForCurve(crv);
  return undefined;
}

function bigIntOf(value: unknown): bigint | undefined {
  const bytes = typeof value === 'string' ? b64uDecode(value) : undefined;
  if (!bytes || bytes.length === 0) return undefined;
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return BigInt(`0x${hex}`);
}

/**
 * Why an RSA JWK is not the key it claims to be, or undefined. Public: n odd,
 * e odd, 3 ≤ e < n. Private (when d is present): n = p·q, e·d ≡ 1 modulo p−1
 * and q−1, dp ≡ d (mod p−1), dq ≡ d (mod q−1), q·qi ≡ 1 (mod p). A few BigInt
 * products, far cheaper than one signature. Together with the sign-and-verify
 * probe this also catches members the probe alone cannot: OpenSSL checks its
 * CRT result and quietly signs with d instead, so a wrong dp, dq or qi would
 * only show in other implementations.
 */
export function rsaProblem(jwk: Record<string, unknown>): string | undefined {
  const n = bigIntOf(jwk.n);
  const e = bigIntOf(jwk.e);
  if (n === undefined || e === undefined) return 'The RSA key has an empty modulus or exponent.';
  if (n % 2n === 0n) return 'The RSA modulus n is even, so it is not the product of two large primes: this is not a real RSA key.';
  if (e < 3n || e % 2n === 0n) {
    return `The RSA public exponent e is ${e < 3n ? String(e) : 'even'}; RSA needs an odd e of at least 3 (65537 is usual).${e === 1n ? ' With e = 1 a "signature" is the padded message itself: anyone could make one.' : ''}`;
  }
  if (e >= n) return 'The RSA public exponent e is not smaller than the modulus n: this is not a real RSA key.';
  if (jwk.d === undefined) return undefined;
  const [d, p, q, dp, dq, qi] = (['d', 'p', 'q', 'dp', 'dq', 'qi'] as const).map((m) => bigIntOf(jwk[m]));
  if (d === undefined || p === undefined || q === undefined || dp === undefined || dq === undefined || qi === undefined) {
    return 'The RSA private key has an empty member (d, p, q, dp, dq or qi).';
  }
  const mixed = "The RSA private key's members do not belong together";
  const consequence = 'its own public key would reject what it signs (and it could not open what is encrypted to it). Export the key again from where it was made.';
  if (p < 3n || q < 3n || p === q) return `${mixed}: p and q are not two distinct primes; ${consequence}`;
  if (p * q !== n) return `${mixed}: the modulus n is not p × q (the public modulus is another key's); ${consequence}`;
  const p1 = p - 1n;
  const q1 = q - 1n;
  if ((e * (d % p1)) % p1 !== 1n || (e * (d % q1)) % q1 !== 1n) return `${mixed}: the private exponent d does not invert the public exponent e; ${consequence}`;
  if ((dp - d) % p1 !== 0n || (dq - d) % q1 !== 0n) return `${mixed}: the CRT exponents dp and dq do not match d; ${consequence}`;
  if ((q * qi) % p !== 1n) return `${mixed}: the CRT coefficient qi is not the inverse of q modulo p; ${consequence}`;
  return undefined;
}
