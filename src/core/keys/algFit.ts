// Whether an algorithm suits a key, in the words import shows: algorithms
// named only to refuse them, mismatches with a hint, the choices left open.

import { algsForKey, describeNeededKey, keyChecksAlg, keyFits, useOf } from '../jose/algorithms';
import type { KeyKind } from '../jose/algorithms';
import type { CoreError, KeyAlg } from '../base/types';
import { fail } from '../base/result';

/** Algorithms we name only to refuse. */
export function refusedAlg(alg: unknown): { ok: false; error: CoreError } | undefined {
  if (typeof alg !== 'string') return undefined;
  if (alg.toLowerCase() === 'none') return fail('KEY_UNSUPPORTED', 'There are no keys for "none": unsigned tokens are never signed or verified here.');
  if (alg === 'RSA1_5') return fail('KEY_UNSUPPORTED', 'RSA1_5 is not supported (insecure, RFC 8725): use RSA-OAEP-256.');
  return undefined;
}

/** "an" before the key shapes we name (RSA, EC, Ed25519, X25519), "a" otherwise. */
export function article(word: string): string {
  return /^[AEFHILMNORSX]/.test(word) ? 'an' : 'a';
}

export function publicOnlyWarning(alg: KeyAlg): string {
  return useOf(alg) === 'sig'
    ? 'Only the public key was given: this key can verify tokens but not sign them. Import its private half to sign.'
    : 'Only the public key was given: this key can encrypt to its owner but not decrypt. Import its private half to decrypt.';
}

export function algMismatch(alg: KeyAlg, kty: KeyKind, crv: string | undefined, shape: string): { ok: false; error: CoreError } | undefined {
  if (keyFits(alg, kty, crv)) return undefined;
  const fits = algsForKey(kty, crv);
  const hint = fits.length > 0 ? ` This key suits ${fits.slice(0, 6).join(', ')}${fits.length > 6 ? ', …' : ''}.` : '';
  return fail('KEY_ALG_MISMATCH', `${alg} needs ${describeNeededKey(alg)}, but this is ${kty === 'oct' ? 'a shared secret' : `${article(shape)} ${shape} key`}.${hint}`);
}

/** See `ImportedKeyDetail.algs`: `alg` is the algorithm the key got, `named` whether the caller or the key fixed it. */
export function openAlgs(
  alg: KeyAlg,
  named: boolean,
  kty: KeyKind,
  crv: string | undefined,
  limit?: { use?: 'sig' | 'enc'; pss?: boolean; publicOnly?: boolean },
): KeyAlg[] {
  if (named) return [alg];
  let fits = algsForKey(kty, crv);
  if (limit?.use) fits = fits.filter((a) => useOf(a) === limit.use);
  if (limit?.pss) fits = fits.filter((a) => a.startsWith('PS'));
  // A public Ed25519 key checks tokens under either name (keyChecksAlg), so only a private one is asked which name it signs with.
  if (limit?.publicOnly) fits = fits.filter((a) => a === alg || !keyChecksAlg(alg, crv, a));
  return [alg, ...fits.filter((a) => a !== alg)];
}
