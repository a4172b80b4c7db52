// Verifying an SD-JWT presentation (RFC 9901 §7.1, §7.3). The issuer-signed
// JWT is verified like any JWS (verifyToken, the ring's keys; nothing the
// token carries is trusted); the disclosure checks come from decoding
// (token/sdJwt.ts); the claims checked are the processed ones, with the
// disclosures placed. A key-binding JWT is verified against the holder key in
// the processed claims' `cnf.jwk` only when the issuer signature is valid (a
// key from an unverified payload proves nothing), and only with an algorithm
// that fits that key: the key-binding header selects among the key's
// algorithms (importKey refuses any other), never HS* or none.

import type { JsonObject, KeyMaterial } from '../base/types';
import { isPlainObject } from '../base/guards';
import { importKey } from '../keys/keys';
import { kidName } from '../keys/names';
import { decodeToken } from '../token/decode';
import type { DecodedSdJwt } from '../token/sdJwt';
import { keyBindingAgeNote, presentationLine, UNBOUND } from '../token/sdJwtText';
import { visibleText } from '../text/json';
import type { KeyBindingState } from '../token/insights';
import { isJwsAlg } from './algorithms';
import { checkClaims, MAX_VERIFY_LENGTH, verifyToken } from './verify';
import type { VerifyOptions, VerifyReport } from './verify';

export interface SdJwtVerifyReport extends VerifyReport {
  /** `signature`, `key` and `tried` are the issuer-signed JWT's; `claims` are checked on the processed claims. */
  sdJwt: {
    /** Every disclosure placed once, nothing refused, the parts well formed, sd_hash matching (token/sdJwt.ts). */
    intact: boolean;
    problems: string[];
    /** Present when the presentation carries a key-binding JWT. */
    keyBinding?: KeyBindingState;
  };
}

/** What a verifier expects of a key-binding JWT (RFC 9901 §7.3 step 5); without them nonce and aud are shown, not compared. */
export interface SdJwtVerifyOptions extends VerifyOptions {
  keyBindingNonce?: string;
  keyBindingAudience?: string;
}

const NOT_CHECKED: VerifyReport['claims'] = { checked: false, valid: false, problems: [] };

function report(base: Partial<VerifyReport> & Pick<VerifyReport, 'signature' | 'message'>, sdJwt: SdJwtVerifyReport['sdJwt']): SdJwtVerifyReport {
  return { claims: NOT_CHECKED, tried: [], ...base, sdJwt };
}

/** Verifies an SD-JWT presentation against stored keys. Never throws. */
export async function verifySdJwt(presentation: string, keys: KeyMaterial[], options: SdJwtVerifyOptions = {}): Promise<SdJwtVerifyReport> {
  try {
    return await verifyUnchecked(presentation, Array.isArray(keys) ? keys : [], options ?? {});
  } catch {
    return report({ signature: 'malformed', message: 'The SD-JWT could not be checked.' }, { intact: false, problems: ['it could not be checked'] });
  }
}

async function verifyUnchecked(presentation: string, keys: KeyMaterial[], options: SdJwtVerifyOptions): Promise<SdJwtVerifyReport> {
  if (typeof presentation !== 'string' || presentation.length > MAX_VERIFY_LENGTH) {
    return report({ signature: 'malformed', message: 'The SD-JWT is missing or over 8 MB; it is not verified.' }, { intact: false, problems: ['it is not verified'] });
  }
  const decoded = decodeToken(presentation, { maxLength: MAX_VERIFY_LENGTH });
  const sdJwt = decoded.ok ? decoded.token.sdJwt : undefined;
  if (!decoded.ok || !sdJwt) {
    const why = decoded.ok ? 'it is not an SD-JWT (there is no "~")' : decoded.error.message;
    return report({ signature: 'malformed', message: `The SD-JWT is malformed: ${why}` }, { intact: false, problems: ['it does not decode'] });
  }
  const issuer = await verifyToken(sdJwt.issuerJwt, keys, options);
  const processed = sdJwt.processedText;
  const claims = processed !== undefined ? checkClaims('', true, { ...options, detachedPayload: processed }) : issuer.claims;
  const details: SdJwtVerifyReport['sdJwt'] = { intact: sdJwt.intact, problems: sdJwt.problems };
  const claims0 = decoded.token.claims;
  if (sdJwt.keyBinding) details.keyBinding = await checkKeyBinding(sdJwt, issuer, claims0, options);
  const name = typeof options.keyName === 'function' ? options.keyName : kidName;
  const signatureText =
    issuer.signature === 'valid' && issuer.key
      ? `Issuer signature valid: ${issuer.key.alg} key ${name({ kid: issuer.key.kid, alg: issuer.key.alg, use: 'sig' })}, matched by ${issuer.key.matchedBy}.`
      : `Issuer-signed JWT: ${issuer.message}`;
  const parts = [signatureText];
  if (claims.checked) parts.push(claims.valid ? 'Claims valid.' : `But: ${claims.problems.map((p) => p.message).join(' ')}`);
  parts.push(`${presentationLine(sdJwt, issuer.signature === 'valid' ? { status: 'verified', key: '' } : { status: issuer.signature === 'invalid' ? 'invalid' : 'no-matching-key' }).text}.`);
  if (details.keyBinding) parts.push(`Key binding: ${details.keyBinding.detail}`);
  else if (claims0 && Object.hasOwn(claims0, 'cnf')) parts.push(`${UNBOUND}.`);
  const base: Partial<VerifyReport> & Pick<VerifyReport, 'signature' | 'message'> = { signature: issuer.signature, message: parts.join(' '), claims, tried: issuer.tried };
  if (issuer.key) base.key = issuer.key;
  return report(base, details);
}

/** The public members of a holder JWK, for the key types that can bind a holder; undefined otherwise. */
function holderJwk(cnf: unknown): Record<string, unknown> | undefined {
  const jwk = isPlainObject(cnf) && Object.hasOwn(cnf, 'jwk') ? cnf.jwk : undefined;
  if (!isPlainObject(jwk)) return undefined;
  const members: Record<string, readonly string[]> = { EC: ['kty', 'crv', 'x', 'y'], OKP: ['kty', 'crv', 'x'], RSA: ['kty', 'n', 'e'] };
  const kty = Object.hasOwn(jwk, 'kty') ? jwk.kty : undefined;
  if (typeof kty !== 'string' || !Object.hasOwn(members, kty)) return undefined;
  const out: Record<string, unknown> = {};
  for (const m of members[kty] as readonly string[]) if (Object.hasOwn(jwk, m)) out[m] = jwk[m];
  return out;
}

async function checkKeyBinding(sdJwt: DecodedSdJwt, issuer: VerifyReport, claims: JsonObject | undefined, options: SdJwtVerifyOptions): Promise<KeyBindingState> {
  const kb = sdJwt.keyBinding;
  if (!kb?.token) return { status: 'invalid', detail: 'the key-binding JWT does not decode.' };
  if (issuer.signature !== 'valid') {
    return { status: 'not-checked', detail: 'not checked, because the issuer signature is not verified: the holder key it names (cnf) cannot be trusted.' };
  }
  const jwk = holderJwk(claims && Object.hasOwn(claims, 'cnf') ? claims.cnf : undefined);
  if (!jwk) return { status: 'not-checked', detail: 'not checked: the issuer-signed claims name no EC, OKP or RSA holder key in cnf.jwk.' };
  const alg = kb.token.alg;
  if (alg === undefined || !isJwsAlg(alg) || alg.startsWith('HS')) {
    return { status: 'invalid', detail: 'the key-binding JWT names no signature algorithm a holder key can have.' };
  }
  const imported = await importKey(JSON.stringify(jwk), { format: 'jwk', alg });
  if (!imported.ok) return { status: 'invalid', detail: `the holder key in cnf.jwk cannot check it: ${imported.error.message}` };
  const holderName = (): string => 'the holder key (cnf.jwk)';
  // The key-binding JWT's own iat is checked against the clock; iss / aud expectations are the issuer-signed JWT's.
  const kbOptions: VerifyOptions = { keyName: holderName };
  if (options.now !== undefined) kbOptions.now = options.now;
  if (options.clockToleranceSeconds !== undefined) kbOptions.clockToleranceSeconds = options.clockToleranceSeconds;
  const verdict = await verifyToken(kb.text, imported.keys, kbOptions);
  if (verdict.signature !== 'valid') {
    const why = verdict.signature === 'invalid' ? 'its signature does not verify with the holder key in cnf.jwk' : verdict.message;
    return { status: 'invalid', detail: `${why}.` };
  }
  if (kb.sdHash !== 'matches') {
    return { status: 'invalid', detail: kb.sdHash === 'differs' ? 'signed by the holder key, but its sd_hash does not match this presentation.' : 'signed by the holder key, but its sd_hash is missing or cannot be checked.' };
  }
  if (kb.problems.length > 0) return { status: 'invalid', detail: `signed by the holder key, but it ${kb.problems.join('; ')}.` };
  const kbClaims = kb.token.claims ?? {};
  const expected: Array<['nonce' | 'aud', string | undefined]> = [['nonce', options.keyBindingNonce], ['aud', options.keyBindingAudience]];
  for (const [name, want] of expected) {
    if (want !== undefined && (Object.hasOwn(kbClaims, name) ? kbClaims[name] : undefined) !== want) {
      return { status: 'invalid', detail: `signed by the holder key, but its ${name} is not the one expected (${visibleText(JSON.stringify(want), 80)}).` };
    }
  }
  const unchecked = expected.filter(([, want]) => want === undefined).map(([name]) => name);
  const notCompared = unchecked.length > 0 ? ` ${unchecked.join(' and ')} not checked (no expected value).` : '';
  const timing = verdict.claims.checked && !verdict.claims.valid ? ` But: ${verdict.claims.problems.map((p) => p.message).join(' ')}` : '';
  const note = keyBindingAgeNote(kb, options.now ?? Date.now(), options.clockToleranceSeconds);
  const state: KeyBindingState = { status: 'verified', detail: `sd_hash matches; signed by the holder key in cnf.jwk.${notCompared}${note !== undefined ? ` But: ${note}.` : ''}${timing}` };
  if (note !== undefined) state.note = note;
  return state;
}
