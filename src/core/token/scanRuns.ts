// The character classes and runs findTokens walks, and where an SD-JWT
// presentation found by it ends (RFC 9901: `<JWT>~<disclosure>~…~[<KB-JWT>]`).
// Every walk is one native regex over a single character class, or a native
// indexOf, so the scan stays linear.

import { MAX_SD_JWT_DISCLOSURES } from '../base/limits';
import { BASE64URL_VALUE } from '../text/base64url';

export const TILDE = 0x7e;

/** 1 = base64url alphabet, 2 = '.', 3 = '~', 0 = anything else (for codes < 128). */
export const CHAR_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if (BASE64URL_VALUE[c] !== 255) table[c] = 1;
  table[0x2e] = 2;
  table[TILDE] = 3;
  return table;
})();

/**
 * A run of base64url and dots: a single character class with a single
 * quantifier (linear, no backtracking), walked natively in one call, because
 * that is about twice as fast as a charCodeAt loop and tokens can be half of
 * a document. The dots inside it are then found with native indexOf.
 */
export const RUN_BODY = /[A-Za-z0-9_.-]*/y;
/** The rest of an SD-JWT after its first '~': the same kind of run, with tildes. */
const SD_JWT_TAIL = /[A-Za-z0-9_.~-]*/y;
const TILDES = /~*/y;
const SLASH = 0x2f;
export const DOT = 0x2e;

export const CHAR_e = 0x65;
export const CHAR_y = 0x79;
export const CHAR_w = 0x77;
export const CHAR_J = 0x4a;
export const CHAR_A = 0x41;
export const CHAR_k = 0x6b;
export const CHAR_o = 0x6f;
export const CHAR_0 = 0x30;

/**
 * True when `text` at `at` starts like a JOSE header in base64url: `eyJ`
 * (`{"`), `eyA` (`{ `), `ewk`, `ewo` or `ew0` (`{` and a tab, line feed or
 * carriage return). The test behind every scan; also for callers that check
 * one string (a pasted token, a payload that may itself be a token).
 */
export function startsLikeHeader(text: string, at = 0): boolean {
  if (text.charCodeAt(at) !== CHAR_e) return false;
  const second = text.charCodeAt(at + 1);
  const third = text.charCodeAt(at + 2);
  if (second === CHAR_y) return third === CHAR_J || third === CHAR_A;
  return second === CHAR_w && (third === CHAR_o || third === CHAR_0 || third === CHAR_k);
}

/** The end of the run of base64url, dots and tildes from `at` (one native walk). */
export function runEndAt(text: string, at: number): number {
  SD_JWT_TAIL.lastIndex = at;
  SD_JWT_TAIL.test(text);
  return SD_JWT_TAIL.lastIndex;
}

function isRunChar(code: number): boolean {
  return code >= 0 && code < 128 && CHAR_CLASS[code] !== 0;
}

/**
 * For a scan starting at `s0` inside a run of base64url, dots and tildes
 * (`cutBefore` is the character before the text, -1 if none): the end of
 * that run, as far as `stopAt`, when an earlier part of it, which the scan
 * does not see, is an issuer-signed JWT followed by '~' (its presentation
 * covers the rest of the run), or when the run's start is out of sight (more
 * than `maxLen` back, or before a cut); else -1. One pass over at most
 * `maxLen` characters back and the scan's own range forward.
 */
export function tailOfEarlierStart(text: string, s0: number, maxLen: number, stopAt: number, cutBefore: number): number {
  const charBefore = (at: number): number => (at > 0 ? text.charCodeAt(at - 1) : cutBefore);
  if (!isRunChar(charBefore(s0))) return -1;
  const floor = Math.max(0, s0 - maxLen);
  let r = s0;
  while (r > floor && isRunChar(text.charCodeAt(r - 1))) r--;
  const bound = Math.min(text.length, stopAt);
  let end = s0;
  while (end < bound && isRunChar(text.charCodeAt(end))) end++;
  if (isRunChar(charBefore(r))) return end;
  let part = r;
  let dots = 0;
  for (let i = r; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT) dots++;
    else if (c === TILDE) {
      if (dots === 2 && startsLikeHeader(text, part)) return end;
      // Parts from s0 on are the scan's own to look at.
      if (i + 1 >= s0) break;
      part = i + 1;
      dots = 0;
    }
  }
  return -1;
}

/**
 * End of the SD-JWT whose issuer-signed JWT ends at the '~' at `tilde`: the
 * end of the run of base64url, dots and tildes (one native walk), less one
 * sentence period (a last part with one or three dots is a key-binding JWT
 * or nothing, followed by a period) and less the tildes after the first
 * when the run ends in several (`~~` closing a strikethrough). 0 when the
 * tildes are punctuation after a plain JWS: only tildes (`JWT~~`), except one
 * that is not the start of a path (`JWT~` is a presentation without
 * disclosures, `JWT~/x` a path), or one part without a dot (`JWT~5`), as no
 * presentation ends in a non-empty part without a dot and no KB-JWT before it.
 * Minus the run's end when it is not looked at: longer than `limit` allows,
 * or more than MAX_SD_JWT_DISCLOSURES disclosures.
 */
export function sdJwtEnd(text: string, tilde: number, limit: number): number {
  const runEnd = runEndAt(text, tilde);
  let tildesEnd = tilde + 1;
  if (text.charCodeAt(tildesEnd) === TILDE) {
    TILDES.lastIndex = tilde;
    TILDES.test(text);
    tildesEnd = TILDES.lastIndex;
  }
  if (tildesEnd === runEnd || (tildesEnd === runEnd - 1 && text.charCodeAt(tildesEnd) === DOT)) {
    if (tildesEnd - tilde > 1 || (tildesEnd === runEnd && text.charCodeAt(runEnd) === SLASH)) return 0;
    return tildesEnd > limit ? -runEnd : tildesEnd;
  }
  if (runEnd > limit) return -runEnd;
  // Every empty part counts too (`~~`), so any run with room for more tildes than the cap is counted,
  // with native searches that stop once the count is over it.
  if (runEnd - tilde > MAX_SD_JWT_DISCLOSURES + 1) {
    let at = tilde;
    for (let tildes = 1; tildes <= MAX_SD_JWT_DISCLOSURES + 1; tildes++) {
      at = text.indexOf('~', at + 1);
      if (at < 0 || at >= runEnd) break;
      if (tildes === MAX_SD_JWT_DISCLOSURES + 1) return -runEnd;
    }
  }
  let end = runEnd;
  const lastTilde = text.lastIndexOf('~', runEnd - 1);
  if (text.charCodeAt(runEnd - 1) === DOT) {
    // The dots of the last part, counted back from its final one (every search stops at a '~' or a dot of the run).
    const second = text.lastIndexOf('.', runEnd - 2);
    const twoDots = second > lastTilde && text.lastIndexOf('.', second - 1) < lastTilde;
    if (!twoDots) end--;
  }
  if (lastTilde === end - 1) {
    // Tildes after the first at the end: the part before them is the KB-JWT when it has a dot, else a disclosure and its '~'.
    let first = lastTilde;
    while (text.charCodeAt(first - 1) === TILDE) first--;
    if (first === lastTilde) return end;
    const partStart = text.lastIndexOf('~', first - 1);
    return text.lastIndexOf('.', first - 1) > partStart ? first : first + 1;
  }
  // One part without a dot and nothing after it: `JWT~5 min`.
  if (lastTilde === tilde && text.lastIndexOf('.', end - 1) < tilde) return 0;
  return end;
}
