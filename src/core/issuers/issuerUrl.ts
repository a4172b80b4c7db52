// Which URLs JWT Studio may fetch for an issuer, read as a browser reads them.
//
// The text is checked first (length, characters, the scheme written out), then parsed with WHATWG `URL`
// and the parse is checked: what is fetched is what the parser made of the text, so a trick that only
// another parser would fall for (`https://good.com@evil.com`, `https://good.com\@evil.com`) is judged by
// where the request would really go.
import { deceptiveKindsOf, describeDeceptiveKinds } from '../base/deceptiveChars';
import { isPlainObject } from '../base/guards';
import { fail, type Failure } from '../base/result';
import type { Result } from '../base/types';
import { visibleText } from '../text/json';
import type { FetchableUrl } from './issuers';

/** Longer key URLs are refused before they are parsed. */
export const MAX_ISSUER_URL_LENGTH = 2048;
/** The longer of the two well-known suffixes discovery adds to an issuer (RFC 8414 §3). */
const LONGEST_WELL_KNOWN = '/.well-known/oauth-authorization-server'.length;
/** Longer issuers are refused: their discovery URLs would be over MAX_ISSUER_URL_LENGTH. */
export const MAX_ISSUER_LENGTH = MAX_ISSUER_URL_LENGTH - LONGEST_WELL_KNOWN;

/**
 * An issuer identifier a person typed or a setting holds: an absolute `https:` URL (or `http:` to a loopback
 * host), no user info, query, fragment or `.` / `..` path segment, at most MAX_ISSUER_LENGTH characters. The
 * string is kept as given: `iss` is compared with it exactly.
 */
export function parseIssuer(text: string): Result<{ issuer: string; url: FetchableUrl }> {
  const read = readUrl(text, 'issuer');
  return read.ok ? { ok: true, issuer: text, url: read.url } : read;
}

/**
 * Whether `iss` can be trusted as an issuer (parseIssuer accepts it). The hover offers "Trust issuer" only
 * for such an iss: a bare host (`accounts.google.com`), an `http:` URL to another machine or any other text
 * could never be fetched, so the offer would lead nowhere.
 */
export function trustableIssuer(iss: unknown): boolean {
  return typeof iss === 'string' && parseIssuer(iss).ok;
}

/** A URL a discovery document or a setting names (`jwks_uri`): the same rules, fragments refused. */
export function fetchableUrl(text: string): Result<{ url: FetchableUrl }> {
  return readUrl(text, 'key URL');
}

/**
 * The key URL (`jwks_uri`) of an issuer, from its discovery document or a setting: fetchableUrl's rules, and
 * on this machine (loopback, which is also the only host plain http may go to) only when the issuer is
 * too. A server on the internet cannot make JWT Studio send requests to local services. A host other than
 * the issuer's is allowed (identity providers often serve keys from another host); the adapter confirms it
 * as a new host before the first fetch (`url.host`).
 */
export function issuerKeyUrl(text: string, issuer: FetchableUrl): Result<{ url: FetchableUrl }> {
  const read = fetchableUrl(text);
  // An issuer that is not a parse counts as remote: the stricter reading.
  const local = isPlainObject(issuer) && typeof issuer.href === 'string' && onThisMachine(issuer.href);
  if (!read.ok || !onThisMachine(read.url.href) || local) return read;
  const host = isPlainObject(issuer) && typeof issuer.host === 'string' ? ` ${visibleText(issuer.host, 80)}` : '';
  return refuse('key URL', text, `is on this machine (${visibleText(read.url.host, 80)}), but the issuer${host} is not`, 'a remote issuer may not send key fetches to local services; trust an issuer on this machine (http://localhost:…) to use keys served here.');
}

/**
 * What tells an issuer found in a document or a token apart from the trusted one, when it is one of the
 * usual slips ("They differ only by a trailing "/", …"), or ''.
 */
export function issuerDifference(found: string, expected: string): string {
  if (found.replace(/\/$/, '') === expected.replace(/\/$/, '')) return ' They differ only by a trailing "/", which counts: tokens carry one form exactly.';
  if (found.toLowerCase() === expected.toLowerCase()) return ' They differ only in upper and lower case, which counts.';
  if (found.replace(/^http:/, 'https:') === expected.replace(/^http:/, 'https:')) return ' One is http and the other https.';
  return '';
}

type Role = 'issuer' | 'key URL';

function refuse(role: Role, text: string, problem: string, todo: string): Failure {
  const shown = typeof text === 'string' && text.length > 0 ? ` '${visibleText(text, 80)}'` : '';
  return fail('ISSUER_URL_INVALID', `The ${role}${shown} ${problem}: ${todo}`);
}

function readUrl(text: string, role: Role): Result<{ url: FetchableUrl }> {
  if (typeof text !== 'string' || text.length === 0) return refuse(role, '', 'is empty', `give the ${role} as an https:// URL.`);
  const max = role === 'issuer' ? MAX_ISSUER_LENGTH : MAX_ISSUER_URL_LENGTH;
  if (text.length > max) {
    const why = role === 'issuer' ? ` (so that its discovery URLs fit in ${MAX_ISSUER_URL_LENGTH})` : '';
    return refuse(role, text, `is ${text.length} characters long`, `at most ${max} are read${why}; check that the whole setting is not pasted into it.`);
  }
  const hidden = characterProblem(text);
  if (hidden) return refuse(role, text, hidden, 'type it again without them.');
  const scheme = text.startsWith('https://') ? 'https:' : text.startsWith('http://') ? 'http:' : undefined;
  if (!scheme) return refuse(role, text, 'does not start with https://', `an ${role} is an https:// URL (http:// only to this machine: localhost, 127.0.0.1 or [::1]).`);
  if (text.charCodeAt(scheme.length + 2) === 0x2f) return refuse(role, text, 'has more than two slashes after the scheme', 'browsers skip them and go to the host after them; write https://host/path.');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse(role, text, 'is not a URL a browser can read', 'check the host name and the port.');
  }
  if (url.protocol !== scheme || url.hostname === '') return refuse(role, text, 'has no host', 'write https://host/path.');
  // The parse says where the request goes; the text is checked too, since `https://@host` parses to no user name.
  if (url.username !== '' || url.password !== '' || authority(text, scheme.length + 2).includes('@')) {
    return refuse(role, text, `has a user name before "@", so a browser would send the request to ${visibleText(url.host, 80)}`, 'remove everything between :// and @ (no identity provider puts credentials in its URL).');
  }
  if (role === 'issuer' && (url.search !== '' || text.includes('?'))) {
    return refuse(role, text, 'has a query ("?…")', 'an issuer identifier has none (OpenID Connect Discovery §3, RFC 8414 §2): use the exact "iss" its tokens carry.');
  }
  if (url.hash !== '' || text.includes('#')) return refuse(role, text, 'has a fragment ("#…")', 'remove it; the server never sees it.');
  const dots = dotSegment(text, scheme.length + 2);
  if (dots !== undefined) {
    const drops = dots.length <= 3 && dots !== '..' ? 'drops it' : 'drops it and the segment before it';
    return refuse(role, text, `has the path segment "${visibleText(dots, 20)}"`, `a browser ${drops}, so the URL fetched is not the URL shown; write the path without it.`);
  }
  const loopback = isLoopback(url.hostname);
  if (scheme === 'http:' && url.hostname === 'localhost.') {
    return refuse(role, text, 'names localhost. with a trailing dot', 'that name is looked up like any other host, not read as this machine; write it without the dot (http://localhost:…).');
  }
  if (scheme === 'http:' && !loopback) {
    return refuse(role, text, `uses plain http to ${visibleText(url.host, 80)}`, 'keys fetched in clear text could be replaced on the way; use https:// (http:// is allowed only to localhost, 127.0.0.1 or [::1]).');
  }
  return { ok: true, url: { href: url.href, host: url.host, loopback } };
}

/**
 * Why the text holds characters no URL should: controls, spaces, a backslash (browsers read it as `/`,
 * other software does not), or any character of the deceptive-character table (bidi controls,
 * zero-width and other invisible characters). One linear pass.
 */
function characterProblem(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return c === 0x20 ? `has a space at position ${i + 1}` : `has a control character at position ${i + 1}`;
    if (c === 0x5c) return `has a backslash at position ${i + 1} (browsers read it as "/", other software does not)`;
  }
  const kinds = deceptiveKindsOf(text);
  return kinds === 0 ? undefined : `has characters that do not show on screen (${describeDeceptiveKinds(kinds).join(', ')})`;
}

/** The text between `://` and the first `/`, `?` or `#` (a backslash is refused before this is asked). */
function authority(text: string, from: number): string {
  let end = from;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === 0x2f || c === 0x3f || c === 0x23) break;
    end++;
  }
  return text.slice(from, end);
}

/**
 * A `.` or `..` path segment as written, `%2e` counting as a dot (the URL parser removes them, and `..` the
 * segment before it), or undefined. The path runs from the end of the authority to `?`, `#` or the end.
 */
function dotSegment(text: string, from: number): string | undefined {
  let i = from + authority(text, from).length;
  let start = i;
  for (; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    if (c !== -1 && c !== 0x2f && c !== 0x3f && c !== 0x23) continue;
    const piece = text.slice(start, i);
    // A segment of at most six characters: ".", "..", "%2e", ".%2e", "%2e." or "%2e%2e", in any case.
    if (piece.length > 0 && piece.length <= 6) {
      const dotted = piece.toLowerCase().replaceAll('%2e', '.');
      if (dotted === '.' || dotted === '..') return piece;
    }
    if (c !== 0x2f) break;
    start = i + 1;
  }
  return undefined;
}

/**
 * Whether a fetchable URL reaches this machine: a loopback host, and also the names and addresses that get
 * there over https although plain http is not allowed to them (localhost. and *.localhost, 0.0.0.0, [::],
 * IPv4-mapped 127.0.0.0/8 and 0.0.0.0 as the parser writes them: [::ffff:7f00:1]).
 */
function onThisMachine(href: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(href).hostname;
  } catch {
    return false;
  }
  if (isLoopback(hostname) || hostname === 'localhost.' || hostname.endsWith('.localhost') || hostname.endsWith('.localhost.')) return true;
  if (hostname === '[::]' || hostname.startsWith('0.')) return true;
  const mapped = /^\[::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}\]$/.exec(hostname);
  const high = mapped ? parseInt(mapped[1] as string, 16) >> 8 : -1;
  return high === 0x7f || high === 0;
}

/** 127.0.0.0/8, [::1] and localhost, as the URL parser writes them (it has already turned 0x7f.1 into 127.0.0.1). */
function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  if (!hostname.startsWith('127.')) return false;
  const parts = hostname.split('.');
  return parts.length === 4 && parts.every((p) => p.length > 0 && p.length <= 3 && /^[0-9]+$/.test(p) && Number(p) <= 255);
}
