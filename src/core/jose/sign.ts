// Signing JWTs. The algorithm always comes from the key; the header template
// can add members but never choose the algorithm, and members that make
// verifiers fetch or trust keys (jku, x5u, jwk, x5c) or change how the
// payload is read (b64, crit) are refused (hostile inputs H05, H34).
// prepareSignature makes every check and the exact signing input; signToken
// signs that input through jose (WebCrypto), and a signer outside the core
// may sign the same bytes another way.

import { CompactSign } from 'jose';
import { isJweKeyAlg, isJwsAlg, secretSizeProblem } from './algorithms';
import { hasControlOrInvisible } from '../base/deceptiveChars';
import { safeLabel } from '../token/compactParts';
import { copyJsonValue, isPlainRecord } from '../text/jsonValues';
import { cryptoKeyFor, kidIsSecretThumbprint, secretLengthOf } from '../keys/keys';
import type { JsonObject, JwsAlg, KeyMaterial, Result } from '../base/types';
import { fail } from '../base/result';
import { MAX_NUMERIC_DATE } from '../base/limits';
import { encodeBase64Url } from '../text/base64url';

export interface SignOptions {
  key: KeyMaterial;
  claims: Record<string, unknown>;
  /** Extra protected-header members. Its `alg`, if any, must equal the key's. */
  header?: Record<string, unknown>;
  /** Sets exp = now + ttl and (unless includeIat is false) iat = now. */
  ttlSeconds?: number;
  /** Milliseconds since 1970; defaults to the current time. */
  now?: number;
  includeIat?: boolean;
  /** Default 'JWT'; null leaves typ out. */
  typ?: string | null;
  /** Put the key's kid in the header (default true). A kid in the template wins. */
  includeKid?: boolean;
  /** Allow jku / x5u / jwk / x5c in the template. */
  allowKeyHeaders?: boolean;
}

export interface SignedToken {
  token: string;
  /** The header and claims exactly as encoded in the token. */
  header: JsonObject;
  claims: JsonObject;
  /** Things worth a second look that did not stop signing. */
  warnings: string[];
}

const KEY_HEADERS = ['jku', 'x5u', 'jwk', 'x5c'];
const NUMERIC_DATES = ['exp', 'nbf', 'iat'];
const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
const utf8Encoder = new TextEncoder();

function label(kid: string): string {
  return safeLabel(kid) ?? 'the selected key';
}

/**
 * A token checked and encoded, not yet signed: what signToken signs, and what
 * a signer outside the core (the command line's node:crypto path) signs.
 */
export interface PreparedSignature {
  alg: JwsAlg;
  /** The protected header and the claims, as fresh null-prototype objects, exactly as encoded. */
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** The two JSON texts the token carries. */
  headerJson: string;
  payloadJson: string;
  /** base64url(UTF-8 header JSON) + "." + base64url(UTF-8 payload JSON): the bytes the signature covers. */
  signingInput: string;
  /** Things worth a second look that did not stop signing (signToken adds the secret-thumbprint kid check, which needs a hash). */
  warnings: string[];
}

/**
 * Every check signToken makes on the key, header template and claims, and the exact signing input of
 * the token it would produce for these options; synchronous and pure. Never throws; never mutates its
 * arguments.
 */
export function prepareSignature(options: SignOptions): Result<PreparedSignature> {
  try {
    return prepareUnchecked(options);
  } catch {
    return fail('INTERNAL', 'Signing failed unexpectedly: the stored key may be damaged. Re-import or regenerate it.');
  }
}

/** Signs a JWT with the key's own algorithm. Never throws; never mutates its arguments. */
export async function signToken(options: SignOptions): Promise<Result<SignedToken>> {
  try {
    return await signUnchecked(options);
  } catch {
    return fail('INTERNAL', 'Signing failed unexpectedly: the stored key may be damaged. Re-import or regenerate it.');
  }
}

async function signUnchecked(options: SignOptions): Promise<Result<SignedToken>> {
  const prepared = prepareUnchecked(options);
  if (!prepared.ok) return prepared;
  const { key } = options;
  const { header, headerJson, payloadJson, signingInput, warnings } = prepared;
  if (header.kid === key.kid && (await kidIsSecretThumbprint(key))) {
    warnings.push(
      `The kid of key '${label(String(key.kid))}' is the RFC 7638 thumbprint of its secret, an unsalted SHA-256 that lets anyone holding this token test guesses of the secret offline. ` +
        'Import the secret again (shared secrets now get a random kid), or set the kid your verifier expects in the header.',
    );
  }

  const loaded = await cryptoKeyFor(key, 'sign');
  if (!loaded.ok) return loaded;
  const token = await new CompactSign(utf8Encoder.encode(payloadJson)).setProtectedHeader(header as Parameters<CompactSign['setProtectedHeader']>[0]).sign(loaded.cryptoKey);

  // Report what the token really holds. jose encodes exactly these two JSON texts (the header as
  // JSON.stringify writes it, the payload as given), so the token must begin with the prepared signing
  // input, byte for byte; the texts are then parsed again rather than decoded back out of the token.
  if (token.length <= signingInput.length || !token.startsWith(signingInput) || token.charCodeAt(signingInput.length) !== DOT) {
    return fail('INTERNAL', 'The signed token could not be read back.');
  }
  return { ok: true, token, header: JSON.parse(headerJson) as JsonObject, claims: JSON.parse(payloadJson) as JsonObject, warnings };
}

const DOT = 0x2e;

function prepareUnchecked(options: SignOptions): Result<PreparedSignature> {
  const { key } = options;
  if (!key || typeof key !== 'object') return fail('NO_KEYS', 'Choose a key to sign with.');
  const keyName = `'${label(String(key.kid))}'`;
  const alg: unknown = key.alg;

  // The key decides the algorithm, so it is checked first.
  if (typeof alg === 'string' && alg.toLowerCase() === 'none') return fail('ALG_NONE_REFUSED', 'Unsigned ("none") tokens are never produced.');
  if (!isJwsAlg(alg)) {
    return isJweKeyAlg(alg)
      ? fail('KEY_ALG_MISMATCH', `Key ${keyName} is for encryption (${alg}), not signing. Pick a signing key.`)
      : fail('ALG_UNSUPPORTED', `Key ${keyName} has an algorithm this tool cannot sign with.`);
  }
  if (key.use === 'enc') return fail('KEY_ALG_MISMATCH', `Key ${keyName} is marked for encryption (use "enc"), not signing.`);
  if (!key.privateJwk) return fail('KEY_NOT_PRIVATE', `Key ${keyName} is verify-only: import its private half to sign.`);
  if (key.kty === 'oct') {
    const problem = secretSizeProblem(alg, secretLengthOf(key));
    if (problem) return fail(problem.short ? 'KEY_TOO_SHORT' : 'KEY_ALG_MISMATCH', problem.message);
  }

  const warnings: string[] = [];
  const header: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  header.alg = alg;

  // ---- header template
  const template = options.header ?? {};
  if (!isPlainRecord(template)) return fail('HEADER_REFUSED', 'The header template must be a JSON object.');
  const extras: [string, unknown][] = [];
  for (const name of Object.keys(template)) {
    const value: unknown = template[name];
    if (value === undefined) continue;
    if (name === '__proto__' || name === 'constructor') {
      return fail('HEADER_REFUSED', `The header template has a member named "${name}": code that merges headers into objects would reach a prototype through it. Remove it.`);
    }
    if (name === 'alg') {
      if (typeof value === 'string' && value.toLowerCase() === 'none') return fail('ALG_NONE_REFUSED', 'The header template asks for alg "none": unsigned tokens are never produced.');
      if (value !== alg) {
        const asked = safeLabel(value);
        return fail('HEADER_REFUSED', `The header template says alg ${asked ?? '(unreadable)'}, but key ${keyName} is ${alg}: the algorithm always comes from the key. Remove "alg" from the template or pick a ${asked ?? 'matching'} key.`);
      }
      continue;
    }
    if (name === 'crit' || name === 'b64') {
      return fail('HEADER_REFUSED', `"${name}" is refused in JWT headers: b64/crit change how the payload is read, and verifiers that ignore them see different claims.`);
    }
    if (KEY_HEADERS.includes(name) && options.allowKeyHeaders !== true) {
      return fail('HEADER_REFUSED', `"${name}" tells verifiers where to get a key; careless verifiers then trust a key chosen by whoever holds the token. It is left out unless explicitly allowed.`);
    }
    if (name === 'zip' || name === 'enc') return fail('HEADER_REFUSED', `"${name}" belongs to encrypted tokens (JWE), not signed ones.`);
    if (name === 'typ' || name === 'cty') {
      if (typeof value !== 'string') return fail('HEADER_REFUSED', `"${name}" in the header template must be a string.`);
    }
    if (name === 'kid') {
      if (typeof value !== 'string' || value.length === 0 || value.length > 256 || hasControlOrInvisible(value)) {
        return fail('HEADER_REFUSED', 'The template kid must be a plain string of 1 to 256 characters without control characters.');
      }
      if (value !== key.kid) warnings.push(`The header kid comes from the template, not from key ${keyName}.`);
      if (/[/\\]|\.\./.test(value)) warnings.push('The kid looks like a file path; servers that use kid to find a key file are open to path traversal.');
    }
    const copied = copyJsonValue(value, name);
    if (!copied.ok) return fail('HEADER_REFUSED', `Header member ${copied.path} ${copied.problem}.`);
    extras.push([name, copied.value]);
  }
  const templateTyp = extras.find(([n]) => n === 'typ')?.[1];
  const typ = options.typ === undefined ? (typeof templateTyp === 'string' ? templateTyp : 'JWT') : options.typ;
  if (typ !== null) {
    if (typeof typ !== 'string' || typ.length === 0) return fail('HEADER_REFUSED', 'typ must be a non-empty string, or null to leave it out.');
    header.typ = typ;
  }
  const templateKid = extras.find(([n]) => n === 'kid')?.[1];
  if (typeof templateKid === 'string') header.kid = templateKid;
  else if (options.includeKid !== false) header.kid = key.kid;
  for (const [name, value] of extras) {
    if (name !== 'typ' && name !== 'kid') header[name] = value;
  }

  // ---- claims
  if (!isPlainRecord(options.claims)) return fail('CLAIMS_INVALID', 'Claims must be a JSON object.');
  const copied = copyJsonValue(options.claims, 'claims');
  if (!copied.ok) return fail('CLAIMS_INVALID', `Claim ${copied.path.replace(/^claims\./, '')} ${copied.problem}.`);
  const claims = copied.value as Record<string, unknown>;
  for (const name of NUMERIC_DATES) {
    if (!Object.hasOwn(claims, name)) continue;
    const v = claims[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > MAX_NUMERIC_DATE) {
      return fail('CLAIMS_INVALID', `Claim "${name}" must be a NumericDate: a finite number of seconds since 1970${typeof v === 'string' ? ', not a string' : ''}.`);
    }
  }
  const now = options.now ?? Date.now();
  if (typeof now !== 'number' || !Number.isFinite(now)) return fail('CLAIMS_INVALID', '"now" must be a finite number of milliseconds.');
  const nowSeconds = Math.floor(now / 1000);
  if (options.ttlSeconds !== undefined) {
    const ttl = options.ttlSeconds;
    if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0) return fail('TTL_INVALID', 'The lifetime (ttl) must be a positive number of seconds.');
    const exp = nowSeconds + Math.ceil(ttl);
    if (exp > MAX_NUMERIC_DATE) return fail('TTL_INVALID', 'The lifetime (ttl) is so long that the expiry cannot be represented as a date.');
    claims.exp = exp;
    if (options.includeIat !== false) claims.iat = nowSeconds;
  } else if (options.includeIat === true) {
    claims.iat = nowSeconds;
  }

  const payloadJson = JSON.stringify(claims);
  const payload = utf8Encoder.encode(payloadJson);
  if (payload.length > MAX_PAYLOAD_BYTES) return fail('CLAIMS_INVALID', 'The claims are over 4 MB; no receiver accepts a token that large.');
  const headerJson = JSON.stringify(header);
  return { ok: true, alg, header, claims, headerJson, payloadJson, signingInput: `${encodeBase64Url(utf8Encoder.encode(headerJson))}.${encodeBase64Url(payload)}`, warnings };
}
