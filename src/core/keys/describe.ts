// What a stored key is, worked out once per key: its shape for lists and
// hovers, its secret length, and whether a shared secret's kid is its
// thumbprint.

import type { KeyMaterial } from '../base/types';
import { b64uDecode, describeKeyShape, thumbprint } from './material';

const thumbprintKids = new WeakMap<object, Promise<boolean>>();

/**
 * True when a shared secret's kid is the RFC 7638 thumbprint of the secret, as
 * keys made before shared keys got random kids have: every token carrying it
 * publishes an unsalted hash of the secret. Worked out once per secret JWK.
 */
export function kidIsSecretThumbprint(key: KeyMaterial): Promise<boolean> {
  const jwk = key.privateJwk;
  if (key.kty !== 'oct' || !jwk || typeof jwk.k !== 'string') return Promise.resolve(false);
  let pending = thumbprintKids.get(jwk);
  if (!pending) {
    pending = thumbprint({ kty: 'oct', k: jwk.k }).then((t) => t === key.kid, () => false);
    thumbprintKids.set(jwk, pending);
  }
  return pending;
}

/** For other core modules: the secret length of an oct key (0 when absent). */
const secretLengths = new WeakMap<object, number>();

/** Bytes in a shared secret (0 for other keys); worked out once per secret JWK, which is never changed in place. */
export function secretLengthOf(key: KeyMaterial): number {
  const jwk = key.privateJwk;
  const k = jwk?.k;
  if (typeof k !== 'string' || !jwk) return 0;
  let length = secretLengths.get(jwk);
  if (length === undefined) {
    length = b64uDecode(k)?.length ?? 0;
    secretLengths.set(jwk, length);
  }
  return length;
}


export function describeKey(key: KeyMaterial): string {
  if (key.kty === 'oct') return `shared secret, ${secretLengthOf(key)} bytes`;
  return describeKeyShape(key.kty, (key.publicJwk ?? key.privateJwk ?? {}) as Record<string, unknown>);
}
