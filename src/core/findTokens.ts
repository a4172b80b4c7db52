// Finds compact JWS/JWE tokens in arbitrary text (code, JSON, logs, URLs,
// headers, .env files). Linear time: a native indexOf jumps to candidates
// (every JOSE header starts with `{"`, which is `eyJ` in base64url), one
// native walk per segment of each candidate (a single character class, so no
// backtracking; a dot after a segment continues the token), and a
// table-driven check of the header. Nothing in a run longer than the limit
// is decoded.

import { BASE64URL_VALUE } from './base64url';
import { classifyHeaderAt, JWE_HEADER, NOT_A_HEADER } from './headerVerdict';

export interface FoundToken {
  /** Offset of the first character (absolute, in the text passed in). */
  start: number;
  /** Offset just past the last character. */
  end: number;
  /** Exactly `text.slice(start, end)`. */
  text: string;
  kind: 'jws' | 'jwe';
}

export interface FindTokensOptions {
  /** Stop after this many tokens (default 10 000). */
  maxTokens?: number;
  /** Runs longer than this are skipped without decoding (default 1 MiB). */
  maxTokenLength?: number;
}

export const DEFAULT_MAX_TOKENS = 10_000;
export const DEFAULT_MAX_TOKEN_LENGTH = 1024 * 1024;
/** Real headers are tiny; a longer first segment is not worth decoding while scanning. */
const MAX_HEADER_CHARS = 8 * 1024;

/** 1 = base64url alphabet, 2 = '.', 0 = anything else (for codes < 128). */
const CHAR_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if (BASE64URL_VALUE[c] !== 255) table[c] = 1;
  table[0x2e] = 2;
  return table;
})();

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

/**
 * One segment: a single character class with a single quantifier (linear, no
 * backtracking). Segments are walked natively, one call each, because that is
 * about twice as fast as a charCodeAt loop and tokens can be half of a
 * document; the walk stops at the dot, so its position comes for free.
 */
const SEGMENT_BODY = /[A-Za-z0-9_-]*/y;
/** The rest of a run that already has too many dots to be a token, skipped in one call. */
const RUN_BODY = /[A-Za-z0-9_.-]*/y;
const DOT = 0x2e;
/** Seven or more segments can never become 3 or 5, even without a final sentence period. */
const MAX_DOTS = 6;

/**
 * Every compact JWS (3 segments) and JWE (5 segments) overlapping [from, to),
 * in order. A token crossing the window edge is returned whole (the search
 * looks back and forward at most `maxTokenLength`). Never throws.
 *
 * A run counts as a token when: the character before it is not base64url or
 * '.', it has exactly 3 or 5 dot-separated segments (one trailing sentence
 * period is dropped), its first segment decodes to a JSON object, and for 5
 * segments that object has a string `enc`.
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
  const run = RUN_BODY;
  const seg = SEGMENT_BODY;
  const seenHeaders = new RecentHeaders();
  // Candidates are found by their 'J' (of "eyJ"): it is far rarer than 'e' in
  // ordinary text, so the native search skips much longer stretches.
  let pos = Math.max(0, windowStart - maxLen) + 2;

  while (pos < n) {
    const j = text.indexOf('J', pos);
    if (j < 0) break;
    const start = j - 2;
    if (start >= stopAt) break;
    pos = j + 1;
    if (text.charCodeAt(j - 1) !== 0x79 || text.charCodeAt(start) !== 0x65) continue;
    if (start > 0) {
      const before = text.charCodeAt(start - 1);
      // Inside a longer base64url run or after a dot: not the start of a token.
      if (before < 128 && classOf[before] !== 0) continue;
    }
    // Segment by segment: the regex walks one segment's characters, a dot continues the token.
    seg.lastIndex = pos;
    seg.test(text);
    let at = seg.lastIndex;
    const dot1 = at;
    let dot2 = -1;
    let dot3 = -1;
    let dot4 = -1;
    let dots = 0;
    while (text.charCodeAt(at) === DOT) {
      dots++;
      if (dots === 2) dot2 = at;
      else if (dots === 3) dot3 = at;
      else if (dots === 4) dot4 = at;
      if (dots > MAX_DOTS) break;
      seg.lastIndex = at + 1;
      seg.test(text);
      at = seg.lastIndex;
    }
    if (dots > MAX_DOTS) {
      run.lastIndex = at;
      run.test(text);
      at = run.lastIndex;
    }
    const runEnd = at;
    pos = runEnd;
    if (runEnd - start > maxLen) continue;
    if (dots < 2 || dots > MAX_DOTS) continue;
    let end = runEnd;
    let segments = dots + 1;
    // A sentence period straight after a token ("…see eyJ….sig.") is not part of it.
    if ((segments === 4 || segments === 6) && text.charCodeAt(end - 1) === DOT) {
      end--;
      segments--;
    }
    if (segments !== 3 && segments !== 5) continue;
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
    found.push({ start, end, text: text.slice(start, end), kind: segments === 3 ? 'jws' : 'jwe' });
    if (found.length >= maxTokens) break;
  }
  return found;
}
