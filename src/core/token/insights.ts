// What the editor says about a token it found in a file: the one-line inline
// hint and the findings that become diagnostics, with the placeholder that
// replaces a leaked token. The hover's content is in hoverBlocks.ts. Pure, so
// the same text is unit-tested on Node and measured by the benchmark.

import type { DecodedToken } from './decode';
import { visibleText } from '../text/json';
import { formatDuration, type TimeDescription } from './times';

/** The signature as far as the key ring can tell. `pending` = not yet checked (verification is async). */
export type SignatureState =
  /** `issuer`: the key came from a trusted issuer's JWK Set (`key` then names its kid), not from the ring. */
  | { status: 'verified'; key: string; issuer?: IssuerSource }
  | { status: 'invalid'; detail?: string }
  /** `issuer`: the token's iss is a trusted issuer, and none of its cached keys matches the token. */
  | { status: 'no-matching-key'; issuer?: IssuerKeysSource }
  | { status: 'no-keys' }
  | { status: 'unsigned' }
  | { status: 'encrypted' }
  | { status: 'unsupported'; detail?: string }
  | { status: 'pending' }
  /** An SD-JWT whose issuer signature a ring key (or, with `issuer`, a trusted issuer's key) verifies, but whose disclosures or key binding do not hold. */
  | { status: 'not-intact'; key: string; detail: string; issuer?: IssuerSource };

/** Where an issuer-verified token's key came from, for "verified by issuer … (kid …, keys fetched 12 min ago)". */
export interface IssuerSource {
  /** The trusted issuer, exactly as configured (equal to the token's `iss`). */
  url: string;
  /** Milliseconds since 1970 of the fetch the key came from. */
  fetchedAt: number;
  /** The claims checks the issuer's settings asked for that failed (`aud` not among the audiences, …), one sentence each. */
  claimProblems: string[];
}

/** A trusted issuer whose keys were looked at: "no key of issuer https://… matches (kid …, keys fetched 2 h ago)". */
export type IssuerKeysSource = Pick<IssuerSource, 'url' | 'fetchedAt'>;

/** An SD-JWT's key-binding JWT as far as it can be checked (jose/sdJwtVerify.ts). `detail` is a sentence for people. */
export interface KeyBindingState {
  status: 'verified' | 'invalid' | 'not-checked';
  detail: string;
  /** With `verified`: what still keeps it from a pass (an iat too old or in the future, RFC 9901 §7.3). */
  note?: string;
}

/** Characters of an issuer URL in hover and diagnostic text (it equals the token's iss: hostile text, made visible). */
const MAX_ISSUER_URL = 120;
/** Longer URLs are not parsed for their host. */
const MAX_PARSED_URL = 2048;

/** An issuer URL as people see it: visible and capped. */
export function issuerUrlText(url: string): string {
  return visibleText(url, MAX_ISSUER_URL);
}

/** The URL as WHATWG URL reads it, for URLs of at most MAX_PARSED_URL characters; undefined otherwise. */
function parsedUrl(url: string): URL | undefined {
  if (typeof url !== 'string' || url.length > MAX_PARSED_URL) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** The host (and port) of an issuer URL, as WHATWG URL serialises it (IDNs in punycode); the text itself when it does not parse. */
export function issuerHost(url: string): string {
  if (typeof url !== 'string') return '';
  return parsedUrl(url)?.host || url;
}

/** The host name as written between "://" and the first "/", "?" or "#", without user info and port, in ASCII lower case. */
function writtenHostname(url: string): string {
  const start = url.indexOf('://') + 3;
  let end = start;
  while (end < url.length && url[end] !== '/' && url[end] !== '?' && url[end] !== '#') end++;
  const authority = url.slice(start, end);
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  const port = host.startsWith('[') ? host.indexOf(']') + 1 : host.lastIndexOf(':');
  return (port > 0 ? host.slice(0, port) : host).replace(/[A-Z]+/g, (c) => c.toLowerCase());
}

/**
 * An issuer URL as people see it, with the host the request goes to when that is not the host as written:
 * "https://аpple.com (host xn--pple-43d.com)" for a look-alike in another script, "https://%65vil.com (host
 * evil.com)". Visible and capped.
 */
export function issuerUrlWords(url: string): string {
  const text = issuerUrlText(url);
  const parsed = parsedUrl(url);
  if (!parsed || !parsed.hostname || writtenHostname(url) === parsed.hostname) return text;
  return `${text} (host ${visibleText(parsed.host, MAX_HINT_KEY)})`;
}

/** Whether an issuer verdict comes with failed claims checks (then it is no pass). */
function hasClaimProblems(issuer: IssuerSource): boolean {
  return Array.isArray(issuer.claimProblems) && issuer.claimProblems.length > 0;
}

/** "keys fetched 12 min ago", from the fetch time and now (milliseconds since 1970). */
export function fetchedWords(fetchedAt: number, now: number): string {
  if (typeof fetchedAt !== 'number' || !Number.isFinite(fetchedAt) || typeof now !== 'number' || !Number.isFinite(now)) return 'keys fetched at an unknown time';
  const seconds = (now - fetchedAt) / 1000;
  // A fetch time ahead of the clock (the clock was set back) reads as just now rather than in the future.
  return seconds < 1 ? 'keys fetched just now' : `keys fetched ${formatDuration(seconds)} ago`;
}

/**
 * Short words for hints (editors cut hints at about 43 characters by
 * default, so every word counts); never token text, only a ring key's name
 * (`keyName`: its id, which the user chose, and its kid when that differs),
 * or the host of a trusted issuer ("✓ issuer login.example.com"; "✗ claims
 * (login.example.com)" when its iss or aud checks fail), which equals the
 * token's iss and so is made visible and capped like token text; "no issuer
 * key" when none of a trusted issuer's keys matches the token.
 */
export function signatureWords(state: SignatureState | undefined): string {
  switch (state?.status) {
    case 'verified':
      if (state.issuer) {
        const host = issuerHost(state.issuer.url);
        if (hasClaimProblems(state.issuer)) return `✗ claims (${visibleText(host, MAX_HINT_KEY - 11)})`;
        return `✓ issuer ${visibleText(host, MAX_HINT_KEY - 9)}`;
      }
      return `✓ ${visibleText(state.key, MAX_HINT_KEY)}`;
    case 'invalid':
      return '✗ bad signature';
    case 'not-intact':
      return '✗ not intact';
    case 'no-matching-key':
      return state.issuer ? 'no issuer key' : 'no key';
    case 'no-keys':
      return 'unverified';
    case 'unsigned':
      return 'unsigned';
    case 'encrypted':
      return 'encrypted';
    case 'unsupported':
      return 'unverifiable';
    default:
      return '';
  }
}

export const DEFAULT_HINT_FORMAT = '{alg} · {sub} · {exp} · {signature}';
const HINT_FIELD = /\{(alg|enc|kid|typ|sub|iss|aud|exp|signature|kind)\}/g;
const MAX_HINT_FIELD = 24;
/** Room for a key's name: a ring id and a shortened kid ("'ap-prod' (kid NzbLsXh8…)"). */
const MAX_HINT_KEY = 40;
const MAX_HINT = 160;

function claimText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(', ');
  return '';
}

/** "expires in 4 min", "expired 3 h ago", "not valid for another 2 h", "no expiry". */
export function expiryWords(times: TimeDescription | undefined): string {
  if (!times) return '';
  if (times.status === 'invalid') return 'invalid time claim';
  if (times.status === 'not-yet-valid' && times.nbf) return times.nbf.words;
  if (times.exp) return times.exp.words;
  return 'no expiry';
}

/**
 * The inline hint after a token, from a template such as
 * "{alg} · {sub} · {exp} · {signature}". Parts separated by " · " whose
 * fields are all empty are dropped, so a token without `sub` gets no gap.
 * Values are capped and shown with invisible characters escaped.
 */
export function hintText(
  token: DecodedToken,
  times: TimeDescription | undefined,
  signature: SignatureState | undefined,
  format: string = DEFAULT_HINT_FORMAT,
): string {
  const claims = token.claims ?? {};
  const field = (name: string): string => {
    switch (name) {
      case 'alg':
        return token.kind === 'unsecured' ? 'alg none' : (token.alg ?? '');
      case 'enc':
        return token.enc ?? '';
      case 'kid':
        return token.kid ?? '';
      case 'typ':
        return token.typ ?? '';
      case 'kind':
        if (token.sdJwt) return token.kind === 'unsecured' ? 'unsigned SD-JWT' : 'SD-JWT';
        return token.kind === 'jwe' ? 'JWE' : token.kind === 'unsecured' ? 'unsigned JWT' : 'JWT';
      case 'sub':
      case 'iss':
      case 'aud':
        return claimText(Object.hasOwn(claims, name) ? (claims as Record<string, unknown>)[name] : undefined);
      case 'exp':
        return token.kind === 'jwe' ? 'encrypted' : expiryWords(times);
      case 'signature':
        return token.kind === 'jwe' ? '' : signatureWords(signature);
      default:
        return '';
    }
  };
  const parts = (typeof format === 'string' && format.trim() ? format : DEFAULT_HINT_FORMAT).split(' · ');
  const shown: string[] = [];
  for (const part of parts) {
    let anyField = false;
    let allEmpty = true;
    const text = part.replace(HINT_FIELD, (_m, name: string) => {
      anyField = true;
      const value = visibleText(field(name).replace(/\s+/g, ' '), name === 'signature' ? MAX_HINT_KEY + 2 : MAX_HINT_FIELD);
      if (value) allEmpty = false;
      return value;
    });
    if (anyField && allEmpty) continue;
    if (text.trim()) shown.push(text.trim());
  }
  return visibleText(shown.join(' · '), MAX_HINT);
}

// ---- diagnostics

export type InsightCode = 'live-credential' | 'alg-none' | 'expired' | 'long-lifetime';

export interface Insight {
  code: InsightCode;
  severity: 'warning' | 'info';
  message: string;
}

export interface ClassifyOptions {
  /** Report exp in the past (people turn this off for logs, where old tokens are normal). */
  reportExpired: boolean;
  /** exp − iat (or exp − now without iat) above this is reported; 0 turns the check off. */
  maxLifetimeSeconds: number;
  now?: number;
}

/**
 * The findings about a token in a source file. `signature` is the key ring's
 * verdict, if known yet: only a verified, unexpired token is a live
 * credential (an invalid signature proves nothing leaked).
 */
export function classifyToken(
  token: DecodedToken,
  times: TimeDescription | undefined,
  signature: SignatureState | undefined,
  options: ClassifyOptions,
): Insight[] {
  const out: Insight[] = [];
  if (token.kind === 'unsecured') {
    out.push({ code: 'alg-none', severity: 'warning', message: 'Unsigned token (alg: none): anyone can forge one like it, and a receiver that accepts it accepts anything.' });
  }
  const expired = times?.status === 'expired';
  if (signature?.status === 'verified' && !expired && times?.status !== 'invalid') {
    const until = times?.exp?.seconds !== undefined ? `, ${times.exp.words}` : ', with no expiry';
    const key = visibleText(signature.key, 60);
    // JWT Studio cannot re-sign with an issuer's key: only the placeholder is offered for those.
    const message = signature.issuer
      ? `Live credential in source: verified by issuer ${issuerUrlWords(signature.issuer.url)} (${key})${until}. Anyone who reads this file can use it; replace it with a placeholder.`
      : `Live credential in source: signed by ring key ${key}${until}. Anyone who reads this file can use it; replace it with a placeholder or re-sign it.`;
    out.push({ code: 'live-credential', severity: 'warning', message });
  }
  if (expired && options.reportExpired && times?.exp) {
    out.push({ code: 'expired', severity: 'info', message: `Expired token: ${times.exp.words}.` });
  }
  const max = options.maxLifetimeSeconds;
  if (max > 0 && times && times.exp?.seconds !== undefined) {
    const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
    const from = times.iat?.seconds ?? times.nbf?.seconds;
    const lifetime = from !== undefined ? times.exp.seconds - from : undefined;
    const remaining = times.exp.seconds - nowSeconds;
    const over = lifetime !== undefined ? lifetime > max : remaining > max;
    if (over) {
      const span = lifetime !== undefined ? `lives ${formatDuration(lifetime)}` : `is valid for another ${formatDuration(remaining)}`;
      out.push({ code: 'long-lifetime', severity: 'info', message: `Long-lived token: it ${span}, more than the ${formatDuration(max)} limit (jwtStudio.diagnostics.maxLifetimeMinutes).` });
    }
  }
  return out;
}

/** What replaces a token removed from source: inert, greppable, and never itself token-shaped. */
export function placeholderFor(token: Pick<DecodedToken, 'kind'> & Partial<Pick<DecodedToken, 'sdJwt'>>): string {
  if (token.sdJwt) return 'REDACTED_SD_JWT';
  return token.kind === 'jwe' ? 'REDACTED_JWE' : 'REDACTED_JWT';
}

/**
 * The lifetime a re-signed copy gets: the token's own (exp − iat) when it has
 * one within the limit, else the limit, else 15 minutes.
 */
export function resignLifetimeSeconds(times: TimeDescription | undefined, maxLifetimeSeconds: number): number {
  const fallback = 15 * 60;
  const exp = times?.exp?.seconds;
  const iat = times?.iat?.seconds;
  let ttl = exp !== undefined && iat !== undefined && exp > iat ? exp - iat : fallback;
  if (maxLifetimeSeconds > 0) ttl = Math.min(ttl, maxLifetimeSeconds);
  return Math.max(60, ttl);
}
