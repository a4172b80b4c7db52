// What `verify` says about a signed token: one line for a valid one ("signature
// by key 'k1' (jwks.json), RS256, matched by kid; claims checked: expires in
// 4 min") and one reason for an invalid one ("bad signature: …", "expired
// 5 min ago …", "wrong audience: …"). Built from the core's VerifyReport
// (signature and claims judged separately); token values are shown through
// visibleText, and everything goes through terminalSafe on the way out.

import { keyChecksAlg } from '../core/jose/algorithms';
import type { ClaimProblem, VerifyReport } from '../core/jose/verify';
import type { DecodedToken } from '../core/token/decode';
import type { TimeClaim, TimeDescription } from '../core/token/times';
import type { JsonObject, JwsAlg, KeyMaterial } from '../core/base/types';
import { visibleText } from '../core/text/json';
import { listGiven, type GivenKeys } from './verifyKeys';

/** What was asked on the command line, beyond the keys. */
export interface ClaimSettings {
  alg?: JwsAlg;
  issuer: string[];
  audience: string[];
  toleranceSeconds: number;
  now: number;
}

export interface Verdict {
  valid: boolean;
  /** Valid: what it rests on (printed after "valid: "). Invalid: the reason (printed after "jwt-studio: "). */
  text: string;
}

/** A token value for a message: quoted, made visible and capped. */
function quoted(value: unknown): string {
  // visibleText's escapes are shown as they are (not escaped again), so a person reads \u202E once.
  if (typeof value === 'string') return `"${visibleText(value, 80)}"`;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  return visibleText(text ?? typeof value, 80);
}

function expected(values: readonly string[]): string {
  return values.map(quoted).join(' or ');
}

function member(claims: JsonObject | undefined, name: string): unknown {
  return claims && Object.hasOwn(claims, name) ? claims[name] : undefined;
}

/** Whether the claims pass: checked and valid, or not a claims set while nothing was asked of iss / aud. */
export function claimsPass(claims: VerifyReport['claims'], settings: ClaimSettings): boolean {
  return claims.checked ? claims.valid : settings.issuer.length === 0 && settings.audience.length === 0;
}

function timeAt(claim: TimeClaim | undefined, name: string): string {
  return claim?.iso ? ` (${name} ${claim.iso})` : '';
}

function problemText(problem: ClaimProblem, claimsSet: JsonObject | undefined, times: TimeDescription | undefined, settings: ClaimSettings): string {
  const beyond = settings.toleranceSeconds > 0 ? `, beyond the ${settings.toleranceSeconds} s clock tolerance` : '';
  switch (problem.code) {
    case 'expired':
      return times?.exp ? `${times.exp.words}${timeAt(times.exp, 'exp')}${beyond}` : problem.message;
    case 'not-yet-valid':
      return times?.nbf ? `not valid yet: ${times.nbf.words}${timeAt(times.nbf, 'nbf')}${beyond}` : problem.message;
    case 'issued-in-future':
      return times?.iat ? `${times.iat.words}${timeAt(times.iat, 'iat')}: check the issuer's clock` : problem.message;
    case 'bad-issuer': {
      const iss = member(claimsSet, 'iss');
      return `wrong issuer: ${iss === undefined ? 'the token has no iss' : `iss is ${quoted(iss)}`}, expected ${expected(settings.issuer)}`;
    }
    case 'bad-audience': {
      const aud = member(claimsSet, 'aud');
      return `wrong audience: ${aud === undefined ? 'the token has no aud' : `aud is ${quoted(aud)}`}, expected ${expected(settings.audience)}`;
    }
    case 'invalid-numeric-date':
      return problem.message.replace(/\.$/, '');
  }
}

/** Why the claims do not pass, or undefined when they do. */
export function claimsReason(claims: VerifyReport['claims'], claimsSet: JsonObject | undefined, times: TimeDescription | undefined, settings: ClaimSettings): string | undefined {
  if (claimsPass(claims, settings)) return undefined;
  if (!claims.checked) {
    const asked = [settings.issuer.length > 0 ? '--issuer' : '', settings.audience.length > 0 ? '--audience' : ''].filter(Boolean).join(' and ');
    return `the payload is not a JWT claims set, so ${asked} cannot hold`;
  }
  return claims.problems.map((p) => problemText(p, claimsSet, times, settings)).join('; ');
}

/** "claims checked: expires in 4 min, iss as expected": what a passing claims check rests on. */
export function claimsSummary(claims: VerifyReport['claims'], times: TimeDescription | undefined, settings: ClaimSettings): string {
  if (!claims.checked) return 'no claims checked (the payload is not a JWT claims set)';
  const parts: string[] = [];
  if (times?.exp) parts.push(times.status === 'expired' ? `${times.exp.words} (within the ${settings.toleranceSeconds} s clock tolerance)` : times.exp.words);
  else parts.push('no exp (it does not expire)');
  if (times?.nbf) parts.push(times.nbf.words);
  if (settings.issuer.length > 0) parts.push('iss as expected');
  if (settings.audience.length > 0) parts.push('aud as expected');
  return `claims checked: ${parts.join(', ')}`;
}

function nameOf(given: GivenKeys, key: Pick<KeyMaterial, 'kid' | 'alg' | 'use'>): string {
  return given.namer(key);
}

function kidNote(token: DecodedToken): string {
  return token.kid === undefined ? '' : ` (kid ${quoted(token.kid)})`;
}

function noKeyReason(token: DecodedToken, given: GivenKeys): string {
  const alg = visibleText(token.alg ?? '', 40);
  const listed = `the keys given are ${listGiven(given.given)}`;
  if (given.keys.every((k) => k.use === 'enc')) return `no key matched this ${alg} token${kidNote(token)}: ${listed}; encryption keys are never used to verify: pass the signer's ${alg} key with --key`;
  if (alg.startsWith('HS') && given.keys.every((k) => k.kty !== 'oct')) {
    return `no key matched this ${alg} token${kidNote(token)}: it needs a shared secret, but ${listed}; a public or private key is never used as an HMAC secret (RFC 8725 section 3.1): pass the shared secret in a file`;
  }
  return `no key matched this ${alg} token${kidNote(token)}: ${listed}; keys of another algorithm are never tried: pass the signer's ${alg} key with --key`;
}

function badSignatureReason(report: VerifyReport, token: DecodedToken, given: GivenKeys): string {
  const tried = given.given.filter((g) => report.tried.includes(g.key.kid) && token.alg !== undefined && keyChecksAlg(g.key.alg, g.key.publicJwk?.crv ?? g.key.privateJwk?.crv, token.alg));
  const names = tried.length > 0 ? tried.slice(0, 5).map((g) => g.name).join(', ') + (tried.length > 5 ? ` and ${tried.length - 5} more` : '') : 'the matching key';
  const byAlg = token.kid !== undefined && report.key?.matchedBy !== 'kid' ? `no key given has the token's kid ${quoted(token.kid)}, so every ${visibleText(token.alg ?? '', 40)} key was tried; ` : '';
  const secret = tried.some((g) => g.key.kty === 'oct') ? '; a shared secret file is used as its UTF-8 text (as jsonwebtoken and PyJWT use a string secret)' : '';
  const detached = token.payload?.type === 'detached' ? '; the payload part is empty (a detached payload is not verified here)' : '';
  return `bad signature: ${byAlg}tried ${names}: the token was changed, or signed with another key${secret}${detached}`;
}

/** The verdict on a signed token from the core's report (`token`: the same token, decoded). */
export function signedVerdict(report: VerifyReport, token: DecodedToken, times: TimeDescription | undefined, given: GivenKeys, settings: ClaimSettings): Verdict {
  if (settings.alg !== undefined && token.kind !== 'unsecured' && token.alg !== settings.alg) {
    return { valid: false, text: `wrong algorithm: the token says ${quoted(token.alg ?? '(none)')}, but --alg ${settings.alg} was given; a token never chooses its own algorithm` };
  }
  switch (report.signature) {
    case 'valid': {
      const key = report.key!;
      const reason = claimsReason(report.claims, token.claims, times, settings);
      // A key with a kid of its own chosen by algorithm: say so, since the token named another kid.
      const ownKid = given.given.some((g) => g.kidGiven && g.key.kid === key.kid);
      const kidMiss = key.matchedBy === 'alg' && ownKid && token.kid !== undefined ? `: no key given has the token's kid ${quoted(token.kid)}` : '';
      const by = `key ${nameOf(given, { ...key, use: 'sig' })} (${key.alg}, matched by ${key.matchedBy}${kidMiss})`;
      if (reason !== undefined) return { valid: false, text: `${reason}; the signature by ${by} is valid` };
      return { valid: true, text: `signature by ${by}; ${claimsSummary(report.claims, times, settings)}` };
    }
    case 'unsigned':
      return {
        valid: false,
        text: token.kind === 'unsecured' ? 'the token is not signed (alg none): anyone can make it, so it is never valid; ask the issuer for a signed token' : `the token is not signed: ${report.message}`,
      };
    case 'invalid':
      if (token.signatureBytes === 0 && token.segments[2] === '') return { valid: false, text: 'no signature: the third part of the token is empty, so nothing proves who made it' };
      if (report.key?.matchedBy === 'kid' && report.tried.length === 0) return { valid: false, text: `wrong key: ${report.message.replace(/\.$/, '')}` };
      return { valid: false, text: badSignatureReason(report, token, given) };
    case 'no-matching-key':
      return { valid: false, text: noKeyReason(token, given) };
    case 'wrong-key-type':
      return { valid: false, text: `wrong key type: ${report.message.replace(/\.$/, '')}; the keys given are ${listGiven(given.given)}` };
    case 'unsupported':
    case 'malformed':
    case 'encrypted':
      return { valid: false, text: `not verified: ${report.message.replace(/\.$/, '')}` };
  }
}

/** The verdict as JSON for --json (the token's own values as they are; made terminal-safe when printed). */
export function reportJson(report: VerifyReport, given: GivenKeys): Record<string, unknown> {
  const named = report.key ? { ...report.key, name: nameOf(given, { ...report.key, use: 'sig' }) } : null;
  return {
    status: report.signature,
    key: named,
    tried: report.tried.flatMap((kid) => given.given.filter((g) => g.key.kid === kid).map((g) => ({ kid, name: g.name }))),
  };
}
