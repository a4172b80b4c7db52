// One entry of the trusted-issuers setting, read at the boundary: a setting is text a person (or a
// workspace's author) wrote, so every member is checked here and a malformed one is an error the editor
// shows, never a check quietly skipped (an "audience" misspelt, or a string where a list belongs, would
// otherwise accept tokens for any audience).
import { jsonTypeName, isPlainObject } from '../base/guards';
import { fail } from '../base/result';
import type { Result } from '../base/types';
import { visibleText } from '../text/json';
import { audienceCheck } from './issuerClaims';
import { issuerKeyUrl, parseIssuer } from './issuerUrl';
import type { TrustedIssuer } from './issuers';

const MEMBERS = ['issuer', 'jwksUri', 'audiences'];
/** Likely slips for the members read, so the message can say which one was meant. */
const MEANT: Readonly<Record<string, string>> = { iss: 'issuer', url: 'issuer', jwks_uri: 'jwksUri', jwksUrl: 'jwksUri', jwks: 'jwksUri', audience: 'audiences', aud: 'audiences' };
const SHAPE = 'an issuer URL, or {"issuer": "https://…", "jwksUri": "https://…", "audiences": ["…"]}';

/**
 * A settings entry as a TrustedIssuer: an issuer URL (a string), or `{ issuer, jwksUri?, audiences? }`. The
 * issuer must pass parseIssuer; `jwksUri`, when given, issuerKeyUrl (on this machine only when the issuer is;
 * on another host it is confirmed like the issuer's host before the first fetch); `audiences` is a list of
 * non-empty strings, or one string for a single audience (an empty list, like none, leaves aud unchecked).
 * Any other member is refused, so a misspelt one is not silently ignored. Fails with ISSUER_SETTING_INVALID,
 * or ISSUER_URL_INVALID for the URLs; never throws.
 */
export function readTrustedIssuer(value: unknown): Result<{ trusted: TrustedIssuer }> {
  if (typeof value === 'string') {
    const parsed = parseIssuer(value);
    return parsed.ok ? { ok: true, trusted: { issuer: parsed.issuer } } : parsed;
  }
  if (!isPlainObject(value)) return fail('ISSUER_SETTING_INVALID', `A trusted issuer is ${jsonTypeName(value)}: give ${SHAPE}.`);
  for (const name of Object.keys(value)) {
    if (MEMBERS.includes(name)) continue;
    const meant = Object.hasOwn(MEANT, name) ? ` (did you mean "${MEANT[name]}"?)` : '';
    return fail('ISSUER_SETTING_INVALID', `A trusted issuer has the member "${visibleText(name, 40)}"${meant}, which is not read: only "issuer", "jwksUri" and "audiences" are.`);
  }
  const issuer = value.issuer;
  if (typeof issuer !== 'string') return fail('ISSUER_SETTING_INVALID', `A trusted issuer has ${issuer === undefined ? 'no "issuer"' : `an "issuer" that is ${jsonTypeName(issuer)}`}: give ${SHAPE}.`);
  const parsed = parseIssuer(issuer);
  if (!parsed.ok) return parsed;
  const trusted: TrustedIssuer = { issuer };
  const who = `'${visibleText(issuer, 80)}'`;

  const jwksUri = value.jwksUri;
  if (jwksUri !== undefined && jwksUri !== null && jwksUri !== '') {
    if (typeof jwksUri !== 'string') return fail('ISSUER_SETTING_INVALID', `The "jwksUri" of issuer ${who} is ${jsonTypeName(jwksUri)}: give the URL of its JWK Set as text, or leave it out to use discovery.`);
    const url = issuerKeyUrl(jwksUri, parsed.url);
    if (!url.ok) return url;
    trusted.jwksUri = jwksUri;
  }

  const given = value.audiences;
  if (given !== undefined && given !== null) {
    // One audience may be written as a string: the obvious way to write it in a setting.
    const audiences = audienceCheck(typeof given === 'string' ? [given] : given);
    if (!audiences.ok) {
      return fail('ISSUER_SETTING_INVALID', `The "audiences" of issuer ${who} are ${audiences.problem}: give the audiences its tokens are for, such as ["api://orders"] (tokens are then accepted only for one of them).`);
    }
    if (audiences.audiences.length > 0) trusted.audiences = audiences.audiences;
  }
  return { ok: true, trusted };
}
