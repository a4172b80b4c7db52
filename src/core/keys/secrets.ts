// Shared secrets: importing one, and the scan that keeps key material from
// ever becoming one (PEM, JWK, OpenSSH, DER in base64 / base64url / hex, raw
// EC points), which is the RS256 → HS256 confusion (RFC 8725 section 3.1).

import { base64url } from 'jose';
import { CURVES, curvesOfKind, describeNeededKey, keyFits, secretSizeProblem } from '../jose/algorithms';
import type { NamedCurve } from '../jose/algorithms';
import type { CoreError, Result } from '../base/types';
import { fail } from '../base/result';
import { derKeyShape } from './der';
import { decodeBase64Text, decodeLenientBase64, decodeLenientHex, hasPemArmour, looksLikePem, pemBodyLines } from './pem';
import type { ImportKeyOptions, ImportedKeys } from './api';
import { openAlgs } from './algFit';
import { randomKidWarning } from './material';
import { finishKey } from './pairCheck';

export type KeyTextKind = 'pem' | 'pem-armour' | 'json' | 'ssh' | 'encoded';

/** Key material found where a secret was expected: what it is, and how it was dressed. */
export interface KeyFinding {
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
const POINT_CURVES: Readonly<Record<number, NamedCurve>> = Object.fromEntries(curvesOfKind('EC').map((c) => [1 + 2 * CURVES[c].bytes, c]));

/**
 * Key material in text, in any dress: PEM (also with a lower-case label or
 * altered dashes), JWK/JWKS JSON, OpenSSH, and the DER of a key or
 * certificate (or PEM / JWK text) encoded as base64, base64url or hex, one
 * level deep. `points` collects byte strings that could be raw EC points.
 */
export function scanKeyText(text: string, depth: number, points: PointCandidate[]): KeyFinding | undefined {
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
export function findKeyMaterial(text: string): Promise<KeyFinding | undefined> {
  const points: PointCandidate[] = [];
  return withPoints(scanKeyText(text, 0, points), points);
}

/** Key material in the bytes a secret decoded to (`how`: the encoding they came from). */
export function findKeyMaterialInBytes(bytes: Uint8Array, how: string): Promise<KeyFinding | undefined> {
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

export function notASecret(found: KeyTextKind | KeyFinding, where = 'This'): { ok: false; error: CoreError } {
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

export async function importSecret(text: string, options: ImportKeyOptions): Promise<Result<ImportedKeys>> {
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
