// Verifying a token with the keys of the issuer its `iss` names, when that issuer is trusted.
//
// The issuer's JWKs become KeyMaterial once per JWK object and algorithm (a WeakMap), so the core's
// CryptoKey cache (keys/cryptoKeys.ts, per KeyMaterial object) holds and a warm verification imports
// nothing: the adapter keeps the same IssuerKeys object between verifications. A JWK that names its
// `alg` keeps it; one without is tried only with the token's algorithm, and only when that algorithm
// fits the key (keyFits: RS* / PS* for RSA, the ES of its curve, EdDSA / Ed25519 for Ed25519), so the
// token can choose between an RSA key's RS256 and PS256 but never turn a key into another kind.
import { isJwsAlg, keyFits, useOf } from '../jose/algorithms';
import { verifySdJwt } from '../jose/sdJwtVerify';
import { MAX_VERIFY_LENGTH, verifyToken } from '../jose/verify';
import type { VerifyOptions, VerifyReport } from '../jose/verify';
import { isPlainObject } from '../base/guards';
import type { Jwk, KeyMaterial } from '../base/types';
import { visibleText } from '../text/json';
import { buildMaterial, PUBLIC_MEMBERS } from '../keys/material';
import { keyName, kidProblem } from '../keys/names';
import { decodeSegment, member, parseHeaderSegment, safeLabel, utf8 } from '../token/compactParts';
import { audienceCheck, issuerClaimChecks } from './issuerClaims';
import { MAX_ISSUER_URL_LENGTH } from './issuerUrl';
import type { IssuerKeys, IssuerVerdict, TrustedIssuer } from './issuers';

/** The `iss` of a compact JWS or SD-JWT's issuer-signed JWT, read with bounds; undefined when absent or not a string. */
export function tokenIssuer(token: string): string | undefined {
  const jwt = issuerSignedJwt(token);
  if (jwt === undefined) return undefined;
  const first = jwt.indexOf('.');
  const second = first === -1 ? -1 : jwt.indexOf('.', first + 1);
  if (second === -1 || jwt.indexOf('.', second + 1) !== -1) return undefined;
  const bytes = decodeSegment(jwt.slice(first + 1, second));
  const text = bytes ? utf8(bytes) : undefined;
  if (text === undefined) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(claims) || !Object.hasOwn(claims, 'iss')) return undefined;
  const iss = claims.iss;
  // No issuer longer than an issuer URL may be can be trusted (parseIssuer), so none is handed on.
  return typeof iss === 'string' && iss.length <= MAX_ISSUER_URL_LENGTH ? iss : undefined;
}

/** The compact JWS itself, or an SD-JWT's part before the first `~`; undefined when not text or too long. */
function issuerSignedJwt(token: string): string | undefined {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_VERIFY_LENGTH) return undefined;
  const tilde = token.indexOf('~');
  return tilde === -1 ? token : token.slice(0, tilde);
}

const NOT_CHECKED: VerifyReport['claims'] = { checked: false, valid: false, problems: [] };

/**
 * Verifies with the issuer's cached keys (never anything the token names): `iss` must equal the issuer exactly,
 * `aud` must hold one of `trusted.audiences` when given (audiences that are not a list of strings match no
 * token), and a payload that is not a claims set is bad-issuer. Keys cached for another issuer are not used.
 * A key without `alg` checks the token's algorithm when it fits the key (RS or PS for RSA, the ES of its curve
 * for EC, EdDSA or Ed25519 for Ed25519). `kidUnknown` only when no key verified the token and none has its kid.
 */
export async function verifyWithIssuer(token: string, trusted: TrustedIssuer, keys: IssuerKeys, options: { now?: number } = {}): Promise<IssuerVerdict> {
  try {
    return await verifyUnchecked(token, trusted, keys, options ?? {});
  } catch {
    return { report: { signature: 'malformed', message: 'The token could not be checked.', claims: NOT_CHECKED, tried: [] }, kidUnknown: false };
  }
}

async function verifyUnchecked(token: string, trusted: TrustedIssuer, keys: IssuerKeys, options: { now?: number }): Promise<IssuerVerdict> {
  const issuer = isPlainObject(trusted) && typeof trusted.issuer === 'string' && trusted.issuer !== '' ? trusted.issuer : undefined;
  if (issuer === undefined) return noKey('No trusted issuer was given, so the token was not checked against one.');
  // A lookup slip in the caller must not word another issuer's keys as this one's.
  const keysIssuer = isPlainObject(keys) ? keys.issuer : undefined;
  if (keysIssuer !== issuer) {
    return noKey(`The cached keys are for ${typeof keysIssuer === 'string' ? `issuer '${visibleText(keysIssuer, 80)}'` : 'no issuer'}, not '${visibleText(issuer, 80)}', so the token was not checked with them.`);
  }
  const jwks: unknown[] = Array.isArray(keys.keys) ? keys.keys : [];
  const header = headerOf(token);
  const materials = header ? await materialsFor(jwks, header.alg) : [];
  const kid = header?.kid;

  const verifyOptions: VerifyOptions = { issuer, keyName: (key) => `${keyName(undefined, key.kid)} of ${visibleText(issuer, 80)}` };
  // Audiences that are not a list of strings match no token (issuerClaimChecks says so): never a skipped check.
  const audiences = audienceCheck(trusted.audiences);
  if (audiences.ok && audiences.audiences.length > 0) verifyOptions.audience = audiences.audiences;
  if (typeof options.now === 'number') verifyOptions.now = options.now;

  const sdJwt = typeof token === 'string' && token.includes('~');
  const report = sdJwt ? await verifySdJwt(token, materials, verifyOptions) : await verifyToken(token, materials, verifyOptions);
  issuerClaimChecks(report, token, issuer, audiences, sdJwt ? tokenIssuer(token) : undefined);
  // Unknown: the kid is neither a JWK's own kid nor the thumbprint a kid-less key goes by, and no key verified the token.
  const kidUnknown = typeof kid === 'string' && report.signature !== 'valid' && !jwks.some((jwk) => isPlainObject(jwk) && jwk.kid === kid) && !materials.some((m) => m.kid === kid);
  if (!sdJwt && report.signature === 'no-matching-key') report.message = noKeyMessage(issuer, jwks.length, header, kidUnknown);
  return { report, kidUnknown };
}

function noKey(message: string): IssuerVerdict {
  return { report: { signature: 'no-matching-key', message, claims: NOT_CHECKED, tried: [] }, kidUnknown: false };
}

/** The header's alg and kid, read as verifyToken reads them; undefined for a token without a readable header. */
function headerOf(token: string): { alg: unknown; kid: unknown } | undefined {
  const jwt = issuerSignedJwt(token);
  const dot = jwt === undefined ? -1 : jwt.indexOf('.');
  if (jwt === undefined || dot === -1) return undefined;
  const parsed = parseHeaderSegment(jwt.slice(0, dot));
  return parsed.ok ? { alg: member(parsed.header, 'alg'), kid: member(parsed.header, 'kid') } : undefined;
}

/** Per JWK object: its KeyMaterial for each algorithm it was asked for (undefined when it cannot check that one). */
const materialCache = new WeakMap<object, Map<string, Promise<KeyMaterial | undefined>>>();

/**
 * The issuer's keys as KeyMaterial for a token whose header says `tokenAlg`: the same objects every time
 * for the same JWK objects, so their CryptoKeys are imported once. A JWK with its own alg is given with
 * it (verifyToken refuses it for a token of another algorithm, by name); one without is given only when
 * `tokenAlg` fits it.
 */
export function issuerKeyMaterial(keys: IssuerKeys, tokenAlg: string): Promise<KeyMaterial[]> {
  return materialsFor(isPlainObject(keys) && Array.isArray(keys.keys) ? keys.keys : [], tokenAlg);
}

async function materialsFor(jwks: readonly unknown[], tokenAlg: unknown): Promise<KeyMaterial[]> {
  const pending: Promise<KeyMaterial | undefined>[] = [];
  for (const jwk of jwks) {
    if (!isPlainObject(jwk)) continue;
    const own = Object.hasOwn(jwk, 'alg') ? jwk.alg : undefined;
    const alg = own !== undefined ? own : tokenAlg;
    // Only the table's names are cached: a token cannot grow the cache with made-up algorithms.
    if (!isJwsAlg(alg)) continue;
    let perAlg = materialCache.get(jwk);
    if (!perAlg) {
      perAlg = new Map();
      materialCache.set(jwk, perAlg);
    }
    let made = perAlg.get(alg);
    if (!made) {
      made = materialOf(jwk as Jwk, alg).catch(() => undefined);
      perAlg.set(alg, made);
    }
    pending.push(made);
  }
  return (await Promise.all(pending)).filter((k): k is KeyMaterial => k !== undefined);
}

/**
 * One public signature key of `alg`, from the JWK's public members only (a private member that reached
 * the cache is never copied), or undefined when the JWK cannot be a key for that algorithm.
 */
async function materialOf(jwk: Jwk, alg: string): Promise<KeyMaterial | undefined> {
  const kty = jwk.kty;
  if (kty !== 'RSA' && kty !== 'EC' && kty !== 'OKP' && kty !== 'AKP') return undefined;
  const crv = typeof jwk.crv === 'string' ? jwk.crv : undefined;
  if (!isJwsAlg(alg) || useOf(alg) !== 'sig' || !keyFits(alg, kty, crv) || jwk.use === 'enc') return undefined;
  const source: Record<string, unknown> = {};
  for (const m of PUBLIC_MEMBERS[kty]) {
    const v = jwk[m];
    if (typeof v !== 'string') return undefined;
    source[m] = v;
  }
  const kid = typeof jwk.kid === 'string' && kidProblem(jwk.kid, 'kid') === undefined ? jwk.kid : undefined;
  const ops = Array.isArray(jwk.key_ops) && jwk.key_ops.every((op) => typeof op === 'string') ? jwk.key_ops : undefined;
  if (ops !== undefined && !ops.includes('verify')) return undefined;
  return buildMaterial(kty, source, alg, kid, ops);
}

/** "No key of https://… checks this token": verifyToken's words speak of the key ring. */
function noKeyMessage(issuer: string, keyCount: number, header: { alg: unknown; kid: unknown } | undefined, kidUnknown: boolean): string {
  const who = visibleText(issuer, 80);
  const alg = safeLabel(header?.alg);
  const kid = safeLabel(header?.kid);
  const kidPart = kidUnknown ? ` Its kid${kid ? ` '${kid}'` : ''} is not among them: the issuer may have rotated its keys since they were fetched, so fetch them again.` : '';
  return `No key of ${who} checks this ${alg ?? ''}${alg ? ' ' : ''}token: the issuer's JWK Set has ${keyCount} key${keyCount === 1 ? '' : 's'}, and none is for its algorithm${kidUnknown ? ' and kid' : ''}.${kidPart}`;
}
