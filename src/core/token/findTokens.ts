// Finds compact JWS/JWE tokens in arbitrary text (code, JSON, logs, URLs,
// headers, .env files). Linear time: native indexOf jumps to candidates by
// one rare character of their first three, one native walk per run of
// base64url and dots (a single character class, so no backtracking), and a
// table-driven check of the header. Nothing in a run longer than the limit
// is decoded.
//
// Every JOSE header is a JSON object, so its first byte is '{' and its second
// is '"' or JSON whitespace (RFC 8259 allows whitespace after '{'). In
// base64url that is one of five starts:
//   {"        eyJ   (found by its 'J')
//   { space   eyA   (found by its 'A')
//   {\t       ewk   ┐
//   {\n       ewo   ├ (found by their 'w')
//   {\r       ew0   ┘
// so `{ "alg": …}`, `{\n  "alg": …}` and `{\r\n …}` headers are found like
// `{"alg":…}` ones. (The 'J' of eyJ needs a first member name starting with
// a letter or '_', as every JOSE name does; `{"1":…}` is "eyIx…" and is not
// looked for.) Whitespace *before* the '{' (" {…" is "IHsi…") is valid
// JSON text too, but no JOSE implementation writes it and its base64url has
// no fixed start, so such runs are not looked for here (decodeToken still
// decodes one that is pasted).
//
// An SD-JWT (RFC 9901) is a signed JWT followed by '~', zero or more
// disclosures each followed by '~', and an optional key-binding JWT:
// `<JWT>~<disclosure>~…~[<KB-JWT>]`. A three-segment token directly followed
// by '~' is extended over the whole run of base64url, dots and tildes (one
// more native walk), so the presentation is found as one token; decodeToken
// checks its parts. A '~' is also ordinary punctuation (`~~strike~~`, `~/x`,
// `a~b`, `~5 min`), so a JWT followed only by tildes, by one part without a
// dot, or by `~/` stays a plain JWS, extra tildes after a presentation are
// left out, and a candidate right after a '~' starts a token unless an
// earlier part of the same run is an issuer-signed JWT (then it is that
// presentation's tail, never a token of its own). A scan moves past every
// presentation it accepts, so that look-back is needed only for the run the
// scan starts in, once per call, over at most `maxTokenLength` characters.

import { classifyHeaderAt, JWE_HEADER, NOT_A_HEADER } from './headerVerdict';
import * as runs from './scanRuns';
import { runEndAt, sdJwtEnd, tailOfEarlierStart } from './scanRuns';

// Module-local copies: the hot loop reads them as plain constants, not through an import binding.
const { CHAR_0, CHAR_A, CHAR_CLASS, CHAR_J, CHAR_e, CHAR_k, CHAR_o, CHAR_w, CHAR_y, DOT, RUN_BODY, TILDE } = runs;

export { startsLikeHeader } from './scanRuns';
export { MAX_SD_JWT_DISCLOSURES } from '../base/limits';

export interface FoundToken {
  /** Offset of the first character (absolute, in the text passed in). */
  start: number;
  /** Offset just past the last character. */
  end: number;
  /** Exactly `text.slice(start, end)`. */
  text: string;
  /** `sd-jwt`: an issuer-signed JWT with its disclosures and optional key-binding JWT (RFC 9901). */
  kind: 'jws' | 'jwe' | 'sd-jwt';
}

export interface FindTokensOptions {
  /** Stop after this many tokens (default 10 000). */
  maxTokens?: number;
  /** Runs longer than this are skipped without decoding (default 1 MiB). */
  maxTokenLength?: number;
  /**
   * The character just before `text` when it was cut from a longer text (a
   * window of a long line), so a run that continues before the cut is not
   * taken for one starting there.
   */
  before?: string;
}

export const DEFAULT_MAX_TOKENS = 10_000;
export const DEFAULT_MAX_TOKEN_LENGTH = 1024 * 1024;
/** Real headers are tiny; a longer first segment is not worth decoding while scanning. */
const MAX_HEADER_CHARS = 8 * 1024;

/**
 * Verdicts for the last few distinct headers. Documents repeat a handful of
 * headers many times; comparing a slice with a remembered header (a native
 * memcmp) is several times cheaper than decoding it again.
 */
class RecentHeaders {
  private static readonly SIZE = 16;
  private readonly headers: string[] = [];
  private readonly verdicts: number[] = [];
  private next = 0;

  verdict(text: string, start: number, end: number): number {
    const header = text.slice(start, end);
    const headers = this.headers;
    for (let k = 0; k < headers.length; k++) {
      if (headers[k] === header) return this.verdicts[k] as number;
    }
    const verdict = classifyHeaderAt(text, start, end);
    const slot = headers.length < RecentHeaders.SIZE ? headers.length : this.next;
    this.next = (slot + 1) % RecentHeaders.SIZE;
    headers[slot] = header;
    this.verdicts[slot] = verdict;
    return verdict;
  }
}

function clampInt(value: unknown, fallback: number, min: number, max: number): number {
  if (typeof value !== 'number' || Number.isNaN(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

/** Seven or more segments can never become 3 or 5, even without a final sentence period. */
const MAX_DOTS = 6;
/** Past the end of any text: a cursor with nothing left to find. */
const NONE = 0x3fffffff;

/**
 * False when nothing in `text` from `from` on can start a token: the cheap
 * test a caller makes before scanning a line. It looks for the same three
 * characters findTokens jumps to, so it never rules out a token findTokens
 * would find; single characters, because a native search for one rare
 * character is several times cheaper than one for "eyJ" (which stops at every 'e').
 */
export function mayHoldToken(text: string, from = 0): boolean {
  return text.indexOf('J', from) !== -1 || text.indexOf('A', from) !== -1 || text.indexOf('w', from) !== -1;
}

/**
 * Every compact JWS (3 segments), JWE (5 segments) and SD-JWT overlapping [from, to),
 * in order. A token crossing the window edge is returned whole (the search
 * looks back and forward at most `maxTokenLength`). Never throws.
 *
 * A run counts as a token when: the character before it is not base64url,
 * '.' or '~', it starts like a header (`startsLikeHeader`), it has exactly 3 or 5
 * dot-separated segments (one trailing sentence period is dropped), its first
 * segment decodes to a JSON object, and for 5 segments that object has a
 * string `enc`. A 3-segment token directly followed by '~' is an SD-JWT and
 * runs to the end of the run of base64url, dots and tildes (`sdJwtEnd`).
 */
export function findTokens(text: string, from = 0, to?: number, options: FindTokensOptions = {}): FoundToken[] {
  const found: FoundToken[] = [];
  // `to` defaults to text.length; checked here so a non-string never throws.
  if (typeof text !== 'string') return found;
  const n = text.length;
  const maxTokens = clampInt(options?.maxTokens, DEFAULT_MAX_TOKENS, 0, Number.MAX_SAFE_INTEGER);
  const maxLen = clampInt(options?.maxTokenLength, DEFAULT_MAX_TOKEN_LENGTH, 1, Number.MAX_SAFE_INTEGER);
  const windowStart = clampInt(from, 0, 0, n);
  const windowEnd = clampInt(to ?? n, n, windowStart, n);
  if (maxTokens === 0) return found;
  // An empty window still finds the token that contains its position.
  const stopAt = windowEnd > windowStart ? windowEnd : windowStart + 1;
  const classOf = CHAR_CLASS;
  const cutBefore = typeof options?.before === 'string' && options.before.length > 0 ? options.before.charCodeAt(options.before.length - 1) : -1;
  const run = RUN_BODY;
  const seenHeaders = new RecentHeaders();
  // Candidates are found by one character of their first three: 'J' of eyJ,
  // 'A' of eyA, 'w' of ew?. Each is far rarer than 'e' in ordinary text, so
  // the native searches skip long stretches. Each cursor holds its next
  // occurrence and is searched again only once the scan has passed it.
  let scan = Math.max(0, windowStart - maxLen);
  let nextJ = -1;
  let nextA = -1;
  let nextW = -1;
  let nextDot = -1;
  // '~'-preceded candidates before this are the tail of a presentation that starts before the scan does.
  const tailUntil = tailOfEarlierStart(text, scan, maxLen, stopAt, cutBefore);

  while (true) {
    if (nextJ < scan + 2) {
      nextJ = text.indexOf('J', scan + 2);
      if (nextJ < 0) nextJ = NONE;
    }
    // Before the next 'J', skip an 'A' or 'w' at once when the characters before it do not match.
    if (nextA < scan + 2) {
      let a = text.indexOf('A', scan + 2);
      while (a >= 0 && a < nextJ && (text.charCodeAt(a - 1) !== CHAR_y || text.charCodeAt(a - 2) !== CHAR_e)) a = text.indexOf('A', a + 1);
      nextA = a < 0 ? NONE : a;
    }
    if (nextW < scan + 1) {
      let w = text.indexOf('w', scan + 1);
      while (w >= 0 && w < nextJ && text.charCodeAt(w - 1) !== CHAR_e) w = text.indexOf('w', w + 1);
      nextW = w < 0 ? NONE : w;
    }
    let start = nextJ - 2;
    if (nextA - 2 < start) start = nextA - 2;
    if (nextW - 1 < start) start = nextW - 1;
    if (start >= stopAt) break;
    scan = start + 1;
    if (text.charCodeAt(start) !== CHAR_e) continue;
    const second = text.charCodeAt(start + 1);
    if (second === CHAR_y) {
      const third = text.charCodeAt(start + 2);
      if (third !== CHAR_J && third !== CHAR_A) continue;
    } else {
      if (second !== CHAR_w) continue;
      const third = text.charCodeAt(start + 2);
      if (third !== CHAR_o && third !== CHAR_0 && third !== CHAR_k) continue;
    }
    const before = start > 0 ? text.charCodeAt(start - 1) : cutBefore;
    if (before >= 0 && before < 128) {
      const cls = classOf[before];
      // Inside a longer base64url run, after a dot, or in the tail of an SD-JWT: not the start of a token.
      if (cls === 1 || cls === 2 || (cls === 3 && start < tailUntil)) continue;
    }
    // The whole run in one native walk, then its dots.
    run.lastIndex = start + 3;
    run.test(text);
    const at = run.lastIndex;
    if (nextDot < start) {
      nextDot = text.indexOf('.', start);
      if (nextDot < 0) nextDot = NONE;
    }
    let dot1 = at;
    let dot2 = -1;
    let dot3 = -1;
    let dot4 = -1;
    let dots = 0;
    if (nextDot < at) {
      dot1 = nextDot;
      let d = dot1;
      dots = 1;
      while (dots <= MAX_DOTS) {
        d = text.indexOf('.', d + 1);
        if (d < 0) d = NONE;
        nextDot = d;
        if (d >= at) break;
        dots++;
        if (dots === 2) dot2 = d;
        else if (dots === 3) dot3 = d;
        else if (dots === 4) dot4 = d;
      }
    }
    const runEnd = at;
    scan = runEnd;
    if (runEnd - start > maxLen) {
      // Too long an issuer-signed JWT: its presentation's tail is not looked at either.
      if (dots === 2 && text.charCodeAt(runEnd) === TILDE) scan = runEndAt(text, runEnd);
      continue;
    }
    if (dots < 2 || dots > MAX_DOTS) continue;
    let end = runEnd;
    let segments = dots + 1;
    // A sentence period straight after a token ("…see eyJ….sig.") is not part of it.
    if ((segments === 4 || segments === 6) && text.charCodeAt(end - 1) === DOT) {
      end--;
      segments--;
    }
    if (segments !== 3 && segments !== 5) continue;
    // An SD-JWT: the issuer-signed JWT and '~', then the rest of the run of base64url, dots and tildes.
    let sdJwt = false;
    if (segments === 3 && end === runEnd && text.charCodeAt(end) === TILDE) {
      const sdEnd = sdJwtEnd(text, end, start + maxLen);
      if (sdEnd < 0) {
        scan = -sdEnd;
        continue;
      }
      // 0: the tildes are punctuation after a plain JWS.
      if (sdEnd > 0) {
        scan = sdEnd;
        end = sdEnd;
        sdJwt = true;
      }
    }
    // Entirely before the window (an empty window keeps a token ending right at it).
    if (windowEnd > windowStart ? end <= windowStart : end < windowStart) continue;
    if (dot1 - start > MAX_HEADER_CHARS) continue;
    const verdict = seenHeaders.verdict(text, start, dot1);
    if (verdict === NOT_A_HEADER) continue;
    if (segments === 5) {
      if (verdict !== JWE_HEADER) continue;
      // The IV and tag of a JWE are never empty.
      if (dot3 === dot2 + 1 || end === dot4 + 1) continue;
    }
    found.push({ start, end, text: text.slice(start, end), kind: sdJwt ? 'sd-jwt' : segments === 3 ? 'jws' : 'jwe' });
    if (found.length >= maxTokens) break;
  }
  return found;
}

