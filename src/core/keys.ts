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
} from './algorithms';
import type { Curve, KeyKind } from './algorithms';
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
  octetString,
  oid,
  oidForCurve,
  oidToString,
  readRoot,
  sameBytes,
  sequence,
} from './der';
import type { DerNode, NamedCurve } from './der';
import { hasControlOrInvisible } from './compactParts';
import { decodeBase64Text, encodePem, looksLikePem, parsePem } from './pem';
import type { PemBlock } from './pem';
import type { CoreError, ErrorCode, Jwk, KeyAlg, KeyMaterial, Result } from './types';
import { publicHalfRole } from './keyRoles';

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
}

export type KeyUsage = 'sign' | 'verify' | 'encrypt' | 'decrypt';

// ---------------------------------------------------------------------------
// Small helpers

function err(code: ErrorCode, message: string): { ok: false; error: CoreError } {
  return { ok: false, error: { code, message } };
}

const MAX_KEY_INPUT = 1_000_000;
const MAX_KID_LENGTH = 256;

function kidProblem(kid: unknown, where: string): string | undefined {
  if (typeof kid !== 'string') return `${where} must be a string.`;
  if (kid.length === 0) return `${where} is empty.`;
  if (kid.length > MAX_KID_LENGTH) return `${where} is ${kid.length} characters; at most ${MAX_KID_LENGTH} are allowed.`;
  if (hasControlOrInvisible(kid)) return `${where} contains control, bidi or invisible characters.`;
  return undefined;
}

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

/** Builds the stored form. `jwk` holds key members only (public, or public + private). */
async function buildMaterial(kty: KeyKind, jwk: Record<string, unknown>, alg: KeyAlg, kid: string | undefined, keyOps?: string[]): Promise<KeyMaterial> {
  const use = useOf(alg);
  const publicMembers = PUBLIC_MEMBERS[kty];
  const privateMembers = PRIVATE_MEMBERS[kty];
  const hasPrivate = kty === 'oct' || typeof jwk.d === 'string';
  let theKid = kid;
  if (theKid === undefined) {
    const thumbSource: Jwk = { kty };
    for (const m of kty === 'oct' ? ['k'] : publicMembers) if (typeof jwk[m] === 'string') thumbSource[m] = jwk[m];
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

/** Generates a key for exactly one algorithm; the kid defaults to the RFC 7638 thumbprint. */
export async function generateKey(spec: GenerateKeySpec): Promise<Result<{ key: KeyMaterial }>> {
  try {
    return await generateKeyUnchecked(spec);
  } catch {
    return err('INTERNAL', `Could not generate a ${safeAlgName(spec?.alg)} key in this runtime.`);
  }
}

function safeAlgName(alg: unknown): string {
  return isKeyAlg(alg) ? alg : 'key';
}

async function generateKeyUnchecked(spec: GenerateKeySpec): Promise<Result<{ key: KeyMaterial }>> {
  const alg: unknown = spec?.alg;
  const refused = refusedAlg(alg);
  if (refused) return refused;
  if (!isKeyAlg(alg)) return err('KEY_UNSUPPORTED', 'Choose one of the supported algorithms (HS256 … EdDSA for signing, dir … ECDH-ES+A256KW for encryption).');
  if (spec.kid !== undefined) {
    const problem = kidProblem(spec.kid, 'The kid');
    if (problem) return err('KEY_BAD_JWK', problem);
  }
  const shape = algsShape(alg);

  if (shape === 'oct') {
    if (spec.modulusLength !== undefined || spec.crv !== undefined) {
      return err('KEY_ALG_MISMATCH', `${alg} uses a shared secret: it has no modulus length or curve.`);
    }
    const bytes = spec.secretBytes ?? defaultSecretBytes(alg);
    if (!Number.isInteger(bytes) || bytes <= 0 || bytes > 1024) {
      return err('KEY_UNSUPPORTED', 'secretBytes must be a whole number of bytes between 1 and 1024.');
    }
    const problem = secretSizeProblem(alg, bytes);
    if (problem) return err(problem.short ? 'KEY_TOO_SHORT' : 'KEY_ALG_MISMATCH', problem.message);
    const secret = await randomBytes(bytes);
    const key = await buildMaterial('oct', { k: base64url.encode(secret) }, alg, spec.kid);
    return { ok: true, key };
  }
  if (spec.secretBytes !== undefined) return err('KEY_ALG_MISMATCH', `${alg} uses a key pair, not a shared secret: secretBytes does not apply.`);

  if (shape === 'RSA') {
    if (spec.crv !== undefined) return err('KEY_ALG_MISMATCH', `${alg} uses an RSA key: it has no curve.`);
    const modulusLength = spec.modulusLength ?? 2048;
    if (![2048, 3072, 4096].includes(modulusLength)) return err('KEY_UNSUPPORTED', 'RSA keys are generated with 2048, 3072 or 4096 bits.');
    const pair = await generateKeyPair(alg, { modulusLength, extractable: true });
    const jwk = await exportJWK(pair.privateKey);
    return { ok: true, key: await buildMaterial('RSA', jwk, alg, spec.kid) };
  }

  if (spec.modulusLength !== undefined) return err('KEY_ALG_MISMATCH', `${alg} does not use an RSA key: modulusLength does not apply.`);
  let crv: Curve;
  if (alg.startsWith('ES') || alg === 'EdDSA') {
    const fixed: Curve = alg === 'ES256' ? 'P-256' : alg === 'ES384' ? 'P-384' : alg === 'ES512' ? 'P-521' : 'Ed25519';
    if (spec.crv !== undefined && spec.crv !== fixed) return err('KEY_ALG_MISMATCH', `${alg} always uses ${fixed}; ${spec.crv} was asked for.`);
    crv = fixed;
  } else {
    crv = spec.crv ?? 'P-256';
    if (!['P-256', 'P-384', 'P-521', 'X25519'].includes(crv)) return err('KEY_UNSUPPORTED', `${alg} keys use P-256, P-384, P-521 or X25519.`);
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
  if (alg.toLowerCase() === 'none') return err('KEY_UNSUPPORTED', 'There are no keys for "none": unsigned tokens are never signed or verified here.');
  if (alg === 'RSA1_5') return err('KEY_UNSUPPORTED', 'RSA1_5 is not supported (insecure, RFC 8725): use RSA-OAEP-256.');
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
    return err('INTERNAL', 'The key could not be read. Check that it is complete and unchanged.');
  }
}

async function importKeyUnchecked(input: string, options: ImportKeyOptions): Promise<Result<ImportedKeys>> {
  if (typeof input !== 'string') return err('KEY_UNRECOGNISED', 'Paste the key as text.');
  if (input.length > MAX_KEY_INPUT) return err('KEY_UNRECOGNISED', 'The text is over 1 MB: that is not a single key or key set.');
  const text = input.trim();
  if (text === '') return err('KEY_UNRECOGNISED', 'Nothing to import: the text is empty.');
  if (options.alg !== undefined) {
    const refused = refusedAlg(options.alg);
    if (refused) return refused;
    if (!isKeyAlg(options.alg)) return err('KEY_UNSUPPORTED', 'The chosen algorithm is not one this tool supports.');
  }
  if (options.kid !== undefined) {
    const problem = kidProblem(options.kid, 'The kid');
    if (problem) return err('KEY_BAD_JWK', problem);
  }
  const format = options.format ?? 'auto';
  const keyText = recogniseKeyText(text);

  switch (format) {
    case 'pem':
      if (keyText !== 'pem') return err('KEY_BAD_PEM', 'No "-----BEGIN …-----" line found: this is not PEM text.');
      return importPem(text, options);
    case 'jwk':
    case 'jwks':
      if (keyText === 'pem') return err('KEY_BAD_JWK', 'This is PEM text, not a JWK: choose PEM (or auto).');
      return importJson(text, options);
    case 'secret':
      if (keyText !== undefined) return notASecret(keyText);
      return importSecret(text, options);
    case 'auto':
      if (keyText === 'pem') return importPem(text, options);
      // Text that opens like JSON is read as a JWK, so a broken JWK is reported as one instead of becoming a secret.
      if (keyText === 'json' || text.startsWith('{') || text.startsWith('[')) return importJson(text, options);
      if (keyText !== undefined) return notASecret(keyText);
      return importSecret(text, options);
    default:
      return err('KEY_UNRECOGNISED', 'Unknown import format: use auto, pem, jwk, jwks or secret.');
  }
}

type KeyTextKind = 'pem' | 'json' | 'ssh' | 'bare-der';

/** Text that is recognisably a key (and therefore must never become HMAC bytes). */
function recogniseKeyText(text: string): KeyTextKind | undefined {
  if (looksLikePem(text)) return 'pem';
  if (parsesAsJsonStructure(text)) return 'json';
  if (/^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-[a-z0-9@.-]+) AAAA/.test(text)) return 'ssh';
  if (isBareDerKey(text)) return 'bare-der';
  return undefined;
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

/** Base64 DER of a key or certificate pasted without its BEGIN/END lines. */
function isBareDerKey(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  // DER starts with SEQUENCE (0x30), which base64 spells "M" followed by A-I for the usual lengths.
  if (compact.length < 40 || !/^M[A-I][A-Za-z0-9+/]+={0,2}$/.test(compact)) return false;
  const der = decodeBase64Text(compact, 'base64');
  if (!der) return false;
  try {
    const root = readRoot(der);
    if (root.tag !== TAG_SEQUENCE) return false;
    const kids = childrenOf(der, root);
    // SPKI and certificates start with a SEQUENCE, PKCS#8 / PKCS#1 / SEC1 with an INTEGER.
    return kids.length >= 2 && (kids[0]?.tag === TAG_SEQUENCE || kids[0]?.tag === TAG_INTEGER);
  } catch {
    return false;
  }
}

function notASecret(kind: KeyTextKind): { ok: false; error: CoreError } {
  if (kind === 'ssh') {
    return err('KEY_UNSUPPORTED', 'This is an OpenSSH public key. Convert it to PEM first: ssh-keygen -e -m PKCS8 -f key.pub');
  }
  const what = kind === 'pem' ? 'PEM key or certificate text' : kind === 'json' ? 'JSON (a JWK or JWK Set)' : 'a base64 DER key without its BEGIN/END lines';
  return err(
    'KEY_TEXT_NOT_SECRET',
    `This is ${what}, not a shared secret. Using key text as an HMAC secret is the RS256→HS256 confusion attack, so it is refused. Import it as a key instead.`,
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
    if (unsupported) return err('KEY_UNSUPPORTED', unsupported);
    if (![...PRIVATE_LABELS, ...PUBLIC_LABELS, 'CERTIFICATE'].includes(block.label)) {
      return err('KEY_UNRECOGNISED', `The PEM block on line ${block.line} is "${block.label}", which is not a key this tool reads (PRIVATE KEY, PUBLIC KEY, RSA/EC PRIVATE KEY, RSA PUBLIC KEY, CERTIFICATE).`);
    }
    usable.push(block);
  }
  if (usable.length === 0) return err('KEY_BAD_PEM', 'The PEM text holds no key block (only parameters).');
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
    return err('KEY_BAD_PEM', `The key data in "${block.label}" (line ${block.line}) ends early: the PEM body looks truncated. Copy the whole key again.`);
  }
  return err('KEY_BAD_PEM', `The body of "${block.label}" (line ${block.line}) is not ${what}.`);
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
        if (!sameBytes(version, [0])) return err('KEY_UNSUPPORTED', `The PKCS#1 key on line ${block.line} is a multi-prime RSA key, which WebCrypto cannot use.`);
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
          if (!inner || inner.tag !== TAG_OID) return err('KEY_UNSUPPORTED', `The EC key on line ${block.line} spells out its curve parameters instead of naming the curve; only named curves (P-256, P-384, P-521) are supported.`);
          const curveOid = contentOf(der, inner);
          curve = curveFromOid(curveOid);
          if (!curve) return err('KEY_UNSUPPORTED', unsupportedCurveMessage(curveOid));
        } else {
          curve = curveForAlg(alg) ?? curveForPrivateLength(secret.end - secret.contentStart);
          if (!curve) return err('KEY_BAD_PEM', `The EC key on line ${block.line} does not name its curve; choose the algorithm (ES256, ES384 or ES512) so the curve is known.`);
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
      return err('KEY_UNRECOGNISED', `The PEM block on line ${block.line} is not a key.`);
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
    return err(typed.code, message.charAt(0).toUpperCase() + message.slice(1));
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
    if (type.pss) return err('KEY_UNSUPPORTED', `The ${container.description} on line ${block.line} is an RSA-PSS-only key, which this runtime cannot import. Re-export it as a plain RSA key.`);
    return err('KEY_BAD_PEM', `The ${container.description} on line ${block.line} could not be read as a ${type.crv ?? type.kty} key: it may be damaged.`);
  }
  const isPrivate = typeof jwk.d === 'string';
  const kty = type.kty;
  const shape = describeKeyShape(kty, jwk);
  const alg = options.alg ?? (type.pss ? 'PS256' : inferAlg(kty, type.crv, undefined));
  if (!alg) return err('KEY_UNSUPPORTED', `No algorithm fits this ${shape} key.`);
  const mismatch = algMismatch(alg, kty, type.crv, shape);
  if (mismatch) return mismatch;
  const finished = await finishKey(kty, jwk, alg, options.kid, undefined, false);
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
  return { ok: true, keys: [finished.key], recognised, warnings };
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
  return err('KEY_ALG_MISMATCH', `${alg} needs ${describeNeededKey(alg)}, but this is ${kty === 'oct' ? 'a shared secret' : `${article(shape)} ${shape} key`}.${hint}`);
}

/**
 * Shared final step for every import route: size rules, a real import through
 * jose (so a broken key fails now, not at signing time), an optional
 * sign-and-verify check that the private and public members belong together,
 * then the stored form.
 */
async function finishKey(
  kty: KeyKind,
  jwk: Record<string, unknown>,
  alg: KeyAlg,
  kid: string | undefined,
  keyOps: string[] | undefined,
  checkPair: boolean,
  badCode: ErrorCode = 'KEY_BAD_JWK',
): Promise<{ ok: true; key: KeyMaterial } | { ok: false; error: CoreError }> {
  if (kty === 'RSA') {
    const bits = bitLength(b64uDecode(String(jwk.n)) ?? new Uint8Array());
    if (bits < 2048) return err('KEY_TOO_SHORT', `RSA keys must have at least 2048 bits (RFC 7518 section 3.3); this one has ${bits}. Generate a 2048-bit or larger key.`);
  }
  if (kty === 'oct') {
    const bytes = b64uDecode(String(jwk.k))?.length ?? 0;
    const problem = secretSizeProblem(alg, bytes);
    if (problem) return err(problem.short ? 'KEY_TOO_SHORT' : 'KEY_ALG_MISMATCH', problem.message);
  }
  const key = await buildMaterial(kty, jwk, alg, kid, keyOps);
  if (kty !== 'oct') {
    try {
      const pub = await importJWK(bareJwk(key.publicJwk as Jwk), alg);
      if (checkPair && key.privateJwk && useOf(alg) === 'sig') {
        const priv = await importJWK(bareJwk(key.privateJwk), alg);
        const probe = await new CompactSign(new TextEncoder().encode('key pair check')).setProtectedHeader({ alg }).sign(priv);
        await compactVerify(probe, pub, { algorithms: [alg] });
      } else if (key.privateJwk) {
        await importJWK(bareJwk(key.privateJwk), alg);
      }
    } catch {
      return err(badCode, checkPair && key.privateJwk && useOf(alg) === 'sig'
        ? `The key's values do not form a usable ${describeKeyShape(kty, jwk)} key pair: the private and public members do not belong together, or a value is damaged.`
        : `The key's values are not a usable ${describeKeyShape(kty, jwk)} key: a value is damaged or on the wrong curve.`);
    }
  }
  return { ok: true, key };
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
    return err(
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
    if (!Array.isArray(value.keys)) return err('KEY_BAD_JWK', 'The JWK Set\'s "keys" member must be an array.');
    list = value.keys;
    isSet = true;
  } else if (isPlainObject(value)) {
    list = [value];
    isSet = false;
  } else {
    return err('KEY_BAD_JWK', 'A JWK is a JSON object and a JWK Set is {"keys": [...]}.');
  }
  if (isSet && list.length === 0) return err('KEY_EMPTY_SET', 'The JWK Set has no keys.');
  if (list.length > 1000) return err('KEY_BAD_JWK', 'The JWK Set has more than 1000 keys.');

  const warnings: string[] = [];
  if (Array.isArray(value)) warnings.push('A bare JSON array was read as a JWK Set; the standard form is {"keys": [...]}.');
  if (options.kid !== undefined && list.length > 1) warnings.push('The kid you gave was not applied: the set has several keys, each keeps its own.');
  const keys: KeyMaterial[] = [];
  const parts: string[] = [];
  let firstError: CoreError | undefined;
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    const where = isSet ? `Key ${i + 1} of the set` : 'The JWK';
    const one = await importJwkObject(entry, options, where, list.length === 1 ? options.kid : undefined);
    if (!one.ok) {
      if (!isSet || list.length === 1) return one;
      firstError ??= one.error;
      warnings.push(`Skipped key ${i + 1}: ${one.error.message}`);
      continue;
    }
    keys.push(one.key);
    parts.push(one.summary);
    warnings.push(...one.warnings);
  }
  if (keys.length === 0) return { ok: false, error: firstError ?? { code: 'KEY_EMPTY_SET', message: 'No key in the set could be imported.' } };
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k.kid)) warnings.push(`Two keys share the kid '${kidLabel(k.kid)}': tokens naming it will be checked against the first that fits.`);
    seen.add(k.kid);
  }
  const recognised = isSet
    ? `JWK Set with ${keys.length} key${keys.length === 1 ? '' : 's'}${keys.length < list.length ? ` (${list.length - keys.length} skipped)` : ''}: ${parts.join('; ')}`
    : `JWK ${parts[0] ?? ''}`;
  return { ok: true, keys, recognised, warnings: dedupe(warnings) };
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type OneJwk = { ok: true; key: KeyMaterial; summary: string; warnings: string[] } | { ok: false; error: CoreError };

async function importJwkObject(value: unknown, options: ImportKeyOptions, where: string, kidOverride: string | undefined): Promise<OneJwk> {
  if (!isPlainObject(value)) return err('KEY_BAD_JWK', `${where} is not a JSON object.`);
  // Own members only: a JWK parsed from text may carry "__proto__".
  const get = (name: string): unknown => (Object.hasOwn(value, name) ? value[name] : undefined);
  const warnings: string[] = [];
  const kty = get('kty');
  if (kty === undefined) return err('KEY_BAD_JWK', `${where} has no "kty" member (key type: RSA, EC, OKP or oct).`);
  if (typeof kty !== 'string') return err('KEY_BAD_JWK', `${where} has a "kty" member that is not a string.`);
  if (kty === 'AKP') return err('KEY_UNSUPPORTED', `${where} is a post-quantum (AKP) key, which this tool does not support.`);
  if (kty !== 'RSA' && kty !== 'EC' && kty !== 'OKP' && kty !== 'oct') return err('KEY_UNSUPPORTED', `${where} has an unknown "kty"; supported are RSA, EC, OKP and oct.`);

  const isPrivate = kty === 'oct' || get('d') !== undefined;
  const required = [...PUBLIC_MEMBERS[kty], ...(isPrivate ? PRIVATE_MEMBERS[kty] : [])];
  const members: Record<string, unknown> = {};
  for (const m of required) {
    const v = get(m);
    if (v === undefined) {
      if (kty === 'RSA' && isPrivate && m !== 'd') {
        return err('KEY_BAD_JWK', `${where} is missing member "${m}": RSA private JWKs need the CRT members p, q, dp, dq and qi as well as d.`);
      }
      return err('KEY_BAD_JWK', `${where} is missing member "${m}" (${MEMBER_NAMES[m] ?? m}).`);
    }
    if (typeof v !== 'string') return err('KEY_BAD_JWK', `${where}: member "${m}" must be a string.`);
    if (m !== 'crv' && !b64uDecode(v)) return err('KEY_BAD_JWK', `${where}: member "${m}" is not base64url (only A-Z a-z 0-9 - _ and no padding).`);
    members[m] = v;
  }
  const crv = typeof members.crv === 'string' ? members.crv : undefined;
  if (kty === 'EC' && !['P-256', 'P-384', 'P-521'].includes(crv ?? '')) {
    return err('KEY_UNSUPPORTED', crv === 'secp256k1' ? `${where} is on secp256k1 (ES256K), which is not supported.` : `${where} uses an unsupported curve; EC keys must be P-256, P-384 or P-521.`);
  }
  if (kty === 'OKP' && !['Ed25519', 'X25519'].includes(crv ?? '')) {
    return err('KEY_UNSUPPORTED', `${where} uses an unsupported curve; OKP keys must be Ed25519 or X25519.`);
  }
  const sizeIssue = coordinateProblem(kty, crv, members);
  if (sizeIssue) return err('KEY_BAD_JWK', `${where}: ${sizeIssue}`);

  const kid = kidOverride ?? get('kid');
  if (kid !== undefined) {
    const problem = kidProblem(kid, `${where}'s "kid"`);
    if (problem) return err('KEY_BAD_JWK', problem);
  }
  const use = get('use');
  if (use !== undefined && use !== 'sig' && use !== 'enc') return err('KEY_BAD_JWK', `${where}: "use" must be "sig" or "enc".`);
  const keyOpsRaw = get('key_ops');
  let keyOps: string[] | undefined;
  if (keyOpsRaw !== undefined) {
    if (!Array.isArray(keyOpsRaw) || !keyOpsRaw.every((o) => typeof o === 'string') || new Set(keyOpsRaw).size !== keyOpsRaw.length) {
      return err('KEY_BAD_JWK', `${where}: "key_ops" must be an array of distinct strings.`);
    }
    keyOps = keyOpsRaw as string[];
  }

  // The algorithm: chosen by the caller, else the JWK's own, else inferred.
  const secretLength = kty === 'oct' ? (b64uDecode(String(members.k))?.length ?? 0) : undefined;
  let jwkAlg: KeyAlg | undefined;
  const rawAlg = get('alg');
  if (rawAlg !== undefined) {
    if (typeof rawAlg !== 'string') return err('KEY_BAD_JWK', `${where}: "alg" must be a string.`);
    const refused = refusedAlg(rawAlg);
    if (refused) return refused;
    if (isJweEnc(rawAlg) && kty === 'oct') {
      // RFC 7520 5.6 style: a content-encryption alg on a symmetric key means direct encryption with it.
      jwkAlg = 'dir';
      warnings.push(`The JWK's alg "${rawAlg}" is a content encryption; the key is stored for direct encryption ("dir"). Use enc ${rawAlg} with it.`);
    } else if (isKeyAlg(rawAlg)) {
      jwkAlg = rawAlg;
    } else {
      return err('KEY_UNSUPPORTED', `${where} is for an algorithm this tool does not support${/^[A-Za-z0-9+_-]{1,32}$/.test(rawAlg) ? ` (${rawAlg})` : ''}.`);
    }
  }
  if (options.alg !== undefined && jwkAlg !== undefined && options.alg !== jwkAlg) {
    return err('KEY_ALG_MISMATCH', `${where} says it is for ${jwkAlg}, but ${options.alg} was chosen. A key keeps the algorithm it was made for: choose ${jwkAlg}, or remove "alg" from the JWK if you are sure.`);
  }
  const alg = options.alg ?? jwkAlg ?? inferAlg(kty, crv, use === 'sig' || use === 'enc' ? use : undefined, secretLength);
  if (!alg) return err('KEY_UNSUPPORTED', `${where}: no algorithm fits an ${crv ?? kty} key with use "${String(use)}".`);
  if (use !== undefined && use !== useOf(alg)) {
    return err('KEY_ALG_MISMATCH', `${where} has use "${String(use)}", but ${alg} is ${useOf(alg) === 'sig' ? 'a signing' : 'an encryption'} algorithm.`);
  }
  const shape = describeKeyShape(kty, members);
  const mismatch = algMismatch(alg, kty, crv, shape);
  if (mismatch) return mismatch;

  const finished = await finishKey(kty, members, alg, typeof kid === 'string' ? kid : undefined, keyOps, true);
  if (!finished.ok) return finished;
  if (kty !== 'oct' && !isPrivate) warnings.push(publicOnlyWarning(alg));
  const visibility = kty === 'oct' ? '' : isPrivate ? ', private' : ', public only';
  const summary =
    kty === 'oct'
      ? `shared secret, ${secretLength ?? 0} bytes, for ${alg} (kid '${kidLabel(finished.key.kid)}')`
      : `${shape}${visibility}, for ${alg} (kid '${kidLabel(finished.key.kid)}')`;
  return { ok: true, key: finished.key, summary, warnings };
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
    return err('KEY_ALG_MISMATCH', `${alg} needs ${describeNeededKey(alg)}, not a shared secret. Paste the key as PEM or JWK instead.`);
  }
  const encoding = options.secretEncoding ?? 'auto';
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
      if (!bytes) return err('KEY_UNRECOGNISED', 'The secret is not hex: it must be an even number of characters 0-9 and a-f.');
      how = 'hex';
      break;
    }
    case 'base64':
      bytes = decodeBase64Text(text.replace(/\s+/g, ''), 'base64');
      if (!bytes) return err('KEY_UNRECOGNISED', 'The secret is not base64: only A-Z a-z 0-9 + / with "=" padding to a multiple of 4.');
      how = 'base64';
      break;
    case 'base64url':
      bytes = decodeBase64Text(text.replace(/=+$/, ''), 'base64url');
      if (!bytes) return err('KEY_UNRECOGNISED', 'The secret is not base64url: only A-Z a-z 0-9 - and _.');
      how = 'base64url';
      break;
    default:
      return err('KEY_UNRECOGNISED', 'Unknown secret encoding: use auto, utf8, hex, base64 or base64url.');
  }
  const problem = secretSizeProblem(alg, bytes.length);
  if (problem) return err(problem.short ? 'KEY_TOO_SHORT' : 'KEY_ALG_MISMATCH', problem.message);
  if (alg.startsWith('PBES2') && bytes.length < 16) warnings.push('This password is short: PBES2 only slows guessing down, it cannot make a weak password strong.');
  const finished = await finishKey('oct', { k: base64url.encode(bytes) }, alg, options.kid, undefined, false);
  if (!finished.ok) return finished;
  return {
    ok: true,
    keys: [finished.key],
    recognised: `shared secret, ${bytes.length} bytes (${how}), for ${alg}`,
    warnings,
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
    if (list.length === 0) return err('KEY_EMPTY_SET', 'No keys to export.');
    const publics: Jwk[] = [];
    for (const key of list) {
      if (key.kty === 'oct') return err('KEY_NO_PUBLIC', `Key '${kidLabel(key.kid)}' is a shared secret: a shared secret has no public half. Share it only over a secure channel, never by export.`);
      const pub = key.publicJwk;
      if (!pub) return err('KEY_NO_PUBLIC', `Key '${kidLabel(key.kid)}' has no public JWK stored.`);
      publics.push(orderedJwk(key.kty, key.kid, key.use, key.alg, pub, PUBLIC_MEMBERS[key.kty], Array.isArray(pub.key_ops) ? pub.key_ops : undefined));
    }
    if (format === 'jwk') {
      if (publics.length !== 1) return err('KEY_UNSUPPORTED', `A JWK holds one key: export these ${publics.length} keys as a JWKS.`);
      return { ok: true, text: `${JSON.stringify(publics[0], null, 2)}\n` };
    }
    if (format === 'jwks') return { ok: true, text: `${JSON.stringify({ keys: publics }, null, 2)}\n` };
    if (format !== 'pem') return err('KEY_UNSUPPORTED', 'Export formats are pem, jwk and jwks.');
    const pems: string[] = [];
    for (let i = 0; i < list.length; i++) {
      const key = list[i] as KeyMaterial;
      const crypto = await importJWK(bareJwk(publics[i] as Jwk), key.alg, { extractable: true });
      if (crypto instanceof Uint8Array) return err('KEY_NO_PUBLIC', `Key '${kidLabel(key.kid)}' has no public half.`);
      pems.push(`${(await exportSPKI(crypto)).trim()}\n`);
    }
    return { ok: true, text: pems.join('') };
  } catch {
    return err('INTERNAL', 'The public key could not be exported: the stored key may be damaged.');
  }
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
    pending = loadCryptoKey(key, usage).catch(() => err('KEY_BAD_JWK', `Key '${kidLabel(String(key?.kid))}' could not be loaded: it may be damaged.`));
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
  if (!isKeyAlg(key.alg)) return err('KEY_UNSUPPORTED', `Key '${label}' has no supported algorithm.`);
  const wantsSig = usage === 'sign' || usage === 'verify';
  if (wantsSig !== isJwsAlg(key.alg) || key.use !== useOf(key.alg)) {
    return err('KEY_ALG_MISMATCH', `Key '${label}' is for ${key.alg} (${useOf(key.alg) === 'sig' ? 'signing' : 'encryption'}); it cannot be used to ${usage}.`);
  }
  const needsPrivate = usage === 'sign' || usage === 'decrypt' || key.kty === 'oct';
  const jwk = needsPrivate ? key.privateJwk : (key.publicJwk ?? key.privateJwk);
  if (!jwk) {
    return key.kty === 'oct'
      ? err('KEY_NOT_PRIVATE', `Key '${label}' has no secret stored.`)
      : err('KEY_NOT_PRIVATE', `Key '${label}' is ${usage === 'sign' ? 'verify' : 'encrypt'}-only: import its private half to ${usage}.`);
  }
  if (!keyFits(key.alg, jwk.kty, typeof jwk.crv === 'string' ? jwk.crv : undefined) || jwk.kty !== key.kty) {
    return err('KEY_ALG_MISMATCH', `Key '${label}' is marked ${key.alg}, but its JWK is not ${describeNeededKey(key.alg)}.`);
  }
  if (Array.isArray(jwk.key_ops) && !USAGE_OPS[usage].some((op) => jwk.key_ops?.includes(op))) {
    return err('KEY_ALG_MISMATCH', `Key '${label}' has key_ops that do not allow ${usage}.`);
  }
  if (key.kty === 'oct') {
    const secret = typeof jwk.k === 'string' ? b64uDecode(jwk.k) : undefined;
    if (!secret || secret.length === 0) return err('KEY_BAD_JWK', `Key '${label}' has an empty or damaged secret.`);
    if (usage === 'sign' || usage === 'encrypt') {
      const problem = secretSizeProblem(key.alg, secret.length);
      if (problem) return err(problem.short ? 'KEY_TOO_SHORT' : 'KEY_ALG_MISMATCH', problem.message);
    }
    // jose imports a raw HMAC secret again on every call; a CryptoKey made once halves the cost of HS* tokens.
    const hash = HMAC_HASH[key.alg];
    if (hash && (usage === 'sign' || usage === 'verify')) {
      return { ok: true, cryptoKey: await globalThis.crypto.subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash }, false, [usage]) };
    }
    return { ok: true, cryptoKey: secret };
  }
  const source = usage === 'sign' || usage === 'decrypt' ? bareJwk(jwk) : publicPart(key.kty, bareJwk(jwk));
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
