// The public members of an SPKI as a JWK (RSA n/e, EC crv/x/y, OKP crv/x),
// synchronously: the hover compares an x5c leaf certificate's key with the
// key that verified the signature while it builds its text, and jose's
// import is asynchronous. Which key the SPKI holds comes from keyTypeOf, as
// for every import; the members are read straight from the BIT STRING
// (tests check them against jose's and node:crypto's JWK export).

import { decodeBase64Url } from '../text/base64url';
import { CURVES } from '../jose/algorithms';
import type { Jwk } from '../base/types';
import { DerError, TAG_BIT_STRING, TAG_INTEGER, TAG_SEQUENCE, childrenOf, contentOf, readRoot, sameBytes } from './der';
import { keyTypeOf } from './keyTypes';
import { encodeBase64 } from './pem';

export type PublicKeyMembers = { kty: 'RSA'; n: string; e: string } | { kty: 'EC'; crv: string; x: string; y: string } | { kty: 'OKP'; crv: string; x: string };

const b64u = (bytes: Uint8Array): string => encodeBase64(bytes, 'base64url');

/** An unsigned big-endian integer without its leading zero bytes (DER adds one before a high bit; JWK has none). */
function unsigned(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

/** The public key in an SPKI as JWK members; undefined for a key type this tool does not read, or a malformed one. Never throws. */
export function publicKeyOfSpki(spki: Uint8Array): PublicKeyMembers | undefined {
  const typed = keyTypeOf(spki, 'spki');
  if (!typed.ok) return undefined;
  try {
    const bits = childrenOf(spki, readRoot(spki))[1];
    if (!bits || bits.tag !== TAG_BIT_STRING) return undefined;
    const content = contentOf(spki, bits);
    if (content[0] !== 0) return undefined; // a key is whole bytes: no unused bits
    const key = content.subarray(1);
    const { kty, crv } = typed.type;
    if (kty === 'RSA') {
      const rsa = readRoot(key);
      const [n, e, extra] = rsa.tag === TAG_SEQUENCE ? childrenOf(key, rsa) : [];
      if (!n || !e || extra || n.tag !== TAG_INTEGER || e.tag !== TAG_INTEGER) return undefined;
      return { kty, n: b64u(unsigned(contentOf(key, n))), e: b64u(unsigned(contentOf(key, e))) };
    }
    if (!crv) return undefined;
    const size = CURVES[crv].bytes;
    if (kty === 'OKP') return key.length === size ? { kty, crv, x: b64u(key) } : undefined;
    // Uncompressed points only (0x04 ‖ x ‖ y), as certificates carry them; a compressed point is not compared.
    if (key.length !== 1 + 2 * size || key[0] !== 0x04) return undefined;
    return { kty: 'EC', crv, x: b64u(key.subarray(1, 1 + size)), y: b64u(key.subarray(1 + size)) };
  } catch (e) {
    if (e instanceof DerError) return undefined;
    throw e;
  }
}

function own(jwk: Jwk | PublicKeyMembers, name: string): unknown {
  return Object.hasOwn(jwk, name) ? (jwk as Record<string, unknown>)[name] : undefined;
}

/** RSA 16384-bit moduli are 2,731 characters of base64url. */
const MAX_MEMBER_CHARS = 4096;

function member(jwk: Jwk | PublicKeyMembers, name: string): Uint8Array | undefined {
  const value = own(jwk, name);
  if (typeof value !== 'string' || value.length > MAX_MEMBER_CHARS) return undefined;
  const decoded = decodeBase64Url(value);
  return decoded.ok ? unsigned(decoded.bytes) : undefined;
}

/** Whether two JWKs hold the same public key: RSA n and e, EC crv, x and y, OKP crv and x (numbers compared without leading zeros). */
export function samePublicKey(a: Jwk | PublicKeyMembers, b: Jwk | PublicKeyMembers): boolean {
  const kty = own(a, 'kty');
  if (kty !== own(b, 'kty')) return false;
  const names = kty === 'RSA' ? ['n', 'e'] : kty === 'EC' ? ['x', 'y'] : kty === 'OKP' ? ['x'] : [];
  const crv = own(a, 'crv');
  if (names.length === 0 || (kty !== 'RSA' && (typeof crv !== 'string' || crv !== own(b, 'crv')))) return false;
  return names.every((name) => {
    const x = member(a, name);
    const y = member(b, name);
    return x !== undefined && y !== undefined && sameBytes(x, y);
  });
}
