// Encrypted tokens (compact JWE). Decryption keeps jose's guards and adds
// ours: RSA1_5 refused, PBES2 only on request and with a bounded count,
// decompression bounded, nesting bounded, one failure message for every
// cryptographic failure (no oracle), and a plain statement of what
// decrypting proves: with public-key key management, nothing about the
// sender; for a nested token, only what its inner signature proves
// (hostile inputs H29 to H33, H80).

import { CompactEncrypt, compactDecrypt } from 'jose';
import { ENC_KEY_BYTES, MAX_PBES2_COUNT, isJweEnc, isJweKeyAlg, isJwsAlg, isPbes2, isPublicKeyEncryption } from './algorithms';
import { looksLikeCompactJwe, looksLikeCompactJws, member, parseHeaderSegment, safeLabel, utf8 } from '../token/compactParts';
import { copyJsonValue, isPlainRecord } from '../text/jsonValues';
import { kidName, type KeyNamer } from '../keys/names';
import { cryptoKeyFor, secretLengthOf } from '../keys/keys';
import { MAX_NUMERIC_DATE } from '../base/limits';
import { JWE_ENCS } from '../base/types';
import type { CoreError, JsonObject, JweEnc, KeyAlg, KeyMaterial, Result } from '../base/types';
import { verifyToken } from './verify';
import type { VerifyOptions, VerifyReport } from './verify';
import { NOT_AUTHENTICATED_NOTE, ctyIsJwt, decryptVerdict, isTokenShaped } from './jweVerdict';
import { fail } from '../base/result';

export { MAX_PBES2_COUNT, NOT_AUTHENTICATED_NOTE };

export interface EncryptOptions {
  /** The recipient's key: its alg is the key-management algorithm. Public half is enough for RSA-OAEP* / ECDH-ES*. */
  key: KeyMaterial;
  enc: JweEnc;
  /** Text, or a claims object (encoded as JSON). */
  plaintext: string | Record<string, unknown>;
  /** Content type; a compact JWS as plaintext gets 'JWT' (signed, then encrypted). */
  cty?: string;
  header?: Record<string, unknown>;
  allowPbes2?: boolean;
}

export interface EncryptedToken {
  token: string;
  header: JsonObject;
  warnings: string[];
}

export interface DecryptOptions {
  allowPbes2?: boolean;
  /** Bound on zip:"DEF" output in bytes; default and maximum 250 000 (jose's default). */
  maxDecompressedLength?: number;
  /** Layers unwrapped, each JWE and the final JWS counting one; default 3, at most 10. */
  maxDepth?: number;
  /** Signing keys for a nested JWS (cty "JWT"). */
  verifyKeys?: KeyMaterial[];
  /** Time and claim options for verifying a nested JWS. */
  verifyOptions?: VerifyOptions;
  /** How messages name a key (the ring's names, `keyName.ts`); by default by its kid. Also names the inner token's key. */
  keyName?: KeyNamer;
}

export interface DecryptedToken {
  /** The outer protected header. */
  header: JsonObject;
  /** The plaintext of the innermost JWE layer (for a nested token, the inner JWS itself). */
  plaintext: string;
  /** The key that opened the outer layer. */
  key: { kid: string; alg: KeyAlg };
  /**
   * True only when origin is proven. A nested token (the plaintext is itself
   * a token, or cty says "JWT") is validated in turn, RFC 7519 s7.2: it is
   * authenticated only when its inner signature verifies with a signing key
   * of the ring, whatever the outer layers use. Without an inner token, every
   * layer must use a shared key (whoever made it holds the secret); a layer
   * encrypted to a public key proves nothing, since anyone can make one.
   */
  authenticated: boolean;
  note: string;
  inner?: { token: string; verify: VerifyReport };
  /** How many JWE layers were decrypted. */
  layers: number;
}

const DEFAULT_DECOMPRESSED_LIMIT = 250_000;
const MAX_JWE_LENGTH = 8 * 1024 * 1024;
const KEY_HEADERS = ['jku', 'x5u', 'jwk', 'x5c'];
/** Members jose computes itself; a template must not preset them. */
const COMPUTED_HEADERS = ['epk', 'apu', 'apv', 'p2s', 'p2c', 'iv', 'tag'];
const DECRYPT_FAILED_MESSAGE = 'Decryption failed: the token was changed, or it was encrypted for a different key.';


function namerOf(options: DecryptOptions): KeyNamer {
  return typeof options.keyName === 'function' ? options.keyName : kidName;
}

// ---------------------------------------------------------------------------
// encrypt

/** Encrypts to a key of the ring with the key's own algorithm. Never throws. */
export async function encryptToken(options: EncryptOptions): Promise<Result<EncryptedToken>> {
  try {
    return await encryptUnchecked(options);
  } catch {
    return fail('INTERNAL', 'Encryption failed unexpectedly: the stored key may be damaged. Re-import or regenerate it.');
  }
}

async function encryptUnchecked(options: EncryptOptions): Promise<Result<EncryptedToken>> {
  const { key, enc } = options;
  if (!key || typeof key !== 'object') return fail('NO_KEYS', 'Choose a key to encrypt to.');
  const name = kidName(key);
  const alg: unknown = key.alg;
  if (alg === 'RSA1_5') return fail('ALG_UNSUPPORTED', 'RSA1_5 is not supported (insecure, RFC 8725): use RSA-OAEP-256.');
  if (!isJweKeyAlg(alg)) {
    return isJwsAlg(alg)
      ? fail('KEY_ALG_MISMATCH', `Key ${name} is for signing (${alg}), not encryption. Pick an encryption key (RSA-OAEP-256, ECDH-ES+A256KW, A256KW, dir …).`)
      : fail('ALG_UNSUPPORTED', `Key ${name} has an algorithm this tool cannot encrypt with.`);
  }
  if (key.use !== 'enc') return fail('KEY_ALG_MISMATCH', `Key ${name} is not marked for encryption (use "enc").`);
  if (isPbes2(alg) && options.allowPbes2 !== true) {
    return fail('PBES2_NOT_ALLOWED', 'Password-based encryption (PBES2) is off unless explicitly allowed: prefer a random key (A256KW, dir) or a key pair.');
  }
  if (!isJweEnc(enc)) return fail('ALG_UNSUPPORTED', `Choose a content encryption: ${JWE_ENCS.join(', ')}.`);
  if (alg === 'dir') {
    const have = secretLengthOf(key);
    if (have !== ENC_KEY_BYTES[enc]) {
      return fail('KEY_ALG_MISMATCH', `A "dir" key is the content key itself: ${enc} needs ${ENC_KEY_BYTES[enc]} bytes, key ${name} has ${have}. Pick the enc that matches the key.`);
    }
  }

  const warnings: string[] = [];
  const header: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  header.alg = alg;
  header.enc = enc;

  const template = options.header ?? {};
  if (!isPlainRecord(template)) return fail('HEADER_REFUSED', 'The header template must be a JSON object.');
  const extras: [string, unknown][] = [];
  for (const member_ of Object.keys(template)) {
    const value: unknown = template[member_];
    if (value === undefined) continue;
    if (member_ === '__proto__' || member_ === 'constructor') {
      return fail('HEADER_REFUSED', `The header template has a member named "${member_}": code that merges headers into objects would reach a prototype through it. Remove it.`);
    }
    if (member_ === 'alg' || member_ === 'enc') {
      if (value !== header[member_]) {
        return fail('HEADER_REFUSED', `The header template says ${member_} ${safeLabel(value) ?? '(unreadable)'}, but this token uses ${String(header[member_])}: ${member_ === 'alg' ? 'the algorithm always comes from the key' : 'enc comes from the enc option'}.`);
      }
      continue;
    }
    if (member_ === 'crit') return fail('HEADER_REFUSED', '"crit" is refused: recipients reject critical extensions they do not implement.');
    if (member_ === 'zip') return fail('HEADER_REFUSED', '"zip" is refused: compressing before encrypting leaks information about the plaintext through the token length.');
    if (member_ === 'b64') return fail('HEADER_REFUSED', '"b64" belongs to signed tokens, not encrypted ones.');
    if (KEY_HEADERS.includes(member_)) return fail('HEADER_REFUSED', `"${member_}" tells recipients where to get a key; it is not added to encrypted tokens.`);
    if (COMPUTED_HEADERS.includes(member_)) return fail('HEADER_REFUSED', `"${member_}" is computed during encryption and cannot be preset.`);
    if ((member_ === 'typ' || member_ === 'cty' || member_ === 'kid') && typeof value !== 'string') {
      return fail('HEADER_REFUSED', `"${member_}" in the header template must be a string.`);
    }
    const copied = copyJsonValue(value, member_);
    if (!copied.ok) return fail('HEADER_REFUSED', `Header member ${copied.path} ${copied.problem}.`);
    extras.push([member_, copied.value]);
  }

  // ---- plaintext
  let text: string;
  let nested = false;
  if (typeof options.plaintext === 'string') {
    text = options.plaintext;
    nested = looksLikeCompactJws(text) || looksLikeCompactJwe(text);
  } else {
    if (!isPlainRecord(options.plaintext)) return fail('CLAIMS_INVALID', 'The plaintext must be text or a JSON object.');
    const copied = copyJsonValue(options.plaintext, 'claims');
    if (!copied.ok) return fail('CLAIMS_INVALID', `Claim ${copied.path.replace(/^claims\./, '')} ${copied.problem}.`);
    const claims = copied.value as Record<string, unknown>;
    for (const dateName of ['exp', 'nbf', 'iat']) {
      if (!Object.hasOwn(claims, dateName)) continue;
      const v = claims[dateName];
      if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > MAX_NUMERIC_DATE) {
        return fail('CLAIMS_INVALID', `Claim "${dateName}" must be a NumericDate: a finite number of seconds since 1970.`);
      }
    }
    text = JSON.stringify(claims);
  }

  const templateCty = extras.find(([n]) => n === 'cty')?.[1];
  const cty = options.cty ?? (typeof templateCty === 'string' ? templateCty : nested ? 'JWT' : undefined);
  if (cty !== undefined) {
    if (typeof cty !== 'string' || cty.length === 0) return fail('HEADER_REFUSED', 'cty must be a non-empty string.');
    header.cty = cty;
    if (nested && cty.toUpperCase() !== 'JWT') warnings.push('The plaintext is a token, but cty is not "JWT": recipients may not treat it as a nested token.');
  }
  const templateKid = extras.find(([n]) => n === 'kid')?.[1];
  header.kid = typeof templateKid === 'string' ? templateKid : key.kid;
  for (const [n, v] of extras) if (n !== 'cty' && n !== 'kid') header[n] = v;

  if (isPbes2(alg)) warnings.push(`PBES2 uses ${MAX_PBES2_COUNT} iterations here (the most recipients accept by default); a password is still weaker than a random key.`);
  if (isPublicKeyEncryption(alg) && !nested) {
    warnings.push('Anyone with the public key can make a token like this: sign the claims first (nested JWT) if the recipient must know who sent it.');
  }

  const loaded = await cryptoKeyFor(key, 'encrypt');
  if (!loaded.ok) return loaded;
  const encrypter = new CompactEncrypt(new TextEncoder().encode(text)).setProtectedHeader(header as Parameters<CompactEncrypt['setProtectedHeader']>[0]);
  if (isPbes2(alg)) encrypter.setKeyManagementParameters({ p2c: MAX_PBES2_COUNT });
  const token = await encrypter.encrypt(loaded.cryptoKey);
  const parsed = parseHeaderSegment(token.split('.')[0] ?? '');
  if (!parsed.ok) return fail('INTERNAL', 'The encrypted token could not be read back.');
  return { ok: true, token, header: parsed.header, warnings };
}

// ---------------------------------------------------------------------------
// decrypt

/** Decrypts a compact JWE with keys from the ring, unwrapping nested tokens up to a depth. Never throws. */
export async function decryptToken(token: string, keys: KeyMaterial[], options: DecryptOptions = {}): Promise<Result<DecryptedToken>> {
  try {
    const maxDepth = Number.isInteger(options.maxDepth) && (options.maxDepth as number) >= 1 ? Math.min(options.maxDepth as number, 10) : 3;
    return await decryptLayers(token, Array.isArray(keys) ? keys : [], options ?? {}, maxDepth);
  } catch {
    return fail('DECRYPT_FAILED', DECRYPT_FAILED_MESSAGE);
  }
}

interface LayerResult {
  header: JsonObject;
  plaintext: string;
  key: KeyMaterial;
}

async function decryptLayers(token: string, keys: KeyMaterial[], options: DecryptOptions, maxDepth: number): Promise<Result<DecryptedToken>> {
  const layers: LayerResult[] = [];
  let current = token;
  let inner: DecryptedToken['inner'];
  for (;;) {
    const layer = await decryptOne(current, keys, options);
    if (!layer.ok) {
      if (layers.length === 0) return layer;
      return fail(layer.error.code, `Layer ${layers.length + 1} of the nested token: ${layer.error.message}`);
    }
    layers.push(layer.layer);
    const text = layer.layer.plaintext;
    // A JWE inside a JWE is unwrapped whether or not cty says so; depth is what bounds the work.
    if (looksLikeCompactJwe(text)) {
      if (layers.length + 1 > maxDepth) {
        return fail('NESTING_TOO_DEEP', `The token nests deeper than ${maxDepth} layers; decrypting stops there. Decrypt the inner token on its own if you trust it.`);
      }
      current = text;
      continue;
    }
    // Anything shaped like a signed token, or declared one by cty, is checked as the inner token:
    // an unsigned or unreadable one is then simply not valid, rather than passed off as content.
    if (looksLikeCompactJws(text) || isTokenShaped(text) || ctyIsJwt(layer.layer.header)) {
      if (layers.length + 1 > maxDepth) {
        return fail('NESTING_TOO_DEEP', `The token nests deeper than ${maxDepth} layers; the inner signed token was not verified.`);
      }
      inner = { token: text, verify: await verifyToken(text, options.verifyKeys ?? [], { ...(options.keyName ? { keyName: options.keyName } : {}), ...options.verifyOptions }) };
    }
    break;
  }
  const outer = layers[0] as LayerResult;
  const last = layers[layers.length - 1] as LayerResult;
  const { authenticated, note } = decryptVerdict(layers.map((l) => l.key), inner?.verify, namerOf(options));
  const result: DecryptedToken = {
    header: outer.header,
    plaintext: last.plaintext,
    key: { kid: outer.key.kid, alg: outer.key.alg },
    authenticated,
    note,
    layers: layers.length,
  };
  if (inner) result.inner = inner;
  return { ok: true, ...result };
}

type OneLayer = { ok: true; layer: LayerResult } | { ok: false; error: CoreError };

async function decryptOne(token: string, keys: KeyMaterial[], options: DecryptOptions): Promise<OneLayer> {
  if (typeof token !== 'string' || token.length === 0) return fail('EMPTY', 'There is no token to decrypt.');
  if (token.length > MAX_JWE_LENGTH) return fail('TOO_LARGE', 'The token is over 8 MB; it is not decrypted.');
  const parts = token.split('.');
  if (parts.length === 3) return fail('BAD_SEGMENT_COUNT', 'This is a signed token (JWS), not an encrypted one: verify it instead.');
  if (parts.length !== 5) return fail('BAD_SEGMENT_COUNT', `An encrypted token has 5 parts separated by dots; this has ${parts.length}.`);
  const parsed = parseHeaderSegment(parts[0] as string);
  if (!parsed.ok) return fail(parsed.code, `The token is malformed: ${parsed.problem}.`);
  const header = parsed.header;

  const alg = member(header, 'alg');
  if (typeof alg !== 'string' || alg === '') return fail('MISSING_ALG', 'The header names no key-management algorithm ("alg").');
  if (alg === 'RSA1_5') return fail('ALG_UNSUPPORTED', 'RSA1_5 is not supported (insecure, RFC 8725).');
  if (!isJweKeyAlg(alg)) {
    const named = safeLabel(alg);
    return fail('ALG_UNSUPPORTED', `The token's key-management algorithm${named ? ` (${named})` : ''} is not supported.`);
  }
  const enc = member(header, 'enc');
  if (!isJweEnc(enc)) return fail('ALG_UNSUPPORTED', 'The token\'s content encryption ("enc") is missing or not supported.');
  if (member(header, 'crit') !== undefined) return fail('HEADER_REFUSED', 'Critical extension not understood: the token is not decrypted.');
  const zip = member(header, 'zip');
  if (zip !== undefined && zip !== 'DEF') return fail('ALG_UNSUPPORTED', 'The token uses an unknown compression ("zip").');
  if (isPbes2(alg)) {
    if (options.allowPbes2 !== true) {
      return fail('PBES2_NOT_ALLOWED', 'This token is password-encrypted (PBES2). Password decryption runs only when asked for explicitly, because the token chooses how much work it costs.');
    }
    const p2c = member(header, 'p2c');
    if (typeof p2c === 'number' && p2c > MAX_PBES2_COUNT) {
      const count = Number.isSafeInteger(p2c) ? p2c.toLocaleString('en-US') : 'an enormous number of';
      return fail('PBES2_COUNT_TOO_HIGH', `The token asks for ${count} PBES2 iterations; more than ${MAX_PBES2_COUNT.toLocaleString('en-US')} are refused, since a token could make decryption run for hours.`);
    }
  }

  // ---- key selection: exact kid, else same algorithm; a kid match with another algorithm is refused.
  const usable = keys.filter((k) => k && typeof k === 'object' && k.use === 'enc' && isJweKeyAlg(k.alg));
  const kid = member(header, 'kid');
  let candidates: KeyMaterial[] = [];
  if (typeof kid === 'string') {
    const byKid = usable.filter((k) => k.kid === kid);
    if (byKid.length > 0) {
      candidates = byKid.filter((k) => k.alg === alg);
      if (candidates.length === 0) {
        const k = byKid[0] as KeyMaterial;
        return fail('KEY_ALG_MISMATCH', `Algorithm mismatch: token says ${alg}, key ${namerOf(options)(k)} is ${k.alg}. A key is only ever used with its own algorithm.`);
      }
    }
  }
  if (candidates.length === 0) candidates = usable.filter((k) => k.alg === alg);
  if (candidates.length === 0) return fail('NO_KEYS', `No ${alg} encryption key in the ring to decrypt this token.`);
  const withPrivate = candidates.filter((k) => k.kty === 'oct' || k.privateJwk !== undefined);
  if (withPrivate.length === 0) return fail('KEY_NOT_PRIVATE', `The ${alg} key${candidates.length === 1 && candidates[0] ? ` ${namerOf(options)(candidates[0])}` : 's'} in the ring can only encrypt: import the private half to decrypt.`);

  const limit = typeof options.maxDecompressedLength === 'number' && Number.isSafeInteger(options.maxDecompressedLength) && options.maxDecompressedLength >= 1
    ? Math.min(options.maxDecompressedLength, DEFAULT_DECOMPRESSED_LIMIT)
    : DEFAULT_DECOMPRESSED_LIMIT;

  for (const key of withPrivate.slice(0, 50)) {
    const loaded = await cryptoKeyFor(key, 'decrypt');
    if (!loaded.ok) continue;
    try {
      const result = await compactDecrypt(token, loaded.cryptoKey, {
        keyManagementAlgorithms: [key.alg],
        contentEncryptionAlgorithms: [...JWE_ENCS],
        maxPBES2Count: MAX_PBES2_COUNT,
        maxDecompressedLength: limit,
      });
      const plaintext = utf8(result.plaintext) ?? new TextDecoder('utf-8').decode(result.plaintext);
      return { ok: true, layer: { header, plaintext, key } };
    } catch (e) {
      // The size bound is checked after the content is authenticated, so saying so reveals nothing about the key.
      if (zip === 'DEF' && e instanceof Error && /Decompressed plaintext exceeded/.test(e.message)) {
        return fail('TOO_LARGE', `The compressed content expands beyond ${limit.toLocaleString('en-US')} bytes; it is not decompressed further.`);
      }
    }
  }
  return fail('DECRYPT_FAILED', DECRYPT_FAILED_MESSAGE);
}
