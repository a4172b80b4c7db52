// Which URLs JWT Studio may fetch for an issuer, read as a browser reads them.
//
// The text is checked first (length, characters, the scheme written out), then parsed with WHATWG `URL`
// and the parse is checked: what is fetched is what the parser made of the text, so a trick that only
// another parser would fall for (`https://good.com@evil.com`, `https://good.com\@evil.com`) is judged by
// where the request would really go.
import { deceptiveKindsOf, describeDeceptiveKinds } from '../base/deceptiveChars';
import { fail, type Failure } from '../base/result';
import type { Result } from '../base/types';
import { visibleText } from '../text/json';
import type { FetchableUrl } from './issuers';

/** Longer issuer identifiers and key URLs are refused before they are parsed. */
export const MAX_ISSUER_URL_LENGTH = 2048;

/**
 * An issuer identifier a person typed or a setting holds: an absolute `https:` URL (or `http:` to a loopback
 * host), no user info, query or fragment, at most 2048 characters. The string is kept as given: `iss` is
 * compared with it exactly.
 */
export function parseIssuer(text: string): Result<{ issuer: string; url: FetchableUrl }> {
  const read = readUrl(text, 'issuer');
  return read.ok ? { ok: true, issuer: text, url: read.url } : read;
}

/** A URL a discovery document or a setting names (`jwks_uri`): the same rules, fragments refused. */
export function fetchableUrl(text: string): Result<{ url: FetchableUrl }> {
  return readUrl(text, 'key URL');
}

type Role = 'issuer' | 'key URL';

function refuse(role: Role, text: string, problem: string, todo: string): Failure {
  const shown = typeof text === 'string' && text.length > 0 ? ` '${visibleText(text, 80)}'` : '';
  return fail('ISSUER_URL_INVALID', `The ${role}${shown} ${problem}: ${todo}`);
}

function readUrl(text: string, role: Role): Result<{ url: FetchableUrl }> {
  if (typeof text !== 'string' || text.length === 0) return refuse(role, '', 'is empty', `give the ${role} as an https:// URL.`);
  if (text.length > MAX_ISSUER_URL_LENGTH) {
    return refuse(role, text, `is ${text.length} characters long`, `at most ${MAX_ISSUER_URL_LENGTH} are read; check that the whole setting is not pasted into it.`);
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
  const loopback = isLoopback(url.hostname);
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

/** 127.0.0.0/8, [::1] and localhost, as the URL parser writes them (it has already turned 0x7f.1 into 127.0.0.1). */
function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  if (!hostname.startsWith('127.')) return false;
  const parts = hostname.split('.');
  return parts.length === 4 && parts.every((p) => p.length > 0 && p.length <= 3 && /^[0-9]+$/.test(p) && Number(p) <= 255);
}
