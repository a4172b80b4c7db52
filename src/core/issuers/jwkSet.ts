// A JWK Set as an issuer publishes it (RFC 7517 §5), read with the care given to tokens.
//
// Each key goes through the same member checks as an imported JWK (keys/jwkMembers.ts, and the RSA size and
// arithmetic of keys/pairCheck.ts), so what a set keeps is what Import Key would accept as a public key.
// Kept keys hold only the standard public members, as bounded strings; a key is skipped, with one
// sentence saying why, when it is for encryption, is a shared secret or carries private members, has a
// type, curve or algorithm JWT Studio does not verify with, or is malformed.
import { algsForKey, isJwsAlg, useOf } from '../jose/algorithms';
import { fail } from '../base/result';
import type { Jwk, KeyAlg, Result } from '../base/types';
import { isPlainObject } from '../base/guards';
import { visibleText } from '../text/json';
import { algMismatch } from '../keys/algFit';
import { akpAlgProblem, jwkKind, jwkMembers, jwkOwnAlg } from '../keys/jwkMembers';
import { PUBLIC_MEMBERS, b64uDecode, bitLength, describeKeyShape } from '../keys/material';
import { rsaKeyRefusal } from '../keys/pairCheck';
import { readIssuerJson } from './issuerJson';
import type { JwkSetReading } from './issuers';

/** JWK Sets over this many characters are not read (real ones are a few KiB). */
export const MAX_JWKS_CHARS = 1024 * 1024;
/** Keys in one set; identity providers publish a handful (current, next, previous). */
export const MAX_JWKS_KEYS = 100;

/** Members that only a private or secret key has (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037; RFC 9964). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'] as const;
const KEY_OPS = new Set(['sign', 'verify', 'encrypt', 'decrypt', 'wrapKey', 'unwrapKey', 'deriveKey', 'deriveBits']);
const MAX_X5C_CERTS = 10;
const MAX_X5C_CHARS = 16 * 1024;
/** The largest RSA key read (keys/pairCheck.ts refuses larger ones). */
const MAX_RSA_BITS = 16384;

/** Bounded strict JSON `{ "keys": [...] }`; signature keys kept as public JWKs, the rest skipped with a note. */
export function readJwkSet(text: string): Result<JwkSetReading> {
  const json = readIssuerJson(text, MAX_JWKS_CHARS);
  if (!json.ok) return fail('JWKS_INVALID', `The JWK Set ${json.problem}: check that the URL is the issuer's jwks_uri.`);
  const set = json.value;
  if (!isPlainObject(set) || !Object.hasOwn(set, 'keys')) {
    const discovery = isPlainObject(set) && Object.hasOwn(set, 'jwks_uri');
    return fail('JWKS_INVALID', discovery
      ? 'This is a discovery document, not a JWK Set: fetch the URL its "jwks_uri" names, or trust the issuer and let discovery find it.'
      : 'The JWK Set is not {"keys": [...]}: check that the URL is the issuer\'s jwks_uri.');
  }
  // Duplicates inside one key skip that key; anywhere else they make the set unreadable.
  const duplicateIn = new Map<number, string>();
  for (const pointer of json.duplicates) {
    const index = keyIndexOf(pointer);
    if (index === undefined) return fail('JWKS_INVALID', `The JWK Set has the member ${visibleText(pointer, 60)} more than once, so readers can disagree about its keys: ask the issuer to fix it.`);
    if (!duplicateIn.has(index)) duplicateIn.set(index, pointer);
  }
  if (json.duplicatesTruncated) return fail('JWKS_INVALID', 'The JWK Set repeats member names more than 20 times: ask the issuer to fix it.');
  const list = set.keys;
  if (!Array.isArray(list)) return fail('JWKS_INVALID', 'The JWK Set\'s "keys" member is not a list: check that the URL is the issuer\'s jwks_uri.');
  if (list.length === 0) return fail('JWKS_INVALID', 'The JWK Set holds no keys: the issuer publishes none at this URL.');
  if (list.length > MAX_JWKS_KEYS) return fail('JWKS_INVALID', `The JWK Set holds ${list.length} keys; at most ${MAX_JWKS_KEYS} are read (identity providers publish a few). Check the URL.`);

  const keys: Jwk[] = [];
  const notes: string[] = [];
  // The first kept key of each kid, and of each kid and key type.
  const firstWithKid = new Map<string, number>();
  const firstWithKidAndType = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const entry: unknown = list[i];
    const where = keyLabel(i, entry);
    const duplicate = duplicateIn.get(i);
    if (duplicate !== undefined) {
      notes.push(`${where} has the member ${visibleText(duplicate, 60)} more than once: skipped.`);
      continue;
    }
    const read = publicSignatureKey(entry, where, notes);
    if (!read) continue;
    if (read.kid !== undefined) {
      // RFC 7517 §4.5: keys of different types may share a kid as alternatives (verifyToken picks the one
      // for the token's algorithm); two of one type with one kid leave no way to tell which is meant.
      const sameType = `${read.kty} ${read.kid}`;
      const first = firstWithKidAndType.get(sameType);
      if (first !== undefined) {
        notes.push(`${where} has the same kid and key type (${read.kty}) as key ${first + 1}: the first is kept, this one skipped.`);
        continue;
      }
      const other = firstWithKid.get(read.kid);
      if (other !== undefined) notes.push(`${where} shares its kid with key ${other + 1}, a key of another type: both are kept, as alternatives (RFC 7517 §4.5).`);
      else firstWithKid.set(read.kid, i);
      firstWithKidAndType.set(sameType, i);
    }
    keys.push(read);
  }
  if (keys.length === 0) {
    const shown = notes.slice(0, 3).join(' ');
    const more = notes.length > 3 ? ` And ${notes.length - 3} more.` : '';
    return fail('JWKS_INVALID', `The JWK Set holds no key that can verify a token. ${shown}${more}`);
  }
  return { ok: true, keys, notes };
}

/** "Key 2 (kid 'abc')", the kid escaped and shortened. */
function keyLabel(index: number, entry: unknown): string {
  const kid = isPlainObject(entry) && Object.hasOwn(entry, 'kid') ? entry.kid : undefined;
  return typeof kid === 'string' && kid !== '' ? `Key ${index + 1} (kid '${visibleText(kid, 40)}')` : `Key ${index + 1}`;
}

/** The index of the key a JSON pointer `/keys/<i>/…` lies in, or undefined for any other pointer. */
function keyIndexOf(pointer: string): number | undefined {
  if (!pointer.startsWith('/keys/')) return undefined;
  let end = 6;
  while (end < pointer.length && end < 12 && pointer.charCodeAt(end) >= 0x30 && pointer.charCodeAt(end) <= 0x39) end++;
  if (end === 6 || pointer.charCodeAt(end) !== 0x2f) return undefined;
  return Number(pointer.slice(6, end));
}

/** The kept form of one entry, or undefined with a note saying why it was skipped. */
function publicSignatureKey(entry: unknown, where: string, notes: string[]): Jwk | undefined {
  const skip = (why: string): undefined => {
    notes.push(`${where} ${why}: skipped.`);
    return undefined;
  };
  const malformed = (message: string): undefined => {
    notes.push(`${message.replace(/\.$/, '')}: skipped.`);
    return undefined;
  };
  if (!isPlainObject(entry)) return skip('is not a JSON object');
  if (entry.kty === 'oct') return skip('is a shared secret (kty "oct"), which an issuer never publishes for verifiers');
  const secret = PRIVATE_MEMBERS.filter((m) => Object.hasOwn(entry, m));
  if (secret.length > 0) {
    return skip(`carries private key members (${secret.join(', ')}): the issuer publishes private key material, which lets anyone sign as it (tell the issuer)`);
  }
  if (entry.use === 'enc') return skip('is for encryption (use "enc")');
  const kind = jwkKind(entry, where);
  if (!kind.ok) return malformed(kind.error.message);
  if (kind.kty === 'AKP') {
    const refused = akpAlgProblem(kind.get('alg'), where);
    if (refused) return malformed(refused.error.message);
  }
  const read = jwkMembers(kind, where);
  if (!read.ok) return malformed(read.error.message);
  const { members, crv, kid, use, keyOps } = read;
  if (keyOps !== undefined && !keyOps.includes('verify')) return skip('has key_ops without "verify"');
  if (keyOps !== undefined && (keyOps.length > KEY_OPS.size || !keyOps.every((op) => KEY_OPS.has(op)))) return skip('has key_ops that are not JWK operations (RFC 7517 §4.3)');
  const own = jwkOwnAlg(kind.get, kind.kty, where);
  if (!own.ok) return malformed(own.error.message);
  const alg: KeyAlg | undefined = own.alg;
  const shape = describeKeyShape(kind.kty, members);
  if (alg !== undefined) {
    if (useOf(alg) !== 'sig') return skip(`is for encryption (alg ${alg})`);
    const mismatch = algMismatch(alg, kind.kty, crv, shape);
    if (mismatch) return malformed(`${where}: ${mismatch.error.message}`);
  } else if (!algsForKey(kind.kty, crv).some(isJwsAlg)) {
    return skip(`is ${shape === 'X25519' ? 'an X25519 key, which is for key agreement (encryption) only' : `a ${shape} key, which signs with no algorithm JWT Studio verifies`}`);
  }
  if (kind.kty === 'RSA') {
    const refused = rsaKeyRefusal(members);
    if (refused) return refused.error.code === 'KEY_BAD_JWK' ? malformed(`${where}: ${refused.error.message}`) : skip(rsaSizeWords(members));
  }
  const kept: Jwk = { kty: kind.kty };
  if (kid !== undefined) kept.kid = kid;
  if (alg !== undefined) kept.alg = alg;
  if (use !== undefined) kept.use = use;
  if (keyOps !== undefined) kept.key_ops = [...keyOps];
  for (const m of PUBLIC_MEMBERS[kind.kty]) kept[m] = members[m];
  keepCertificateMembers(entry, kept, where, notes);
  return kept;
}

/** Why an issuer's RSA key is too small or too large, in words about the issuer's key (the import's advice is for keys a person makes). */
function rsaSizeWords(members: Record<string, unknown>): string {
  const bits = bitLength(b64uDecode(String(members.n)) ?? new Uint8Array());
  return bits < 2048
    ? `is a ${bits}-bit RSA key; at least 2048 bits are needed (RFC 7518 §3.3)`
    : `is a ${bits}-bit RSA key; at most ${MAX_RSA_BITS} bits are read (each signature check would take seconds)`;
}

/** x5c, x5t and x5t#S256 when well formed (shown, never trusted); left out with a note otherwise. */
function keepCertificateMembers(entry: Record<string, unknown>, kept: Jwk, where: string, notes: string[]): void {
  const x5c = Object.hasOwn(entry, 'x5c') ? entry.x5c : undefined;
  if (x5c !== undefined) {
    const fine = Array.isArray(x5c) && x5c.length > 0 && x5c.length <= MAX_X5C_CERTS && x5c.every((c) => typeof c === 'string' && c.length <= MAX_X5C_CHARS && isBase64(c));
    if (fine) kept.x5c = [...(x5c as string[])];
    else notes.push(`${where}: its "x5c" is not a list of at most ${MAX_X5C_CERTS} base64 certificates, so it was left out (the key is kept).`);
  }
  for (const [name, bytes] of [['x5t', 20], ['x5t#S256', 32]] as const) {
    const value = Object.hasOwn(entry, name) ? entry[name] : undefined;
    if (value === undefined) continue;
    if (typeof value === 'string' && value.length <= 64 && b64uDecode(value)?.length === bytes) kept[name] = value;
    else notes.push(`${where}: its "${name}" is not a base64url SHA-${bytes === 20 ? '1' : '256'} thumbprint, so it was left out (the key is kept).`);
  }
}

/** Standard base64 with its padding (RFC 7517 §4.7), checked character by character. */
function isBase64(text: string): boolean {
  if (text.length === 0 || text.length % 4 !== 0) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  for (let i = 0; i < text.length - padding; i++) {
    const c = text.charCodeAt(i);
    const letterOrDigit = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
    if (!letterOrDigit && c !== 0x2b && c !== 0x2f) return false;
  }
  return true;
}
