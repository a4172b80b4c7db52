// The stored form of a key (KeyMaterial) and the small helpers every key
// route shares: member lists, ordered JWKs, sizes and shapes for messages,
// thumbprints and random kids.

import { base64url, calculateJwkThumbprint, generateSecret } from 'jose';
import { useOf } from '../jose/algorithms';
import type { KeyKind } from '../jose/algorithms';
import type { Jwk, KeyAlg, KeyMaterial } from '../base/types';
import { decodeBase64Text } from './pem';

/** Label for messages: a kid shortened and stripped to plain characters. */
export function kidLabel(kid: string): string {
  const plain = kid.replace(/[^\x20-\x7e]/g, '?');
  return plain.length > 40 ? `${plain.slice(0, 37)}...` : plain;
}

export function b64uDecode(value: string): Uint8Array | undefined {
  return decodeBase64Text(value, 'base64url');
}

export function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i] as number));
}

export async function randomBytes(count: number): Promise<Uint8Array> {
  // jose's CBC-HS512 secret generator returns 64 fresh random bytes; chunks of it keep randomness inside jose.
  const out = new Uint8Array(count);
  for (let pos = 0; pos < count; pos += 64) {
    const chunk = await generateSecret('A256CBC-HS512');
    out.set(chunk.subarray(0, Math.min(64, count - pos)), pos);
  }
  return out;
}

/** An AKP (ML-DSA) key's "alg" is one of its members: it names the parameter set, and RFC 7638 hashes it. */
export const PUBLIC_MEMBERS: Record<KeyKind, readonly string[]> = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
  AKP: ['alg', 'pub'],
  oct: [],
};
export const PRIVATE_MEMBERS: Record<KeyKind, readonly string[]> = {
  RSA: ['d', 'p', 'q', 'dp', 'dq', 'qi'],
  EC: ['d'],
  OKP: ['d'],
  AKP: ['priv'],
  oct: ['k'],
};

/** The member a private JWK of this type has and a public one has not. */
export function privateMarker(kty: string): 'd' | 'priv' | 'k' {
  return kty === 'AKP' ? 'priv' : kty === 'oct' ? 'k' : 'd';
}

/** JWK key_ops of the public half that matches a private key's key_ops. */
function publicKeyOps(ops: readonly string[]): string[] {
  const map: Record<string, string> = { sign: 'verify', verify: 'verify', decrypt: 'encrypt', encrypt: 'encrypt', unwrapKey: 'wrapKey', wrapKey: 'wrapKey' };
  const out: string[] = [];
  for (const op of ops) {
    const mapped = map[op];
    if (mapped && !out.includes(mapped)) out.push(mapped);
  }
  return out;
}

/** A JWK in a fixed member order: kty, kid, use, alg, key members, key_ops. */
export function orderedJwk(kty: KeyKind, kid: string, use: 'sig' | 'enc', alg: KeyAlg, source: Record<string, unknown>, members: readonly string[], keyOps?: string[]): Jwk {
  const out: Jwk = { kty, kid, use, alg };
  for (const m of members) {
    const v = source[m];
    if (typeof v === 'string') out[m] = v;
  }
  if (keyOps && keyOps.length > 0) out.key_ops = [...keyOps];
  return out;
}

export function sizeOf(kty: KeyKind, jwk: Record<string, unknown>): string {
  if (kty === 'RSA') return `${bitLength(b64uDecode(String(jwk.n)) ?? new Uint8Array())} bits`;
  if (kty === 'oct') return `${(b64uDecode(String(jwk.k))?.length ?? 0) * 8} bits`;
  return String(kty === 'AKP' ? jwk.alg : jwk.crv);
}

export function describeKeyShape(kty: KeyKind, jwk: Record<string, unknown>): string {
  if (kty === 'RSA') return `RSA ${sizeOf(kty, jwk)}`;
  if (kty === 'EC') return `EC ${String(jwk.crv)}`;
  if (kty === 'OKP') return String(jwk.crv);
  if (kty === 'AKP') return String(jwk.alg);
  return `shared secret, ${b64uDecode(String(jwk.k))?.length ?? 0} bytes`;
}

/**
 * Why a shared key never gets its thumbprint as kid. For an `oct` key the
 * RFC 7638 thumbprint is SHA-256 over `{"k":…,"kty":"oct"}`: unsalted, fast,
 * and sent in every token header, so one token is enough to test guesses of
 * the secret offline at one hash each (for a PBES2 password, without paying
 * its p2c iterations).
 */
export const RANDOM_KID_REASON =
  "A shared secret's kid is never its RFC 7638 thumbprint: that is an unsalted SHA-256 of the secret, sent in every token header, so anyone holding one token could test guesses of the secret offline (for a PBES2 password, without its iteration count).";

/** A kid for a shared key: 16 random bytes, base64url (22 characters). Nothing about the secret goes into it. */
async function randomKid(): Promise<string> {
  return base64url.encode(await randomBytes(16));
}

/** Builds the stored form. `jwk` holds key members only (public, or public + private). Shared secrets without a kid get a random one. */
export async function buildMaterial(kty: KeyKind, jwk: Record<string, unknown>, alg: KeyAlg, kid: string | undefined, keyOps?: string[]): Promise<KeyMaterial> {
  const use = useOf(alg);
  const publicMembers = PUBLIC_MEMBERS[kty];
  const privateMembers = PRIVATE_MEMBERS[kty];
  const hasPrivate = kty === 'oct' || typeof jwk[privateMarker(kty)] === 'string';
  let theKid = kid;
  if (theKid === undefined && kty === 'oct') theKid = await randomKid();
  if (theKid === undefined) {
    const thumbSource: Jwk = { kty };
    for (const m of publicMembers) if (typeof jwk[m] === 'string') thumbSource[m] = jwk[m];
    theKid = await thumbprint(thumbSource);
  }
  const material: KeyMaterial = { kid: theKid, alg, use, kty, size: sizeOf(kty, jwk) };
  if (kty !== 'oct') {
    material.publicJwk = orderedJwk(kty, theKid, use, alg, jwk, publicMembers, keyOps ? publicKeyOps(keyOps) : undefined);
  }
  if (hasPrivate) {
    material.privateJwk = orderedJwk(kty, theKid, use, alg, jwk, [...publicMembers, ...privateMembers], keyOps);
  }
  return material;
}

/** RFC 7638 SHA-256 thumbprint (base64url) of a JWK's required public members (`k` for secrets). */
export async function thumbprint(jwk: Jwk): Promise<string> {
  // Only the members RFC 7638 hashes, read as own properties: the JWK may come from parsed text.
  const copy: Record<string, string> = {};
  for (const m of ['kty', 'crv', 'x', 'y', 'n', 'e', 'k', ...(jwk.kty === 'AKP' ? ['alg', 'pub'] : [])]) {
    const v = Object.hasOwn(jwk, m) ? jwk[m] : undefined;
    if (typeof v === 'string') copy[m] = v;
  }
  return calculateJwkThumbprint(copy as Parameters<typeof calculateJwkThumbprint>[0]);
}

/** The key without its private half: what the key ring may keep in workspace state. A shared secret keeps nothing. */
export function publicOnly(key: KeyMaterial): KeyMaterial {
  const out: KeyMaterial = { kid: key.kid, alg: key.alg, use: key.use, kty: key.kty, size: key.size };
  if (key.publicJwk) out.publicJwk = JSON.parse(JSON.stringify(key.publicJwk)) as Jwk;
  return out;
}

/**
 * Key members only: jose must not see use/key_ops (we enforce those ourselves, and its import would
 * reject some key_ops), nor alg, except an AKP key's, which is one of its members.
 */
export function bareJwk(jwk: Jwk): Record<string, string> & { kty: string } {
  const out: Record<string, string> & { kty: string } = { kty: jwk.kty };
  for (const m of jwk.kty === 'AKP' ? ['alg', 'pub', 'priv'] : ['crv', 'x', 'y', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi', 'k']) {
    const v = jwk[m];
    if (typeof v === 'string') out[m] = v;
  }
  return out;
}

export function randomKidWarning(kid: string): string {
  return `${RANDOM_KID_REASON} This shared secret got the random kid '${kidLabel(kid)}'. If your vendor gave the key an id, import it again with that kid, or set the kid in the profile's header.`;
}

export function randomKidsWarning(count: number): string {
  return `${RANDOM_KID_REASON} The ${count} shared secrets without a kid got random ones.`;
}
