// Discovery documents: OpenID Connect Discovery 1.0 §4 and RFC 8414 §3.
import { isPlainObject } from '../base/guards';
import { fail } from '../base/result';
import type { Result } from '../base/types';
import { visibleText } from '../text/json';
import { readIssuerJson } from './issuerJson';
import { MAX_ISSUER_URL_LENGTH, fetchableUrl, issuerDifference, issuerKeyUrl, parseIssuer } from './issuerUrl';
import type { FetchableUrl } from './issuers';

/** Discovery documents over this many characters are not read (real ones are a few KiB). */
export const MAX_DISCOVERY_CHARS = 256 * 1024;

const OIDC_WELL_KNOWN = '/.well-known/openid-configuration';
const OAUTH_WELL_KNOWN = '/.well-known/oauth-authorization-server';

/**
 * Where an issuer's metadata lives, in the order to try: `<issuer>/.well-known/openid-configuration`
 * (a trailing `/` of the issuer dropped first), then RFC 8414's `/.well-known/oauth-authorization-server`
 * inserted between the host and the issuer's path.
 */
export function discoveryUrls(issuer: string): Result<{ urls: FetchableUrl[] }> {
  const parsed = parseIssuer(issuer);
  if (!parsed.ok) return parsed;
  // Built from the parse (what is fetched), not the text: the origin as the parser writes it, and its path.
  const url = new URL(parsed.url.href);
  const path = url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
  const urls: FetchableUrl[] = [];
  for (const candidate of [`${url.origin}${path}${OIDC_WELL_KNOWN}`, `${url.origin}${OAUTH_WELL_KNOWN}${path}`]) {
    // The parse can be longer than the text (an IDN host in punycode, characters percent-encoded).
    if (candidate.length > MAX_ISSUER_URL_LENGTH) {
      return fail('ISSUER_URL_INVALID', `The issuer '${visibleText(issuer, 80)}' is ${url.href.length} characters long as a browser writes it, so its discovery URL would be over ${MAX_ISSUER_URL_LENGTH}: set its jwks_uri yourself.`);
    }
    const checked = fetchableUrl(candidate);
    if (!checked.ok) return checked;
    urls.push(checked.url);
  }
  return { ok: true, urls };
}

/**
 * A fetched discovery document: bounded strict JSON, `issuer` equal to `expectedIssuer` exactly, a fetchable
 * `jwks_uri` (issuerKeyUrl: on this machine only when the issuer is). The `jwks_uri` may be on another host
 * than the issuer (`otherHost`): the adapter then confirms `jwksUri.host` as a new host before fetching
 * from it, as it confirmed the issuer's.
 */
export function readDiscovery(text: string, expectedIssuer: string): Result<{ jwksUri: FetchableUrl; otherHost: boolean }> {
  const trusted = parseIssuer(expectedIssuer);
  if (!trusted.ok) return trusted;
  const json = readIssuerJson(text, MAX_DISCOVERY_CHARS);
  if (!json.ok) return fail('DISCOVERY_INVALID', `The discovery document ${json.problem}: check that the issuer URL is right (its server answered with something else).`);
  const doc = json.value;
  if (!isPlainObject(doc)) return fail('DISCOVERY_INVALID', 'The discovery document is not a JSON object: check that the issuer URL is right.');
  if (json.duplicates.length > 0) {
    // JSON.parse keeps the last of two "issuer" or "jwks_uri" members, other readers the first: the document is not used.
    return fail('DISCOVERY_INVALID', `The discovery document has the member ${visibleText(json.duplicates[0] as string, 60)} more than once, so readers can disagree about what it says: ask the issuer to fix it, or set the issuer's jwks_uri yourself.`);
  }
  const issuer = Object.hasOwn(doc, 'issuer') ? doc.issuer : undefined;
  if (typeof issuer !== 'string') {
    return fail('DISCOVERY_INVALID', `The discovery document has ${issuer === undefined ? 'no "issuer"' : 'an "issuer" that is not a string'}: it is not OpenID Connect or RFC 8414 metadata. Check the issuer URL.`);
  }
  if (issuer !== expectedIssuer) return fail('DISCOVERY_ISSUER_MISMATCH', mismatchMessage(issuer, expectedIssuer));
  const jwksUri = Object.hasOwn(doc, 'jwks_uri') ? doc.jwks_uri : undefined;
  if (typeof jwksUri !== 'string') {
    return fail('DISCOVERY_INVALID', `The discovery document has ${jwksUri === undefined ? 'no "jwks_uri"' : 'a "jwks_uri" that is not a string'}, so it names no keys: set the issuer's jwks_uri yourself if you know it.`);
  }
  const url = issuerKeyUrl(jwksUri, trusted.url);
  if (!url.ok) return fail('DISCOVERY_INVALID', `The discovery document's jwks_uri cannot be fetched. ${url.error.message}`);
  return { ok: true, jwksUri: url.url, otherHost: url.url.host !== trusted.url.host };
}

/** Both issuers, escaped and shortened, and what tells them apart when it is one of the usual slips. */
function mismatchMessage(found: string, expected: string): string {
  const hint = issuerDifference(found, expected);
  return (
    `The discovery document is for the issuer '${visibleText(found, 100)}', not '${visibleText(expected, 100)}' (they must be equal character for character, OpenID Connect Discovery §4.3).${hint} ` +
    'Trust the issuer exactly as its tokens\' "iss" says it, or check that the URL is the issuer\'s own.'
  );
}
