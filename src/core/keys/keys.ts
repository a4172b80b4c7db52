// Keys: generate, import (PEM, certificate, JWK, JWKS, shared secret), export
// the public half, and turn a stored key into a jose CryptoKey once.
//
// Every key leaves here carrying exactly one algorithm. Nothing a token says
// can change it later, which is what stops algorithm confusion (RS256 → HS256,
// HS256 → HS512): see hostile inputs H03, H04, H06.

import {
  CompactSign,
  base64url,
  calculateJwkThumbprint,
  compactVerify,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  generateSecret,
  importJWK,
  importPKCS8,
  importSPKI,
  importX509,
} from 'jose';
import type { CryptoKey } from 'jose';
import {
  algsForKey,
  describeNeededKey,
  inferAlg,
  isJweEnc,
  isJwsAlg,
  isKeyAlg,
  keyFits,
  secretSizeProblem,
  useOf,
} from '../jose/algorithms';
import type { Curve, KeyKind } from '../jose/algorithms';
import {
  DER_INTEGER_ZERO,
  DER_NULL,
  DerError,
  OID_DSA,
  OID_ED25519,
  OID_ED448,
  OID_EC_PUBLIC_KEY,
  OID_RSASSA_PSS,
  OID_RSA_ENCRYPTION,
  OID_SECP256K1,
  OID_X25519,
  OID_X448,
  TAG_BIT_STRING,
  TAG_CONTEXT_0,
  TAG_GENERALIZED_TIME,
  TAG_INTEGER,
  TAG_OCTET_STRING,
  TAG_OID,
  TAG_SEQUENCE,
  TAG_UTC_TIME,
  bitString,
  childrenOf,
  contentOf,
  curveFromOid,
  derKeyShape,
  octetString,
  oid,
  oidForCurve,
  oidToString,
  readRoot,
  sameBytes,
  sequence,
} from './der';
import type { DerNode, NamedCurve } from './der';
import { kidProblem } from './names';
import { decodeBase64Text, decodeLenientBase64, decodeLenientHex, encodePem, hasPemArmour, looksLikePem, parsePem, pemBodyLines } from './pem';
import type { PemBlock } from './pem';
import type { CoreError, ErrorCode, Jwk, KeyAlg, KeyMaterial, Result } from '../base/types';
import { publicHalfRole } from './roles';
import { fail } from '../base/result';
import { isPlainObject } from '../base/guards';

// ---------------------------------------------------------------------------
// Public API types

export interface GenerateKeySpec {
  alg: KeyAlg;
  /** RSA only; default 2048. */
  modulusLength?: 2048 | 3072 | 4096;
  /** ECDH-ES* only (ES* and EdDSA fix their curve); default P-256. */
  crv?: 'P-256' | 'P-384' | 'P-521' | 'X25519';
  /** Shared secrets: HS* default to the hash size (and may be longer), `dir` defaults to 32, PBES2 to 32. */
  secretBytes?: number;
  kid?: string;
}

export interface ImportKeyOptions {
  alg?: KeyAlg;
  kid?: string;
  format?: 'auto' | 'pem' | 'jwk' | 'jwks' | 'secret';
  /**
   * How secret text becomes bytes. `auto` uses the UTF-8 bytes of the text,
   * as jsonwebtoken, PyJWT and the vendors' snippets do with a string secret;
   * warnings say when the text would also decode as hex or base64.
   */
  secretEncoding?: 'auto' | 'base64url' | 'base64' | 'hex' | 'utf8';
}

export interface ImportedKeys {
  keys: KeyMaterial[];
  /** One sentence to show before saving: what was found and what it will be used for. */
  recognised: string;
  warnings: string[];
  /**
   * Kids made up at random for shared secrets that came without one. A shared
   * secret's kid is never its thumbprint (see `RANDOM_KID_REASON`).
   */
  randomKids: string[];
  /** One per key, in the order of `keys`: where its kid came from and which algorithms it could have been imported for. */
  details: ImportedKeyDetail[];
}

export interface ImportedKeyDetail {
  /** The kid was typed (`options.kid`) or came with the key (a JWK's "kid"); false for a thumbprint or random kid. */
  kidGiven: boolean;
  /**
   * The algorithms this key can be imported for, the first being the one it got. Only that one when the
   * caller or the JWK names it, and for every key of a JWK Set (a set is what an issuer publishes: each
   * key keeps what it says, or what is inferred from it); the algorithms of its "use" when a single JWK
   * says only that; PS256 / PS384 /
   * PS512 for an RSA-PSS-only key; otherwise every algorithm that fits the key. An adapter asks the
   * person to choose when there is more than one, and imports again with `{ alg }`.
   */
  algs: KeyAlg[];
}

export type KeyUsage = 'sign' | 'verify' | 'encrypt' | 'decrypt';

// ---------------------------------------------------------------------------
// Small helpers


const MAX_KEY_INPUT = 1_000_000;

/** Label for messages: a kid shortened and stripped to plain characters. */
function kidLabel(kid: string): string {
  const plain = kid.replace(/[^\x20-\x7e]/g, '?');
  return plain.length > 40 ? `${plain.slice(0, 37)}...` : plain;
}

function b64uDecode(value: string): Uint8Array | undefined {
  return decodeBase64Text(value, 'base64url');
}

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i] as number));
}

async function randomBytes(count: number): Promise<Uint8Array> {
  // jose's CBC-HS512 secret generator returns 64 fresh random bytes; chunks of it keep randomness inside jose.
  const out = new Uint8Array(count);
  for (let pos = 0; pos < count; pos += 64) {
    const chunk = await generateSecret('A256CBC-HS512');
    out.set(chunk.subarray(0, Math.min(64, count - pos)), pos);
  }
  return out;
}

const PUBLIC_MEMBERS: Record<KeyKind, readonly string[]> = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
  oct: [],
};
const PRIVATE_MEMBERS: Record<KeyKind, readonly string[]> = {
  RSA: ['d', 'p', 'q', 'dp', 'dq', 'qi'],
  EC: ['d'],
  OKP: ['d'],
  oct: ['k'],
};

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
function orderedJwk(kty: KeyKind, kid: string, use: 'sig' | 'enc', alg: KeyAlg, source: Record<string, unknown>, members: readonly string[], keyOps?: string[]): Jwk {
  const out: Jwk = { kty, kid, use, alg };
  for (const m of members) {
    const v = source[m];
    if (typeof v === 'string') out[m] = v;
  }
  if (keyOps && keyOps.length > 0) out.key_ops = [...keyOps];
  return out;
}

function sizeOf(kty: KeyKind, jwk: Record<string, unknown>): string {
  if (kty === 'RSA') return `${bitLength(b64uDecode(String(jwk.n)) ?? new Uint8Array())} bits`;
  if (kty === 'oct') return `${(b64uDecode(String(jwk.k))?.length ?? 0) * 8} bits`;
  return String(jwk.crv);
}

function describeKeyShape(kty: KeyKind, jwk: Record<string, unknown>): string {
  if (kty === 'RSA') return `RSA ${sizeOf(kty, jwk)}`;
  if (kty === 'EC') return `EC ${String(jwk.crv)}`;
  if (kty === 'OKP') return String(jwk.crv);
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
async function buildMaterial(kty: KeyKind, jwk: Record<string, unknown>, alg: KeyAlg, kid: string | undefined, keyOps?: string[]): Promise<KeyMaterial> {
  const use = useOf(alg);
  const publicMembers = PUBLIC_MEMBERS[kty];
  const privateMembers = PRIVATE_MEMBERS[kty];
  const hasPrivate = kty === 'oct' || typeof jwk.d === 'string';
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

// ---------------------------------------------------------------------------
// thumbprint / publicOnly

/** RFC 7638 SHA-256 thumbprint (base64url) of a JWK's required public members (`k` for secrets). */
export async function thumbprint(jwk: Jwk): Promise<string> {
  // Only the members RFC 7638 hashes, read as own properties: the JWK may come from parsed text.
  const copy: Record<string, string> = {};
  for (const m of ['kty', 'crv', 'x', 'y', 'n', 'e', 'k']) {
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

// ---------------------------------------------------------------------------
// generateKey

/** Generates a key for exactly one algorithm; the kid defaults to the RFC 7638 thumbprint of a key pair's public half, and to a random kid for a shared secret. */
export async function generateKey(spec: GenerateKeySpec): Promise<Result<{ key: KeyMaterial }>> {
  try {
    return await generateKeyUnchecked(spec);
  } catch {
    return fail('INTERNAL', `Could not generate a ${safeAlgName(spec?.alg)} key in this runtime.`);
  }
}

function safeAlgName(alg: unknown): string {
  return isKeyAlg(alg) ? alg : 'key';
}

async function generateKeyUnchecked(spec: GenerateKeySpec): Promise<Result<{ key: KeyMaterial }>> {
  const alg: unknown = spec?.alg;
  const refused = refusedAlg(alg);
  if (refused) return refused;
  if (!isKeyAlg(alg)) return fail('KEY_UNSUPPORTED', 'Choose one of the supported algorithms (HS256 … EdDSA for signing, dir … ECDH-ES+A256KW for encryption).');
  if (spec.kid !== undefined) {
    const problem = kidProblem(spec.kid, 'The kid');
    if (problem) return fail('KEY_BAD_JWK', problem);
  }
  const shape = algsShape(alg);

  if (shape === 'oct') {
    if (spec.modulusLength !== undefined || spec.crv !== undefined) {
      return fail('KEY_ALG_MISMATCH', `${alg} uses a shared secret: it has no modulus length or curve.`);
    }
    const bytes = spec.secretBytes ?? defaultSecretBytes(alg);
    if (!Number.isInteger(bytes) || bytes <= 0 || bytes > 1024) {
      return fail('KEY_UNSUPPORTED', 'secretBytes must be a whole number of bytes between 1 and 1024.');
    }
    const problem = secretSizeProblem(alg, bytes);
    if (problem) return fail(problem.short ? 'KEY_TOO_SHORT' : 'KEY_ALG_MISMATCH', problem.message);
    const secret = await randomBytes(bytes);
    const key = await buildMaterial('oct', { k: base64url.encode(secret) }, alg, spec.kid);
    return { ok: true, key };
  }
  if (spec.secretBytes !== undefined) return fail('KEY_ALG_MISMATCH', `${alg} uses a key pair, not a shared secret: secretBytes does not apply.`);

  if (shape === 'RSA') {
    if (spec.crv !== undefined) return fail('KEY_ALG_MISMATCH', `${alg} uses an RSA key: it has no curve.`);
    const modulusLength = spec.modulusLength ?? 2048;
    if (![2048, 3072, 4096].includes(modulusLength)) return fail('KEY_UNSUPPORTED', 'RSA keys are generated with 2048, 3072 or 4096 bits.');
    const pair = await generateKeyPair(alg, { modulusLength, extractable: true });
    const jwk = await exportJWK(pair.privateKey);
    return { ok: true, key: await buildMaterial('RSA', jwk, alg, spec.kid) };
  }

  if (spec.modulusLength !== undefined) return fail('KEY_ALG_MISMATCH', `${alg} does not use an RSA key: modulusLength does not apply.`);
  let crv: Curve;
  if (alg.startsWith('ES') || alg === 'EdDSA') {
    const fixed: Curve = alg === 'ES256' ? 'P-256' : alg === 'ES384' ? 'P-384' : alg === 'ES512' ? 'P-521' : 'Ed25519';
    if (spec.crv !== undefined && spec.crv !== fixed) return fail('KEY_ALG_MISMATCH', `${alg} always uses ${fixed}; ${spec.crv} was asked for.`);
    crv = fixed;
  } else {
    crv = spec.crv ?? 'P-256';
    if (!['P-256', 'P-384', 'P-521', 'X25519'].includes(crv)) return fail('KEY_UNSUPPORTED', `${alg} keys use P-256, P-384, P-521 or X25519.`);
  }
  const pair = await generateKeyPair(alg, { extractable: true, ...(alg.startsWith('ECDH-ES') ? { crv } : {}) });
  const jwk = await exportJWK(pair.privateKey);
  const kty: KeyKind = jwk.kty === 'OKP' ? 'OKP' : 'EC';
  return { ok: true, key: await buildMaterial(kty, jwk, alg, spec.kid) };
}

function algsShape(alg: KeyAlg): 'oct' | 'RSA' | 'curve' {
  if (keyFits(alg, 'oct', undefined)) return 'oct';
  if (keyFits(alg, 'RSA', undefined)) return 'RSA';
  return 'curve';
}

function defaultSecretBytes(alg: KeyAlg): number {
  switch (alg) {
    case 'HS256': return 32;
    case 'HS384': return 48;
    case 'HS512': return 64;
    case 'A128KW': case 'A128GCMKW': return 16;
    case 'A192KW': case 'A192GCMKW': return 24;
    default: return 32;
  }
}

/** Algorithms we name only to refuse. */
function refusedAlg(alg: unknown): { ok: false; error: CoreError } | undefined {
  if (typeof alg !== 'string') return undefined;
  if (alg.toLowerCase() === 'none') return fail('KEY_UNSUPPORTED', 'There are no keys for "none": unsigned tokens are never signed or verified here.');
  if (alg === 'RSA1_5') return fail('KEY_UNSUPPORTED', 'RSA1_5 is not supported (insecure, RFC 8725): use RSA-OAEP-256.');
  return undefined;
}

// ---------------------------------------------------------------------------
// importKey

/**
 * Reads a key a person pasted: PEM (PKCS#8, SPKI, PKCS#1, SEC1, X.509), JWK,
 * JWK Set, or a shared secret. Never throws; never treats key text as a secret.
 */
export async function importKey(input: string, options: ImportKeyOptions = {}): Promise<Result<ImportedKeys>> {
  try {
    return await importKeyUnchecked(input, options);
  } catch {
    return fail('INTERNAL', 'The key could not be read. Check that it is complete and unchanged.');
  }
}

async function importKeyUnchecked(input: string, options: ImportKeyOptions): Promise<Result<ImportedKeys>> {
  if (typeof input !== 'string') return fail('KEY_UNRECOGNISED', 'Paste the key as text.');
  if (input.length > MAX_KEY_INPUT) return fail('KEY_UNRECOGNISED', 'The text is over 1 MB: that is not a single key or key set.');
  const text = input.trim();
  if (text === '') return fail('KEY_UNRECOGNISED', 'Nothing to import: the text is empty.');
  if (options.alg !== undefined) {
    const refused = refusedAlg(options.alg);
    if (refused) return refused;
    if (!isKeyAlg(options.alg)) return fail('KEY_UNSUPPORTED', 'The chosen algorithm is not one this tool supports.');
  }
  if (options.kid !== undefined) {
    const problem = kidProblem(options.kid, 'The kid');
    if (problem) return fail('KEY_BAD_JWK', problem);
  }
  const format = options.format ?? 'auto';
  const found = scanKeyText(text, 0, []);
  const keyText = found?.kind;

  switch (format) {
    case 'pem':
      if (keyText === 'pem-armour') return fail('KEY_BAD_PEM', 'The BEGIN/END lines are not in the PEM form ("-----BEGIN PUBLIC KEY-----": five dashes, an upper-case label): fix them, or export the key again.');
      if (keyText !== 'pem') return fail('KEY_BAD_PEM', 'No "-----BEGIN …-----" line found: this is not PEM text.');
      return importPem(text, options);
    case 'jwk':
    case 'jwks':
      if (keyText === 'pem') return fail('KEY_BAD_JWK', 'This is PEM text, not a JWK: choose PEM (or auto).');
      return importJson(text, options);
    case 'secret':
      if (found !== undefined) return notASecret(found);
      return importSecret(text, options);
    case 'auto':
      if (keyText === 'pem') return importPem(text, options);
      // Text that opens like JSON is read as a JWK, so a broken JWK is reported as one instead of becoming a secret.
      if (keyText === 'json' || text.startsWith('{') || text.startsWith('[')) return importJson(text, options);
      if (found !== undefined) return notASecret(found);
      return importSecret(text, options);
    default:
      return fail('KEY_UNRECOGNISED', 'Unknown import format: use auto, pem, jwk, jwks or secret.');
  }
}

type KeyTextKind = 'pem' | 'pem-armour' | 'json' | 'ssh' | 'encoded';

/** Key material found where a secret was expected: what it is, and how it was dressed. */
interface KeyFinding {
  kind: KeyTextKind;
  /** For `encoded`: "an SPKI public key", "PEM key text", "a raw P-256 public key", … */
  what?: string;
  /** For `encoded`: "hex", "base64url", "base64 without its BEGIN/END lines", … */
  via?: string;
}

/** A raw EC point that may be a public key; checked on the curve later (async). */
interface PointCandidate {
  bytes: Uint8Array;
  via: string;
}

const SSH_PREFIX = /^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-[a-z0-9@.-]+) AAAA/;
/** Below this many characters an encoded key cannot hide in the text (the smallest, a raw P-256 point, is 88 base64 characters). */
const MIN_ENCODED_CHARS = 40;
/** Uncompressed EC points (0x04 ‖ x ‖ y). Compressed points are not checked: half of all random x are valid ones. */
const POINT_CURVES: Readonly<Record<number, 'P-256' | 'P-384' | 'P-521'>> = { 65: 'P-256', 97: 'P-384', 133: 'P-521' };

/**
 * Key material in text, in any dress: PEM (also with a lower-case label or
 * altered dashes), JWK/JWKS JSON, OpenSSH, and the DER of a key or
 * certificate (or PEM / JWK text) encoded as base64, base64url or hex, one
 * level deep. `points` collects byte strings that could be raw EC points.
 */
function scanKeyText(text: string, depth: number, points: PointCandidate[]): KeyFinding | undefined {
  if (looksLikePem(text)) return { kind: 'pem' };
  if (hasPemArmour(text)) return { kind: 'pem-armour' };
  if (parsesAsJsonStructure(text)) return { kind: 'json' };
  // A JWK that does not parse (a trailing comma, single quotes) is still a JWK.
  if ((text.startsWith('{') || text.startsWith('[')) && text.toLowerCase().includes('kty')) return { kind: 'json' };
  if (SSH_PREFIX.test(text)) return { kind: 'ssh' };
  const compact = text.replace(/\s+/g, '');
  if (compact.length < MIN_ENCODED_CHARS) return undefined;
  const bodies = [compact];
  const body = pemBodyLines(text);
  if (body !== compact && body.length >= MIN_ENCODED_CHARS) bodies.push(body);
  for (const candidate of bodies) {
    const b64 = decodeLenientBase64(candidate);
    if (b64) {
      const variant = /[-_]/.test(candidate) ? 'base64url' : 'base64';
      const found = scanKeyBytes(b64, variant, depth, points);
      if (found) return found;
    }
    const hex = decodeLenientHex(candidate);
    if (hex) {
      const found = scanKeyBytes(hex, 'hex', depth, points);
      if (found) return found;
    }
  }
  return undefined;
}

/** Key material in bytes: a DER key or certificate, an OpenSSH key blob, or (from the top level only) key text in UTF-8. */
function scanKeyBytes(bytes: Uint8Array, via: string, depth: number, points: PointCandidate[]): KeyFinding | undefined {
  const shape = derKeyShape(bytes);
  if (shape) return { kind: 'encoded', what: shape, via: depth === 0 && via === 'base64' ? 'base64 without its BEGIN/END lines' : via };
  if (isSshKeyBlob(bytes)) return { kind: 'encoded', what: 'an OpenSSH public key', via };
  if (POINT_CURVES[bytes.length] !== undefined && bytes[0] === 0x04) points.push({ bytes, via });
  if (depth > 0) return undefined;
  const inner = printableUtf8(bytes);
  if (inner === undefined) return undefined;
  const found = scanKeyText(inner.trim(), depth + 1, points);
  if (!found) return undefined;
  const what = found.kind === 'encoded' ? `${found.what ?? 'a key'} (${found.via ?? 'encoded'})` : describeKeyText(found.kind);
  return { kind: 'encoded', what, via };
}

/** An OpenSSH public key blob: a length-prefixed algorithm name ("ssh-rsa", "ecdsa-sha2-nistp256", …) first. */
function isSshKeyBlob(bytes: Uint8Array): boolean {
  if (bytes.length < 20 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0) return false;
  const length = bytes[3] as number;
  if (length < 7 || length > 64 || bytes.length < 4 + length) return false;
  const name = String.fromCharCode(...bytes.subarray(4, 4 + length));
  return name.startsWith('ssh-') || name.startsWith('ecdsa-sha2-') || name.startsWith('sk-');
}

/** The bytes as text when they are valid UTF-8 with no control characters other than line breaks and tabs. */
function printableUtf8(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return undefined;
  }
  return text;
}

/** True when the bytes are an uncompressed point on P-256, P-384 or P-521: a raw EC public key. */
async function isPublicPoint(bytes: Uint8Array): Promise<string | undefined> {
  const crv = POINT_CURVES[bytes.length];
  if (crv === undefined || bytes[0] !== 0x04) return undefined;
  try {
    await globalThis.crypto.subtle.importKey('raw', new Uint8Array(bytes), { name: 'ECDSA', namedCurve: crv }, false, ['verify']);
    return crv;
  } catch {
    return undefined;
  }
}

async function withPoints(found: KeyFinding | undefined, points: PointCandidate[]): Promise<KeyFinding | undefined> {
  if (found) return found;
  for (const p of points) {
    const crv = await isPublicPoint(p.bytes);
    if (crv) return { kind: 'encoded', what: `a raw ${crv} public key`, via: p.via };
  }
  return undefined;
}

/** Key material in text a person gave as a secret, raw EC points included. */
function findKeyMaterial(text: string): Promise<KeyFinding | undefined> {
  const points: PointCandidate[] = [];
  return withPoints(scanKeyText(text, 0, points), points);
}

/** Key material in the bytes a secret decoded to (`how`: the encoding they came from). */
function findKeyMaterialInBytes(bytes: Uint8Array, how: string): Promise<KeyFinding | undefined> {
  const points: PointCandidate[] = [];
  return withPoints(scanKeyBytes(bytes, how, 0, points), points);
}

function parsesAsJsonStructure(text: string): boolean {
  if (!text.startsWith('{') && !text.startsWith('[')) return false;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

function describeKeyText(kind: KeyTextKind): string {
  if (kind === 'pem') return 'PEM key or certificate text';
  if (kind === 'pem-armour') return 'PEM key text with altered BEGIN/END lines';
  if (kind === 'json') return 'JSON (a JWK or JWK Set)';
  if (kind === 'ssh') return 'an OpenSSH public key';
  return 'key material';
}

function notASecret(found: KeyTextKind | KeyFinding, where = 'This'): { ok: false; error: CoreError } {
  const finding = typeof found === 'string' ? { kind: found } : found;
  if (finding.kind === 'ssh') {
    return fail('KEY_UNSUPPORTED', 'This is an OpenSSH public key. Convert it to PEM first: ssh-keygen -e -m PKCS8 -f key.pub');
  }
  const what = finding.kind === 'encoded' ? `${finding.what ?? 'key material'}${finding.via ? ` in ${finding.via}` : ''}` : describeKeyText(finding.kind);
  const fix =
    finding.kind === 'pem-armour'
      ? 'Import it as a key, with its BEGIN/END lines as written by OpenSSL ("-----BEGIN PUBLIC KEY-----").'
      : finding.kind === 'encoded'
        ? 'Import the key itself (PEM or JWK) instead.'
        : 'Import it as a key instead.';
  return fail(
    'KEY_TEXT_NOT_SECRET',
    `${where} is ${what}, not a shared secret. Using key material as an HMAC or encryption secret is the RS256→HS256 confusion attack (RFC 8725 section 3.1): anyone with the public key could make tokens. It is refused, whatever the format or encoding chosen. ${fix}`,
  );
}

// ---- PEM ------------------------------------------------------------------

type Container =
  | { kind: 'pkcs8'; der: Uint8Array; description: string; block: PemBlock }
  | { kind: 'spki'; der: Uint8Array; description: string; block: PemBlock }
  | { kind: 'x509'; der: Uint8Array; spki: Uint8Array; notAfter?: Date; description: string; block: PemBlock };

const IGNORED_LABELS = new Set(['EC PARAMETERS']);
const PRIVATE_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY'];
const PUBLIC_LABELS = ['PUBLIC KEY', 'RSA PUBLIC KEY'];

async function importPem(text: string, options: ImportKeyOptions): Promise<Result<ImportedKeys>> {
  const parsed = parsePem(text);
  if (!parsed.ok) return parsed;
  const warnings: string[] = [];
  const usable: PemBlock[] = [];
  for (const block of parsed.blocks) {
    if (IGNORED_LABELS.has(block.label)) continue;
    const unsupported = unsupportedPemLabel(block.label);
    if (unsupported) return fail('KEY_UNSUPPORTED', unsupported);
    if (![...PRIVATE_LABELS, ...PUBLIC_LABELS, 'CERTIFICATE'].includes(block.label)) {
      return fail('KEY_UNRECOGNISED', `The PEM block on line ${block.line} is "${block.label}", which is not a key this tool reads (PRIVATE KEY, PUBLIC KEY, RSA/EC PRIVATE KEY, RSA PUBLIC KEY, CERTIFICATE).`);
    }
    usable.push(block);
  }
  if (usable.length === 0) return fail('KEY_BAD_PEM', 'The PEM text holds no key block (only parameters).');
  const chosen =
    usable.find((b) => PRIVATE_LABELS.includes(b.label)) ??
    usable.find((b) => PUBLIC_LABELS.includes(b.label)) ??
    (usable[0] as PemBlock);
  const others = usable.filter((b) => b !== chosen);
  if (others.length > 0) {
    warnings.push(
      `Imported the "${chosen.label}" block on line ${chosen.line}; ignored ${others.length} other block${others.length === 1 ? '' : 's'} (${others.map((b) => `"${b.label}" on line ${b.line}`).join(', ')}).`,
    );
  }
  const container = toContainer(chosen, options.alg);
  if (!container.ok) return container;
  return importContainer(container.container, options, warnings);
}

function unsupportedPemLabel(label: string): string | undefined {
  if (label === 'OPENSSH PRIVATE KEY') return 'This is an OpenSSH private key. Convert a copy to PKCS#8 first: ssh-keygen -p -m PKCS8 -f copy_of_key';
  if (label === 'DSA PRIVATE KEY' || label === 'DSA PUBLIC KEY') return 'DSA keys cannot sign JWTs: use RSA, EC or Ed25519.';
  if (label === 'CERTIFICATE REQUEST' || label === 'NEW CERTIFICATE REQUEST') {
    return 'This is a certificate signing request. Take its public key with: openssl req -in request.pem -pubkey -noout';
  }
  if (label === 'X509 CRL') return 'This is a certificate revocation list, not a key.';
  if (label.startsWith('PGP ')) return 'OpenPGP keys are not JOSE keys: export the key as PEM or JWK.';
  if (label === 'TRUSTED CERTIFICATE') return 'This is an OpenSSL "trusted certificate". Convert it: openssl x509 -in cert.pem -out plain.pem';
  return undefined;
}

function derProblem(block: PemBlock, e: unknown, what: string): { ok: false; error: CoreError } {
  if (e instanceof DerError && e.truncated) {
    return fail('KEY_BAD_PEM', `The key data in "${block.label}" (line ${block.line}) ends early: the PEM body looks truncated. Copy the whole key again.`);
  }
  return fail('KEY_BAD_PEM', `The body of "${block.label}" (line ${block.line}) is not ${what}.`);
}

function integersOnly(nodes: DerNode[]): boolean {
  return nodes.length > 0 && nodes.every((n) => n.tag === TAG_INTEGER && n.end > n.contentStart);
}

type ContainerResult = { ok: true; container: Container } | { ok: false; error: CoreError };

function toContainer(block: PemBlock, alg: KeyAlg | undefined): ContainerResult {
  const der = block.der;
  switch (block.label) {
    case 'PRIVATE KEY':
      try {
        readRoot(der);
      } catch (e) {
        return derProblem(block, e, 'a PKCS#8 private key');
      }
      return { ok: true, container: { kind: 'pkcs8', der, description: 'PKCS#8 private key', block } };
    case 'PUBLIC KEY':
      try {
        readRoot(der);
      } catch (e) {
        return derProblem(block, e, 'an SPKI public key');
      }
      return { ok: true, container: { kind: 'spki', der, description: 'SPKI public key', block } };
    case 'RSA PRIVATE KEY': {
      // PKCS#1 RSAPrivateKey: version, n, e, d, p, q, dp, dq, qi. Wrapped as PKCS#8 with rsaEncryption + NULL.
      try {
        const root = readRoot(der);
        const kids = childrenOf(der, root);
        if (root.tag !== TAG_SEQUENCE || kids.length < 9 || !integersOnly(kids)) return derProblem(block, undefined, 'a PKCS#1 RSA private key');
        const version = contentOf(der, kids[0] as DerNode);
        if (!sameBytes(version, [0])) return fail('KEY_UNSUPPORTED', `The PKCS#1 key on line ${block.line} is a multi-prime RSA key, which WebCrypto cannot use.`);
      } catch (e) {
        return derProblem(block, e, 'a PKCS#1 RSA private key');
      }
      const pkcs8 = sequence(DER_INTEGER_ZERO, sequence(oid(OID_RSA_ENCRYPTION), DER_NULL), octetString(der));
      return { ok: true, container: { kind: 'pkcs8', der: pkcs8, description: 'PKCS#1 RSA private key', block } };
    }
    case 'RSA PUBLIC KEY': {
      try {
        const root = readRoot(der);
        const kids = childrenOf(der, root);
        if (root.tag !== TAG_SEQUENCE || kids.length !== 2 || !integersOnly(kids)) return derProblem(block, undefined, 'a PKCS#1 RSA public key');
      } catch (e) {
        return derProblem(block, e, 'a PKCS#1 RSA public key');
      }
      const spki = sequence(sequence(oid(OID_RSA_ENCRYPTION), DER_NULL), bitString(der));
      return { ok: true, container: { kind: 'spki', der: spki, description: 'PKCS#1 RSA public key', block } };
    }
    case 'EC PRIVATE KEY': {
      // SEC1 ECPrivateKey: version 1, privateKey, [0] namedCurve, [1] publicKey.
      let curve: NamedCurve | undefined;
      try {
        const root = readRoot(der);
        const kids = childrenOf(der, root);
        const version = kids[0];
        const secret = kids[1];
        if (root.tag !== TAG_SEQUENCE || !version || !secret || version.tag !== TAG_INTEGER || !sameBytes(contentOf(der, version), [1]) || secret.tag !== TAG_OCTET_STRING) {
          return derProblem(block, undefined, 'a SEC1 EC private key');
        }
        const params = kids.find((k) => k.tag === TAG_CONTEXT_0);
        if (params) {
          const inner = childrenOf(der, params)[0];
          if (!inner || inner.tag !== TAG_OID) return fail('KEY_UNSUPPORTED', `The EC key on line ${block.line} spells out its curve parameters instead of naming the curve; only named curves (P-256, P-384, P-521) are supported.`);
          const curveOid = contentOf(der, inner);
          curve = curveFromOid(curveOid);
          if (!curve) return fail('KEY_UNSUPPORTED', unsupportedCurveMessage(curveOid));
        } else {
          curve = curveForAlg(alg) ?? curveForPrivateLength(secret.end - secret.contentStart);
          if (!curve) return fail('KEY_BAD_PEM', `The EC key on line ${block.line} does not name its curve; choose the algorithm (ES256, ES384 or ES512) so the curve is known.`);
        }
      } catch (e) {
        return derProblem(block, e, 'a SEC1 EC private key');
      }
      const pkcs8 = sequence(DER_INTEGER_ZERO, sequence(oid(OID_EC_PUBLIC_KEY), oid(oidForCurve(curve))), octetString(der));
      return { ok: true, container: { kind: 'pkcs8', der: pkcs8, description: 'SEC1 EC private key', block } };
    }
    case 'CERTIFICATE': {
      try {
        const cert = readCertificate(der);
        return { ok: true, container: { kind: 'x509', der, spki: cert.spki, notAfter: cert.notAfter, description: 'X.509 certificate', block } };
      } catch (e) {
        return derProblem(block, e, 'an X.509 certificate');
      }
    }
    default:
      return fail('KEY_UNRECOGNISED', `The PEM block on line ${block.line} is not a key.`);
  }
}

function curveForAlg(alg: KeyAlg | undefined): NamedCurve | undefined {
  return alg === 'ES256' ? 'P-256' : alg === 'ES384' ? 'P-384' : alg === 'ES512' ? 'P-521' : undefined;
}

function curveForPrivateLength(bytes: number): NamedCurve | undefined {
  return bytes === 32 ? 'P-256' : bytes === 48 ? 'P-384' : bytes === 66 ? 'P-521' : undefined;
}

function unsupportedCurveMessage(curveOid: Uint8Array): string {
  if (sameBytes(curveOid, OID_SECP256K1)) return 'The key is on secp256k1 (ES256K), which this tool does not support: use P-256 (ES256).';
  return `The key's curve (OID ${oidToString(curveOid)}) is not supported: use P-256, P-384 or P-521.`;
}

/** The SPKI inside a certificate and its notAfter, read from tbsCertificate. */
function readCertificate(der: Uint8Array): { spki: Uint8Array; notAfter?: Date } {
  const root = readRoot(der);
  const tbs = childrenOf(der, root)[0];
  if (root.tag !== TAG_SEQUENCE || !tbs || tbs.tag !== TAG_SEQUENCE) throw new DerError('not a certificate', false);
  const fields = childrenOf(der, tbs);
  const offset = fields[0]?.tag === TAG_CONTEXT_0 ? 1 : 0;
  const validity = fields[offset + 3];
  const spki = fields[offset + 5];
  if (!spki || spki.tag !== TAG_SEQUENCE) throw new DerError('no public key in the certificate', false);
  let notAfter: Date | undefined;
  if (validity && validity.tag === TAG_SEQUENCE) {
    const times = childrenOf(der, validity);
    const end = times[1];
    if (end) notAfter = parseAsn1Time(end.tag, contentOf(der, end));
  }
  return { spki: der.slice(spki.start, spki.end), notAfter };
}

function parseAsn1Time(tag: number, bytes: Uint8Array): Date | undefined {
  const text = String.fromCharCode(...bytes);
  const m = tag === TAG_UTC_TIME ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text) : tag === TAG_GENERALIZED_TIME ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text) : null;
  if (!m) return undefined;
  let year = Number(m[1]);
  if (tag === TAG_UTC_TIME) year += year >= 50 ? 1900 : 2000;
  const date = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

type KeyType = { kty: KeyKind; crv?: Curve; pss?: boolean };

/** Which key a PKCS#8 or SPKI structure holds, read from its AlgorithmIdentifier. */
function keyTypeOf(der: Uint8Array, kind: 'pkcs8' | 'spki'): { ok: true; type: KeyType } | { ok: false; message: string; code: ErrorCode } {
  let algId: DerNode | undefined;
  try {
    const root = readRoot(der);
    const kids = childrenOf(der, root);
    algId = kind === 'pkcs8' ? kids[1] : kids[0];
    const body = kind === 'pkcs8' ? kids[2] : kids[1];
    if (root.tag !== TAG_SEQUENCE || !algId || algId.tag !== TAG_SEQUENCE || !body || body.tag !== (kind === 'pkcs8' ? TAG_OCTET_STRING : TAG_BIT_STRING)) {
      return { ok: false, code: 'KEY_BAD_PEM', message: `not a ${kind === 'pkcs8' ? 'PKCS#8' : 'SPKI'} structure` };
    }
    const [algOidNode, paramNode] = childrenOf(der, algId);
    if (!algOidNode || algOidNode.tag !== TAG_OID) return { ok: false, code: 'KEY_BAD_PEM', message: 'no algorithm identifier' };
    const algOid = contentOf(der, algOidNode);
    if (sameBytes(algOid, OID_RSA_ENCRYPTION)) return { ok: true, type: { kty: 'RSA' } };
    if (sameBytes(algOid, OID_RSASSA_PSS)) return { ok: true, type: { kty: 'RSA', pss: true } };
    if (sameBytes(algOid, OID_ED25519)) return { ok: true, type: { kty: 'OKP', crv: 'Ed25519' } };
    if (sameBytes(algOid, OID_X25519)) return { ok: true, type: { kty: 'OKP', crv: 'X25519' } };
    if (sameBytes(algOid, OID_EC_PUBLIC_KEY)) {
      if (!paramNode || paramNode.tag !== TAG_OID) return { ok: false, code: 'KEY_UNSUPPORTED', message: 'the EC key spells out its curve parameters instead of naming a curve; only P-256, P-384 and P-521 are supported' };
      const curveOid = contentOf(der, paramNode);
      const crv = curveFromOid(curveOid);
      if (!crv) return { ok: false, code: 'KEY_UNSUPPORTED', message: unsupportedCurveMessage(curveOid) };
      return { ok: true, type: { kty: 'EC', crv } };
    }
    if (sameBytes(algOid, OID_ED448) || sameBytes(algOid, OID_X448)) {
      return { ok: false, code: 'KEY_UNSUPPORTED', message: 'Ed448 / X448 keys are not supported here: use Ed25519, X25519 or an EC P-curve' };
    }
    if (sameBytes(algOid, OID_DSA)) return { ok: false, code: 'KEY_UNSUPPORTED', message: 'DSA keys cannot sign JWTs: use RSA, EC or Ed25519' };
    return { ok: false, code: 'KEY_UNSUPPORTED', message: `the key algorithm (OID ${oidToString(algOid)}) is not supported` };
  } catch (e) {
    return { ok: false, code: 'KEY_BAD_PEM', message: e instanceof DerError && e.truncated ? 'the key data ends early (truncated?)' : 'not valid DER' };
  }
}

/** The algorithm jose imports a key type with when we only want its JWK back. */
function importAlgFor(type: KeyType): string {
  if (type.kty === 'RSA') return type.pss ? 'PS256' : 'RS256';
  if (type.crv === 'Ed25519') return 'EdDSA';
  return 'ECDH-ES';
}

async function importContainer(container: Container, options: ImportKeyOptions, warnings: string[]): Promise<Result<ImportedKeys>> {
  const { block } = container;
  const typed = keyTypeOf(container.kind === 'x509' ? container.spki : container.der, container.kind === 'pkcs8' ? 'pkcs8' : 'spki');
  if (!typed.ok) {
    const message = `${container.description} (line ${block.line}): ${typed.message}.`;
    return fail(typed.code, message.charAt(0).toUpperCase() + message.slice(1));
  }
  const type = typed.type;
  let jwk: Record<string, unknown>;
  try {
    const importAlg = importAlgFor(type);
    const key =
      container.kind === 'pkcs8'
        ? await importPKCS8(encodePem('PRIVATE KEY', container.der), importAlg, { extractable: true })
        : container.kind === 'spki'
          ? await importSPKI(encodePem('PUBLIC KEY', container.der), importAlg, { extractable: true })
          : await importX509(encodePem('CERTIFICATE', container.der), importAlg, { extractable: true });
    jwk = { ...(await exportJWK(key)) };
  } catch {
    if (type.pss) return fail('KEY_UNSUPPORTED', `The ${container.description} on line ${block.line} is an RSA-PSS-only key, which this runtime cannot import. Re-export it as a plain RSA key.`);
    return fail('KEY_BAD_PEM', `The ${container.description} on line ${block.line} could not be read as a ${type.crv ?? type.kty} key: it may be damaged.`);
  }
  const isPrivate = typeof jwk.d === 'string';
  const kty = type.kty;
  const shape = describeKeyShape(kty, jwk);
  const alg = options.alg ?? (type.pss ? 'PS256' : inferAlg(kty, type.crv, undefined));
  if (!alg) return fail('KEY_UNSUPPORTED', `No algorithm fits this ${shape} key.`);
  const mismatch = algMismatch(alg, kty, type.crv, shape);
  if (mismatch) return mismatch;
  const finished = await finishKey(kty, jwk, alg, options.kid, undefined, 'KEY_BAD_PEM');
  if (!finished.ok) return finished;
  if (!isPrivate) warnings.push(publicOnlyWarning(alg));
  const detail = /RSA|EC /.test(container.description) ? sizeOf(kty, jwk) : shape;
  let recognised = `${container.description}, ${detail}, for ${alg}`;
  if (container.kind === 'x509') {
    recognised = `X.509 certificate with ${article(shape)} ${shape} public key, for ${alg}`;
    warnings.push("Only the certificate's public key is used: its validity dates, issuer and chain are not checked.");
    if (container.notAfter && container.notAfter.getTime() < Date.now()) {
      warnings.push(`The certificate expired on ${container.notAfter.toISOString().slice(0, 10)}.`);
    }
  }
  if (!isPrivate) recognised += ` (${publicHalfRole({ use: useOf(alg) })}: no private key)`;
  const details = [{ kidGiven: options.kid !== undefined, algs: openAlgs(alg, options.alg !== undefined, kty, type.crv, { pss: type.pss }) }];
  return { ok: true, keys: [finished.key], recognised, warnings, randomKids: [], details };
}

/** "an" before the key shapes we name (RSA, EC, Ed25519, X25519), "a" otherwise. */
function article(word: string): string {
  return /^[AEFHILMNORSX]/.test(word) ? 'an' : 'a';
}

function publicOnlyWarning(alg: KeyAlg): string {
  return useOf(alg) === 'sig'
    ? 'Only the public key was given: this key can verify tokens but not sign them. Import its private half to sign.'
    : 'Only the public key was given: this key can encrypt to its owner but not decrypt. Import its private half to decrypt.';
}

function algMismatch(alg: KeyAlg, kty: KeyKind, crv: string | undefined, shape: string): { ok: false; error: CoreError } | undefined {
  if (keyFits(alg, kty, crv)) return undefined;
  const fits = algsForKey(kty, crv);
  const hint = fits.length > 0 ? ` This key suits ${fits.slice(0, 6).join(', ')}${fits.length > 6 ? ', …' : ''}.` : '';
  return fail('KEY_ALG_MISMATCH', `${alg} needs ${describeNeededKey(alg)}, but this is ${kty === 'oct' ? 'a shared secret' : `${article(shape)} ${shape} key`}.${hint}`);
}

/** See `ImportedKeyDetail.algs`: `alg` is the algorithm the key got, `named` whether the caller or the key fixed it. */
function openAlgs(alg: KeyAlg, named: boolean, kty: KeyKind, crv: string | undefined, limit?: { use?: 'sig' | 'enc'; pss?: boolean }): KeyAlg[] {
  if (named) return [alg];
  let fits = algsForKey(kty, crv);
  if (limit?.use) fits = fits.filter((a) => useOf(a) === limit.use);
  if (limit?.pss) fits = fits.filter((a) => a.startsWith('PS'));
  return [alg, ...fits.filter((a) => a !== alg)];
}

/**
 * Shared final step for every import route: size rules, for RSA the arithmetic
 * that ties the private members to the public ones, a real import through jose
 * (so a broken key fails now, not at signing time), a sign-and-verify check
 * that the private and public halves belong together, then the stored form.
 */
async function finishKey(
  kty: KeyKind,
  jwk: Record<string, unknown>,
  alg: KeyAlg,
  kid: string | undefined,
  keyOps: string[] | undefined,
  badCode: ErrorCode = 'KEY_BAD_JWK',
): Promise<{ ok: true; key: KeyMaterial } | { ok: false; error: CoreError }> {
  if (kty === 'RSA') {
    const bits = bitLength(b64uDecode(String(jwk.n)) ?? new Uint8Array());
    if (bits < 2048) return fail('KEY_TOO_SHORT', `RSA keys must have at least 2048 bits (RFC 7518 section 3.3); this one has ${bits}. Generate a 2048-bit or larger key.`);
    if (bits > MAX_RSA_BITS) return fail('KEY_UNSUPPORTED', `This RSA key has ${bits} bits; at most ${MAX_RSA_BITS} are supported (OpenSSL's limit, and each signature would take seconds). Use a 2048 to 4096-bit key.`);
    const problem = rsaProblem(jwk);
    if (problem) return fail(badCode, problem);
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
  if (kty === 'EC') return crv === 'P-256' ? 'ES256' : crv === 'P-384' ? 'ES384' : crv === 'P-521' ? 'ES512' : undefined;
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
function rsaProblem(jwk: Record<string, unknown>): string | undefined {
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

/** Key members only: jose must not see use/alg/key_ops (we enforce those ourselves, and its import would reject some key_ops). */
function bareJwk(jwk: Jwk): Record<string, string> & { kty: string } {
  const out: Record<string, string> & { kty: string } = { kty: jwk.kty };
  for (const m of ['crv', 'x', 'y', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi', 'k']) {
    const v = jwk[m];
    if (typeof v === 'string') out[m] = v;
  }
  return out;
}

// ---- JWK / JWKS -------------------------------------------------------------

async function importJson(text: string, options: ImportKeyOptions): Promise<Result<ImportedKeys>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const where = e instanceof SyntaxError ? /position (\d+)/.exec(e.message)?.[1] : undefined;
    return fail(
      'KEY_BAD_JWK',
      `The JSON does not parse${where ? ` (near character ${where})` : ''}: check for a missing quote, comma or brace. If this is a shared secret rather than a JWK, import it with format "secret".`,
    );
  }
  let list: unknown[];
  let isSet: boolean;
  if (Array.isArray(value)) {
    list = value;
    isSet = true;
  } else if (isPlainObject(value) && Object.hasOwn(value, 'keys') && !Object.hasOwn(value, 'kty')) {
    if (!Array.isArray(value.keys)) return fail('KEY_BAD_JWK', 'The JWK Set\'s "keys" member must be an array.');
    list = value.keys;
    isSet = true;
  } else if (isPlainObject(value)) {
    list = [value];
    isSet = false;
  } else {
    return fail('KEY_BAD_JWK', 'A JWK is a JSON object and a JWK Set is {"keys": [...]}.');
  }
  if (isSet && list.length === 0) return fail('KEY_EMPTY_SET', 'The JWK Set has no keys.');
  if (list.length > MAX_SET_KEYS) return fail('KEY_BAD_JWK', `The JWK Set has ${list.length} keys; at most ${MAX_SET_KEYS} are imported at once.`);
  const privateCount = list.filter((entry) => isPlainObject(entry) && Object.hasOwn(entry, 'd')).length;
  if (privateCount > MAX_SET_PRIVATE_KEYS) {
    return fail(
      'KEY_BAD_JWK',
      `The JWK Set holds ${privateCount} private keys; at most ${MAX_SET_PRIVATE_KEYS} are imported at once, because each one is checked against its public half before it is saved (a few milliseconds per key, with the editor waiting). ` +
        `Import the keys you sign or decrypt with, or the public set (up to ${MAX_SET_KEYS} public keys).`,
    );
  }

  const warnings: string[] = [];
  if (Array.isArray(value)) warnings.push('A bare JSON array was read as a JWK Set; the standard form is {"keys": [...]}.');
  if (options.kid !== undefined && list.length > 1) warnings.push('The kid you gave was not applied: the set has several keys, each keeps its own.');
  const keys: KeyMaterial[] = [];
  const parts: string[] = [];
  const randomKids: string[] = [];
  const details: ImportedKeyDetail[] = [];
  let firstError: CoreError | undefined;
  // A few keys at a time: the signature checks run on the runtime's worker threads while the next keys are read.
  const results: OneJwk[] = [];
  for (let from = 0; from < list.length; from += SET_BATCH) {
    const batch = list.slice(from, from + SET_BATCH).map((entry, j) =>
      importJwkObject(entry, options, isSet ? `Key ${from + j + 1} of the set` : 'The JWK', list.length === 1 ? options.kid : undefined, isSet),
    );
    results.push(...(await Promise.all(batch)));
  }
  for (let i = 0; i < results.length; i++) {
    const one = results[i] as OneJwk;
    if (!one.ok) {
      if (!isSet || list.length === 1) return one;
      firstError ??= one.error;
      warnings.push(`Skipped key ${i + 1}: ${one.error.message}`);
      continue;
    }
    keys.push(one.key);
    details.push(one.detail);
    parts.push(one.summary);
    warnings.push(...one.warnings);
    if (one.randomKid) randomKids.push(one.key.kid);
  }
  if (randomKids.length > 0) warnings.push(randomKids.length === 1 ? randomKidWarning(randomKids[0] as string) : randomKidsWarning(randomKids.length));
  if (keys.length === 0) return { ok: false, error: firstError ?? { code: 'KEY_EMPTY_SET', message: 'No key in the set could be imported.' } };
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k.kid)) warnings.push(`Two keys share the kid '${kidLabel(k.kid)}': tokens naming it will be checked against the first that fits.`);
    seen.add(k.kid);
  }
  const recognised = isSet
    ? `JWK Set with ${keys.length} key${keys.length === 1 ? '' : 's'}${keys.length < list.length ? ` (${list.length - keys.length} skipped)` : ''}: ${parts.join('; ')}`
    : `JWK ${parts[0] ?? ''}`;
  return { ok: true, keys, recognised, warnings: dedupe(warnings), randomKids, details };
}

/** Keys in one JWK Set, and private keys among them (each private key costs a pair check: about 3 ms for P-521). */
const MAX_SET_KEYS = 1000;
const MAX_SET_PRIVATE_KEYS = 100;
const SET_BATCH = 8;

function randomKidWarning(kid: string): string {
  return `${RANDOM_KID_REASON} This shared secret got the random kid '${kidLabel(kid)}'. If your vendor gave the key an id, import it again with that kid, or set the kid in the profile's header.`;
}

function randomKidsWarning(count: number): string {
  return `${RANDOM_KID_REASON} The ${count} shared secrets without a kid got random ones.`;
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}


type OneJwk = { ok: true; key: KeyMaterial; summary: string; warnings: string[]; randomKid: boolean; detail: ImportedKeyDetail } | { ok: false; error: CoreError };

async function importJwkObject(value: unknown, options: ImportKeyOptions, where: string, kidOverride: string | undefined, inSet = false): Promise<OneJwk> {
  if (!isPlainObject(value)) return fail('KEY_BAD_JWK', `${where} is not a JSON object.`);
  // Own members only: a JWK parsed from text may carry "__proto__".
  const get = (name: string): unknown => (Object.hasOwn(value, name) ? value[name] : undefined);
  const warnings: string[] = [];
  const kty = get('kty');
  if (kty === undefined) return fail('KEY_BAD_JWK', `${where} has no "kty" member (key type: RSA, EC, OKP or oct).`);
  if (typeof kty !== 'string') return fail('KEY_BAD_JWK', `${where} has a "kty" member that is not a string.`);
  if (kty === 'AKP') return fail('KEY_UNSUPPORTED', `${where} is a post-quantum (AKP) key, which this tool does not support.`);
  if (kty !== 'RSA' && kty !== 'EC' && kty !== 'OKP' && kty !== 'oct') return fail('KEY_UNSUPPORTED', `${where} has an unknown "kty"; supported are RSA, EC, OKP and oct.`);

  const isPrivate = kty === 'oct' || get('d') !== undefined;
  const required = [...PUBLIC_MEMBERS[kty], ...(isPrivate ? PRIVATE_MEMBERS[kty] : [])];
  const members: Record<string, unknown> = {};
  for (const m of required) {
    const v = get(m);
    if (v === undefined) {
      if (kty === 'RSA' && isPrivate && m !== 'd') {
        return fail('KEY_BAD_JWK', `${where} is missing member "${m}": RSA private JWKs need the CRT members p, q, dp, dq and qi as well as d.`);
      }
      return fail('KEY_BAD_JWK', `${where} is missing member "${m}" (${MEMBER_NAMES[m] ?? m}).`);
    }
    if (typeof v !== 'string') return fail('KEY_BAD_JWK', `${where}: member "${m}" must be a string.`);
    if (m !== 'crv' && !b64uDecode(v)) return fail('KEY_BAD_JWK', `${where}: member "${m}" is not base64url (only A-Z a-z 0-9 - _ and no padding).`);
    members[m] = v;
  }
  const crv = typeof members.crv === 'string' ? members.crv : undefined;
  if (kty === 'EC' && !['P-256', 'P-384', 'P-521'].includes(crv ?? '')) {
    return fail('KEY_UNSUPPORTED', crv === 'secp256k1' ? `${where} is on secp256k1 (ES256K), which is not supported.` : `${where} uses an unsupported curve; EC keys must be P-256, P-384 or P-521.`);
  }
  if (kty === 'OKP' && !['Ed25519', 'X25519'].includes(crv ?? '')) {
    return fail('KEY_UNSUPPORTED', `${where} uses an unsupported curve; OKP keys must be Ed25519 or X25519.`);
  }
  const sizeIssue = coordinateProblem(kty, crv, members);
  if (sizeIssue) return fail('KEY_BAD_JWK', `${where}: ${sizeIssue}`);

  const kid = kidOverride ?? get('kid');
  if (kid !== undefined) {
    const problem = kidProblem(kid, `${where}'s "kid"`);
    if (problem) return fail('KEY_BAD_JWK', problem);
  }
  const use = get('use');
  if (use !== undefined && use !== 'sig' && use !== 'enc') return fail('KEY_BAD_JWK', `${where}: "use" must be "sig" or "enc".`);
  const keyOpsRaw = get('key_ops');
  let keyOps: string[] | undefined;
  if (keyOpsRaw !== undefined) {
    if (!Array.isArray(keyOpsRaw) || !keyOpsRaw.every((o) => typeof o === 'string') || new Set(keyOpsRaw).size !== keyOpsRaw.length) {
      return fail('KEY_BAD_JWK', `${where}: "key_ops" must be an array of distinct strings.`);
    }
    keyOps = keyOpsRaw as string[];
  }

  // The algorithm: chosen by the caller, else the JWK's own, else inferred.
  const secretLength = kty === 'oct' ? (b64uDecode(String(members.k))?.length ?? 0) : undefined;
  let jwkAlg: KeyAlg | undefined;
  const rawAlg = get('alg');
  if (rawAlg !== undefined) {
    if (typeof rawAlg !== 'string') return fail('KEY_BAD_JWK', `${where}: "alg" must be a string.`);
    const refused = refusedAlg(rawAlg);
    if (refused) return refused;
    if (isJweEnc(rawAlg) && kty === 'oct') {
      // RFC 7520 5.6 style: a content-encryption alg on a symmetric key means direct encryption with it.
      jwkAlg = 'dir';
      warnings.push(`The JWK's alg "${rawAlg}" is a content encryption; the key is stored for direct encryption ("dir"). Use enc ${rawAlg} with it.`);
    } else if (isKeyAlg(rawAlg)) {
      jwkAlg = rawAlg;
    } else {
      return fail('KEY_UNSUPPORTED', `${where} is for an algorithm this tool does not support${/^[A-Za-z0-9+_-]{1,32}$/.test(rawAlg) ? ` (${rawAlg})` : ''}.`);
    }
  }
  if (options.alg !== undefined && jwkAlg !== undefined && options.alg !== jwkAlg) {
    return fail('KEY_ALG_MISMATCH', `${where} says it is for ${jwkAlg}, but ${options.alg} was chosen. A key keeps the algorithm it was made for: choose ${jwkAlg}, or remove "alg" from the JWK if you are sure.`);
  }
  const alg = options.alg ?? jwkAlg ?? inferAlg(kty, crv, use === 'sig' || use === 'enc' ? use : undefined, secretLength);
  if (!alg) return fail('KEY_UNSUPPORTED', `${where}: no algorithm fits an ${crv ?? kty} key with use "${String(use)}".`);
  if (use !== undefined && use !== useOf(alg)) {
    return fail('KEY_ALG_MISMATCH', `${where} has use "${String(use)}", but ${alg} is ${useOf(alg) === 'sig' ? 'a signing' : 'an encryption'} algorithm.`);
  }
  const shape = describeKeyShape(kty, members);
  const mismatch = algMismatch(alg, kty, crv, shape);
  if (mismatch) return mismatch;
  if (kty === 'oct') {
    // An oct JWK whose "k" is a public key (DER, PEM text, a raw point) is the same confusion attack as pasted key text.
    const inK = await findKeyMaterialInBytes(b64uDecode(String(members.k)) ?? new Uint8Array(), '');
    if (inK) return notASecret(inK, `${where}'s "k" value`);
    if (typeof kid === 'string' && kid === (await thumbprint({ kty: 'oct', k: String(members.k) }))) {
      warnings.push(
        `${where}'s kid is the RFC 7638 thumbprint of its secret: every token that carries it publishes an unsalted SHA-256 of the secret, so anyone holding one can test guesses offline. ` +
          'Keep it only if a verifier looks the key up by this kid; otherwise remove "kid" from the JWK and import it again for a random one.',
      );
    }
  }

  const finished = await finishKey(kty, members, alg, typeof kid === 'string' ? kid : undefined, keyOps);
  if (!finished.ok) return finished;
  if (kty !== 'oct' && !isPrivate) warnings.push(publicOnlyWarning(alg));
  const visibility = kty === 'oct' ? '' : isPrivate ? ', private' : ', public only';
  const summary =
    kty === 'oct'
      ? `shared secret, ${secretLength ?? 0} bytes, for ${alg} (kid '${kidLabel(finished.key.kid)}')`
      : `${shape}${visibility}, for ${alg} (kid '${kidLabel(finished.key.kid)}')`;
  const detail: ImportedKeyDetail = {
    kidGiven: typeof kid === 'string',
    algs: openAlgs(alg, inSet || options.alg !== undefined || jwkAlg !== undefined, kty, crv, { use: use === 'sig' || use === 'enc' ? use : undefined }),
  };
  return { ok: true, key: finished.key, summary, warnings, randomKid: kty === 'oct' && kid === undefined, detail };
}

const MEMBER_NAMES: Record<string, string> = {
  n: 'modulus', e: 'exponent', d: 'private exponent or key', p: 'first prime', q: 'second prime',
  dp: 'first CRT exponent', dq: 'second CRT exponent', qi: 'CRT coefficient',
  crv: 'curve', x: 'x coordinate or public key', y: 'y coordinate', k: 'key value',
};

const COORDINATE_BYTES: Record<string, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66, Ed25519: 32, X25519: 32 };

function coordinateProblem(kty: KeyKind, crv: string | undefined, members: Record<string, unknown>): string | undefined {
  if (kty !== 'EC' && kty !== 'OKP') return undefined;
  const expected = COORDINATE_BYTES[crv ?? ''];
  if (expected === undefined) return undefined;
  for (const m of kty === 'EC' ? ['x', 'y', 'd'] : ['x', 'd']) {
    const v = members[m];
    if (typeof v !== 'string') continue;
    const len = b64uDecode(v)?.length ?? -1;
    if (len !== expected) return `member "${m}" is ${len} bytes; ${crv} needs ${expected}.`;
  }
  return undefined;
}

// ---- shared secrets ---------------------------------------------------------

async function importSecret(text: string, options: ImportKeyOptions): Promise<Result<ImportedKeys>> {
  const alg = options.alg ?? 'HS256';
  if (!keyFits(alg, 'oct', undefined)) {
    return fail('KEY_ALG_MISMATCH', `${alg} needs ${describeNeededKey(alg)}, not a shared secret. Paste the key as PEM or JWK instead.`);
  }
  const encoding = options.secretEncoding ?? 'auto';
  // Key text is refused in whatever dress, before and after decoding (RFC 8725 section 3.1).
  const inText = await findKeyMaterial(text);
  if (inText) return notASecret(inText);
  const warnings: string[] = [];
  let bytes: Uint8Array | undefined;
  let how: string;
  switch (encoding) {
    case 'auto':
    case 'utf8':
      bytes = new TextEncoder().encode(text);
      how = 'UTF-8 text';
      if (encoding === 'auto') {
        const also = otherReadings(text);
        if (also.length > 0) {
          warnings.push(
            `The secret is used as its UTF-8 text (${bytes.length} bytes), as jsonwebtoken, PyJWT and most vendor snippets do with a string secret. ` +
              `It also reads as ${also.join(' or ')}: if your issuer means those bytes, import it again with that encoding.`,
          );
        }
      }
      if (/\s/.test(text)) warnings.push('The secret contains spaces or line breaks; they are part of it.');
      break;
    case 'hex': {
      const clean = text.replace(/^0x/i, '');
      bytes = /^(?:[0-9a-fA-F]{2})+$/.test(clean) ? Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16)) : undefined;
      if (!bytes) return fail('KEY_UNRECOGNISED', 'The secret is not hex: it must be an even number of characters 0-9 and a-f.');
      how = 'hex';
      break;
    }
    case 'base64':
      bytes = decodeBase64Text(text.replace(/\s+/g, ''), 'base64');
      if (!bytes) return fail('KEY_UNRECOGNISED', 'The secret is not base64: only A-Z a-z 0-9 + / with "=" padding to a multiple of 4.');
      how = 'base64';
      break;
    case 'base64url':
      bytes = decodeBase64Text(text.replace(/=+$/, ''), 'base64url');
      if (!bytes) return fail('KEY_UNRECOGNISED', 'The secret is not base64url: only A-Z a-z 0-9 - and _.');
      how = 'base64url';
      break;
    default:
      return fail('KEY_UNRECOGNISED', 'Unknown secret encoding: use auto, utf8, hex, base64 or base64url.');
  }
  // UTF-8 bytes are the text itself, already scanned above; decoded bytes are scanned again.
  const inBytes = how === 'UTF-8 text' ? undefined : await findKeyMaterialInBytes(bytes, how);
  if (inBytes) return notASecret(inBytes, `The secret, read as ${how},`);
  const problem = secretSizeProblem(alg, bytes.length);
  if (problem) return fail(problem.short ? 'KEY_TOO_SHORT' : 'KEY_ALG_MISMATCH', problem.message);
  if (alg.startsWith('PBES2') && bytes.length < 16) warnings.push('This password is short: PBES2 only slows guessing down, it cannot make a weak password strong.');
  const finished = await finishKey('oct', { k: base64url.encode(bytes) }, alg, options.kid, undefined);
  if (!finished.ok) return finished;
  const randomKids = options.kid === undefined ? [finished.key.kid] : [];
  if (randomKids.length > 0) warnings.push(randomKidWarning(finished.key.kid));
  return {
    ok: true,
    keys: [finished.key],
    recognised: `shared secret, ${bytes.length} bytes (${how}), for ${alg}`,
    warnings,
    randomKids,
    details: [{ kidGiven: options.kid !== undefined, algs: openAlgs(alg, options.alg !== undefined, 'oct', undefined) }],
  };
}

/** Other encodings the secret text is valid in, for the "did you mean" warning. */
function otherReadings(text: string): string[] {
  const out: string[] = [];
  if (/^(?:[0-9a-fA-F]{2}){8,}$/.test(text)) out.push(`hex (${text.length / 2} bytes)`);
  const b64 = /[+/]/.test(text) || text.endsWith('=') ? decodeBase64Text(text, 'base64') : undefined;
  if (b64 && b64.length >= 8) out.push(`base64 (${b64.length} bytes)`);
  // Only text with the mixed look of random base64url, so passphrases with dashes are not flagged.
  const randomLooking = /[-_]/.test(text) && /[0-9]/.test(text) && /[A-Z]/.test(text) && /[a-z]/.test(text) && text.length >= 16;
  const b64u = randomLooking && !/[+/=]/.test(text) ? decodeBase64Text(text, 'base64url') : undefined;
  if (b64u && b64u.length >= 8 && text.length % 4 !== 1) out.push(`base64url (${b64u.length} bytes)`);
  return out;
}

// ---------------------------------------------------------------------------
// exportPublicKey

/** The public half as SPKI PEM, public JWK JSON, or a JWK Set. Shared secrets have no public half. */
export async function exportPublicKey(keys: KeyMaterial | KeyMaterial[], format: 'pem' | 'jwk' | 'jwks'): Promise<Result<{ text: string }>> {
  try {
    const list = Array.isArray(keys) ? keys : [keys];
    if (list.length === 0) return fail('KEY_EMPTY_SET', 'No keys to export.');
    const publics: Jwk[] = [];
    for (const key of list) {
      if (key.kty === 'oct') return fail('KEY_NO_PUBLIC', `Key '${kidLabel(key.kid)}' is a shared secret: a shared secret has no public half. Share it only over a secure channel, never by export.`);
      const pub = key.publicJwk;
      if (!pub) return fail('KEY_NO_PUBLIC', `Key '${kidLabel(key.kid)}' has no public JWK stored.`);
      publics.push(orderedJwk(key.kty, key.kid, key.use, key.alg, pub, PUBLIC_MEMBERS[key.kty], Array.isArray(pub.key_ops) ? pub.key_ops : undefined));
    }
    if (format === 'jwk') {
      if (publics.length !== 1) return fail('KEY_UNSUPPORTED', `A JWK holds one key: export these ${publics.length} keys as a JWKS.`);
      return { ok: true, text: `${JSON.stringify(publics[0], null, 2)}\n` };
    }
    if (format === 'jwks') return { ok: true, text: `${JSON.stringify({ keys: publics }, null, 2)}\n` };
    if (format !== 'pem') return fail('KEY_UNSUPPORTED', 'Export formats are pem, jwk and jwks.');
    const pems: string[] = [];
    for (let i = 0; i < list.length; i++) {
      const key = list[i] as KeyMaterial;
      const crypto = await importJWK(bareJwk(publics[i] as Jwk), key.alg, { extractable: true });
      if (crypto instanceof Uint8Array) return fail('KEY_NO_PUBLIC', `Key '${kidLabel(key.kid)}' has no public half.`);
      pems.push(`${(await exportSPKI(crypto)).trim()}\n`);
    }
    return { ok: true, text: pems.join('') };
  } catch {
    return fail('INTERNAL', 'The public key could not be exported: the stored key may be damaged.');
  }
}

/**
 * The private half as JWK JSON: the key's public members with its private ones (`d`, the RSA CRT
 * members), or a shared secret's `oct` JWK (`k`), with kid, use, alg and key_ops; nothing else the
 * stored JWK may carry. For showing on an explicit, confirmed request only.
 */
export function exportPrivateJwk(key: KeyMaterial): Result<{ text: string }> {
  const source = key?.privateJwk;
  const kty = key?.kty;
  if (!source || !(kty === 'RSA' || kty === 'EC' || kty === 'OKP' || kty === 'oct')) {
    return fail('KEY_NOT_PRIVATE', `Key '${kidLabel(String(key?.kid))}' has no private half stored: it can only ${key?.use === 'enc' ? 'encrypt' : 'verify'}.`);
  }
  const keyOps = Array.isArray(source.key_ops) ? source.key_ops.filter((op): op is string => typeof op === 'string') : undefined;
  const jwk = orderedJwk(kty, key.kid, key.use, key.alg, source, [...PUBLIC_MEMBERS[kty], ...PRIVATE_MEMBERS[kty]], keyOps);
  return { ok: true, text: `${JSON.stringify(jwk, null, 2)}\n` };
}

// ---------------------------------------------------------------------------
// cryptoKeyFor

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

// Kept for callers that need to show a key: "RSA 2048 bits", "EC P-256", ...
export { publicHalfRole };

export function describeKey(key: KeyMaterial): string {
  if (key.kty === 'oct') return `shared secret, ${secretLengthOf(key)} bytes`;
  return describeKeyShape(key.kty, (key.publicJwk ?? key.privateJwk ?? {}) as Record<string, unknown>);
}
