// Verifying compact JWS / JWT against the key ring. Always a verdict, never an
// exception. The key decides the algorithm (it is passed to jose as the only
// allowed one); the token can only *select* among stored keys by exact kid or
// by algorithm, and nothing the token carries (jwk, jku, x5u, x5c) is ever
// used or fetched. Signature and claims are judged separately.

import { base64url, compactVerify, errors, flattenedVerify } from 'jose';
import type { CryptoKey } from 'jose';
import { algsCheckingToken, isJweKeyAlg, isJwsAlg, keyChecksAlg, orList } from './algorithms';
import { runtimeProblem } from './runtime';
import { knownUnsupportedAlgorithm, labelledAlgorithm } from '../base/algNames';
import { decodeSegment, isBase64urlSegment, member, parseHeaderSegment, safeLabel, utf8 } from '../token/compactParts';
import { kidName, type KeyNamer } from '../keys/names';
import { cryptoKeyFor } from '../keys/keys';
import { MAX_NUMERIC_DATE } from '../base/limits';
import type { JsonObject, JwsAlg, KeyAlg, KeyMaterial } from '../base/types';

export type SignatureStatus =
  | 'valid'
  | 'invalid'
  | 'no-matching-key'
  | 'unsigned'
  | 'unsupported'
  | 'malformed'
  | 'encrypted'
  | 'wrong-key-type';

export interface ClaimProblem {
  claim: string;
  code: 'expired' | 'not-yet-valid' | 'issued-in-future' | 'invalid-numeric-date' | 'bad-issuer' | 'bad-audience';
  message: string;
}

export interface VerifyReport {
  signature: SignatureStatus;
  /** For people; never contains token text except plain-character alg/kid values. */
  message: string;
  key?: { kid: string; alg: KeyAlg; matchedBy: 'kid' | 'alg' };
  claims: { checked: boolean; valid: boolean; problems: ClaimProblem[] };
  /** kids of the keys whose signature check ran. */
  tried: string[];
}

export interface VerifyOptions {
  /** Milliseconds since 1970; defaults to the current time. */
  now?: number;
  clockToleranceSeconds?: number;
  issuer?: string | string[];
  audience?: string | string[];
  /**
   * The payload of a detached JWS (RFC 7515 appendix F), whose compact form
   * has an empty middle part, as text (not base64url). Used only when that
   * part is empty; a claims set supplied this way is checked like one in the
   * token.
   */
  detachedPayload?: string;
  /** How messages name a key (the ring's names, `keyName.ts`); by default by its kid. */
  keyName?: KeyNamer;
}

/** Tokens beyond this are refused before any decoding. */
export const MAX_VERIFY_LENGTH = 8 * 1024 * 1024;
const MAX_KEYS_TRIED = 50;
/** Header parameters whose meaning this verifier implements; any other name in crit makes the token unsupported. */
const UNDERSTOOD_CRIT = ['b64'];

type Claims = VerifyReport['claims'];
const NOT_CHECKED: Claims = { checked: false, valid: false, problems: [] };

function verdict(signature: SignatureStatus, message: string, claims: Claims = NOT_CHECKED, extra: Partial<VerifyReport> = {}): VerifyReport {
  return { signature, message, claims, tried: [], ...extra };
}


/** Verifies exactly the string given against stored keys. Never throws. */
export async function verifyToken(token: string, keys: KeyMaterial[], options: VerifyOptions = {}): Promise<VerifyReport> {
  try {
    return await verifyUnchecked(token, Array.isArray(keys) ? keys : [], options ?? {});
  } catch {
    return verdict('malformed', 'The token could not be checked.');
  }
}

async function verifyUnchecked(token: string, keys: KeyMaterial[], options: VerifyOptions): Promise<VerifyReport> {
  if (typeof token !== 'string' || token.length === 0) return verdict('malformed', 'There is no token to verify.');
  if (token.length > MAX_VERIFY_LENGTH) return verdict('malformed', 'The token is over 8 MB; it is not verified.');
  if (options.detachedPayload !== undefined && typeof options.detachedPayload !== 'string') return verdict('malformed', 'The detached payload must be text.');
  if (typeof options.detachedPayload === 'string' && options.detachedPayload.length > MAX_VERIFY_LENGTH) return verdict('malformed', 'The detached payload is over 8 MB; it is not verified.');
  if (token.includes('~')) return verdict('malformed', "This is an SD-JWT presentation (parts separated by '~'): verify it as one (verifySdJwt); its issuer-signed JWT is the part before the first '~'.");
  const parts = token.split('.');
  if (parts.length === 5) return verdict('encrypted', 'This is an encrypted token (JWE): decrypt it with an encryption key; there is no signature to verify.');
  if (parts.length !== 3) return verdict('malformed', `A signed token has 3 parts separated by dots; this has ${parts.length}.`);
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];

  const parsed = parseHeaderSegment(headerPart);
  if (!parsed.ok) return verdict('malformed', `The token is malformed: ${parsed.problem}.`);
  const header = parsed.header;

  const alg = member(header, 'alg');
  if (alg === undefined || alg === '') {
    return verdict('unsigned', 'The header names no algorithm, so the token is treated as unsigned: it proves nothing about who made it.', checkClaims(payloadPart, true, options));
  }
  if (typeof alg !== 'string') return verdict('malformed', 'The header\'s "alg" is not a string.');
  if (alg.toLowerCase() === 'none') {
    return verdict('unsigned', 'UNSIGNED (alg: none): anyone can make this token, so it is never valid, whatever key is chosen.', checkClaims(payloadPart, true, options));
  }
  if (!isJwsAlg(alg)) {
    const named = safeLabel(alg);
    if (alg === 'RSA1_5' || isJweKeyAlg(alg)) {
      return verdict('unsupported', `The header names an encryption algorithm${named ? ` (${named})` : ''} in a signed token; it is not verified.`);
    }
    const known = knownUnsupportedAlgorithm(alg);
    if (known) return verdict('unsupported', known);
    return verdict('unsupported', `The token's algorithm${named ? ` (${named})` : ''} is not one this tool verifies (HS*, RS*, PS*, ES*, EdDSA, Ed25519, ML-DSA-*).`);
  }

  // crit: only extensions this verifier implements may be critical (RFC 7515 s4.1.11).
  let b64 = true;
  const crit = member(header, 'crit');
  if (crit !== undefined) {
    if (!Array.isArray(crit) || crit.length === 0 || !crit.every((c) => typeof c === 'string' && c.length > 0) || new Set(crit).size !== crit.length) {
      return verdict('malformed', 'The header\'s "crit" must be a list of distinct, non-empty names.');
    }
    const unknown = (crit as string[]).filter((c) => !UNDERSTOOD_CRIT.includes(c));
    if (unknown.length > 0) {
      const names = unknown.map((c) => safeLabel(c)).filter((c): c is string => c !== undefined);
      return verdict('unsupported', `Critical extension not understood${names.length === unknown.length ? ` (${names.join(', ')})` : ''}: a token with a critical extension this tool does not implement is never accepted.`);
    }
    if ((crit as string[]).includes('b64')) {
      const value = member(header, 'b64');
      if (typeof value !== 'boolean') return verdict('malformed', 'The header lists "b64" as critical but its value is not true or false.');
      b64 = value;
    }
  }
  if (!isBase64urlSegment(signaturePart)) return verdict('malformed', 'The signature part is not base64url.');
  if (b64 && !isBase64urlSegment(payloadPart)) return verdict('malformed', 'The payload part is not base64url.');

  const claims = checkClaims(payloadPart, b64, options);
  if (signaturePart === '') {
    return verdict('invalid', 'There is no signature: the third part of the token is empty, so nothing proves who made it.', claims);
  }
  // ML-DSA needs a runtime whose WebCrypto has it: say so rather than "no key" or "unsupported".
  const runtime = await runtimeProblem(alg, 'verify');
  if (runtime) return verdict('unsupported', runtime, claims);

  // ---- key selection: exact kid, else same algorithm; never another algorithm's key.
  const name = typeof options.keyName === 'function' ? options.keyName : kidName;
  const usable = keys.filter((k) => k && typeof k === 'object' && k.use === 'sig' && isJwsAlg(k.alg));
  if (usable.length === 0) {
    return verdict('no-matching-key', keys.length === 0 ? 'No keys to verify with: add the issuer\'s key to the key ring.' : 'No signing keys in the ring: encryption keys are never used to verify.', claims);
  }
  const kid = member(header, 'kid');
  let candidates: KeyMaterial[] = [];
  let matchedBy: 'kid' | 'alg' = 'alg';
  if (typeof kid === 'string') {
    const byKid = usable.filter((k) => k.kid === kid);
    if (byKid.length > 0) {
      const sameAlg = byKid.filter((k) => checks(k, alg));
      if (sameAlg.length === 0) {
        const k = byKid[0] as KeyMaterial;
        return verdict('invalid', `Algorithm mismatch: token says ${alg}, key ${name(k)} is ${k.alg}. A key is only ever used with its own algorithm.`, claims, {
          key: { kid: k.kid, alg: k.alg, matchedBy: 'kid' },
        });
      }
      candidates = sameAlg;
      matchedBy = 'kid';
    }
  }
  if (candidates.length === 0) candidates = usable.filter((k) => checks(k, alg));
  if (candidates.length === 0) {
    const kidNote = typeof kid === 'string' ? `no key has the token's kid${safeLabel(kid) ? ` '${kid}'` : ''}, and ` : '';
    return verdict('no-matching-key', `No key to check this ${labelledAlgorithm(alg)} token: ${kidNote}no ${orList(algsCheckingToken(alg))} key is in the ring. Keys of other algorithms are never tried.`, claims);
  }

  const tried: string[] = [];
  const triedKeys: KeyMaterial[] = [];
  const outcomes: SignatureStatus[] = [];
  for (const key of candidates.slice(0, MAX_KEYS_TRIED)) {
    const loaded = await cryptoKeyFor(key, 'verify');
    if (!loaded.ok) {
      outcomes.push('wrong-key-type');
      continue;
    }
    tried.push(key.kid);
    triedKeys.push(key);
    // The token's own name goes to jose as the only allowed algorithm: the key's, or (checks()) the
    // other name of the same Ed25519 signature, which the key computes unchanged.
    const outcome = await checkSignature(token, parts as [string, string, string], b64, alg, loaded.cryptoKey, options.detachedPayload);
    if (outcome === 'valid') {
      const renamed = key.alg === alg ? '' : ` (an ${alg} token: the same Ed25519 signature under its ${alg === 'Ed25519' ? 'RFC 9864' : 'RFC 8037'} name)`;
      const summary = `Signature valid: ${key.alg} key ${name(key)}${renamed}, matched by ${matchedBy}.`;
      return verdict('valid', withClaims(summary, claims, b64), claims, { key: { kid: key.kid, alg: key.alg, matchedBy }, tried });
    }
    outcomes.push(outcome);
  }
  const only = candidates.length === 1 ? (candidates[0] as KeyMaterial) : undefined;
  const keyInfo = only ? { key: { kid: only.kid, alg: only.alg, matchedBy } } : {};
  if (outcomes.includes('malformed')) return verdict('malformed', 'The token is malformed: its parts do not decode as a signed token.', claims, { ...keyInfo, tried });
  if (outcomes.includes('unsupported')) return verdict('unsupported', 'The token uses a feature this tool does not verify.', claims, { ...keyInfo, tried });
  if (outcomes.includes('invalid')) {
    const who = triedKeys.length === 1 ? `key ${name(triedKeys[0] as KeyMaterial)}` : `${triedKeys.length} ${alg} keys`;
    const detachedHint = payloadPart === '' && options.detachedPayload === undefined ? ' The payload part is empty: if the payload is detached, supply it to verify.' : '';
    return verdict('invalid', `Signature invalid with ${who}: the token was changed, or signed with a different key.${detachedHint}`, claims, { ...keyInfo, tried });
  }
  return verdict('wrong-key-type', `Wrong key for this token: ${triedKeys.length > 0 ? `key ${name(triedKeys[0] as KeyMaterial)}` : 'the selected key'} cannot check a ${alg} signature.`, claims, { ...keyInfo, tried });
}

/** The key checks a token of `alg`: its own algorithm, or the other name of an Ed25519 signature (`keyChecksAlg`). */
function checks(key: KeyMaterial, alg: JwsAlg): boolean {
  const crv = key.publicJwk?.crv ?? key.privateJwk?.crv;
  return keyChecksAlg(key.alg, typeof crv === 'string' ? crv : undefined, alg);
}

async function checkSignature(
  /** The whole token: `parts` joined by dots. */
  token: string,
  parts: [string, string, string],
  b64: boolean,
  alg: KeyAlg,
  key: CryptoKey | Uint8Array,
  detachedPayload: string | undefined,
): Promise<SignatureStatus> {
  try {
    if (parts[1] === '' && detachedPayload !== undefined) {
      const payload = b64 ? base64url.encode(detachedPayload) : detachedPayload;
      await flattenedVerify({ protected: parts[0], payload, signature: parts[2] }, key, { algorithms: [alg] });
    } else {
      await compactVerify(token, key, { algorithms: [alg] });
    }
    return 'valid';
  } catch (e) {
    if (e instanceof errors.JWSSignatureVerificationFailed || e instanceof errors.JOSEAlgNotAllowed) return 'invalid';
    if (e instanceof errors.JOSENotSupported) return 'unsupported';
    if (e instanceof errors.JWSInvalid) return 'malformed';
    if (e instanceof TypeError) return 'wrong-key-type';
    return 'invalid';
  }
}

function withClaims(summary: string, claims: Claims, b64: boolean): string {
  if (!claims.checked && !b64) return `${summary} The payload is unencoded (b64: false), which a JWT never is, so no claims were checked.`;
  if (!claims.checked) return `${summary} The payload is not a JWT claims set, so no claims were checked.`;
  if (claims.valid) return `${summary} Claims valid.`;
  return `${summary} But: ${claims.problems.map((p) => p.message).join(' ')}`;
}

// ---------------------------------------------------------------------------
// Claims

/**
 * Checks exp / nbf / iat (finite and in Date range, then against now ± tolerance) and iss / aud when asked.
 * The claims come from the token's payload part, or from the detached payload when that part is empty;
 * an unencoded (b64: false) payload is not a JWT claims set (a JWT's payload is always base64url), so it is not checked.
 */
export function checkClaims(payloadPart: string, b64: boolean, options: VerifyOptions): Claims {
  if (!b64) return NOT_CHECKED;
  const detached = options.detachedPayload;
  let text: string | undefined;
  if (payloadPart === '' && typeof detached === 'string') text = detached;
  else {
    const bytes = decodeSegment(payloadPart);
    text = bytes ? utf8(bytes) : undefined;
  }
  let value: unknown;
  try {
    value = text === undefined ? undefined : JSON.parse(text);
  } catch {
    return NOT_CHECKED;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return NOT_CHECKED;
  const claims = value as JsonObject;
  const problems: ClaimProblem[] = [];
  const now = typeof options.now === 'number' && Number.isFinite(options.now) ? options.now : Date.now();
  const nowSeconds = Math.floor(now / 1000);
  const tolerance = typeof options.clockToleranceSeconds === 'number' && Number.isFinite(options.clockToleranceSeconds) && options.clockToleranceSeconds > 0 ? options.clockToleranceSeconds : 0;

  for (const name of ['exp', 'nbf', 'iat'] as const) {
    const v = member(claims, name);
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > MAX_NUMERIC_DATE) {
      problems.push({ claim: name, code: 'invalid-numeric-date', message: `"${name}" is not a valid NumericDate (a finite number of seconds since 1970 within the date range)${typeof v === 'string' ? '; it is a string' : ''}.` });
      continue;
    }
    if (name === 'exp' && v <= nowSeconds - tolerance) {
      problems.push({ claim: name, code: 'expired', message: `Expired at ${isoDate(v)} (${describeDistance(nowSeconds - v)} ago).` });
    } else if (name === 'nbf' && v > nowSeconds + tolerance) {
      problems.push({ claim: name, code: 'not-yet-valid', message: `Not valid before ${isoDate(v)} (in ${describeDistance(v - nowSeconds)}).` });
    } else if (name === 'iat' && v > nowSeconds + tolerance) {
      problems.push({ claim: name, code: 'issued-in-future', message: `Issued in the future, at ${isoDate(v)} (in ${describeDistance(v - nowSeconds)}): check the issuer's clock.` });
    }
  }
  if (options.issuer !== undefined) {
    const expected = Array.isArray(options.issuer) ? options.issuer : [options.issuer];
    const iss = member(claims, 'iss');
    if (typeof iss !== 'string' || !expected.includes(iss)) {
      problems.push({ claim: 'iss', code: 'bad-issuer', message: iss === undefined ? 'There is no issuer (iss) claim, but one is expected.' : 'The issuer (iss) is not the one expected.' });
    }
  }
  if (options.audience !== undefined) {
    const expected = Array.isArray(options.audience) ? options.audience : [options.audience];
    const aud = member(claims, 'aud');
    const given = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
    if (!given.some((a) => expected.includes(a))) {
      problems.push({ claim: 'aud', code: 'bad-audience', message: aud === undefined ? 'There is no audience (aud) claim, but one is expected.' : 'The audience (aud) does not include the one expected.' });
    }
  }
  return { checked: true, valid: problems.length === 0, problems };
}

function isoDate(seconds: number): string {
  try {
    return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
  } catch {
    return 'an unrepresentable date';
  }
}

function describeDistance(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}
