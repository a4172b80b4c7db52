// visibleText: one value from a token, fit to show in the UI. Every character
// of the one deceptive-character table (base/deceptiveChars.ts) is written as
// a \uXXXX escape and the text is capped, so bidi overrides, zero-width and
// control characters never reach the screen as themselves.

import {
  deceptiveKind,
  deceptiveKindsOf,
  escapeCodePoint,
  escapeCodeUnit,
  isHighSurrogate,
  isLowSurrogate,
  joinSurrogates,
} from '../base/deceptiveChars';

/**
 * `s` with every character of the table (bidi controls, zero-width and other
 * invisible characters, tag characters, Hangul fillers, variation selectors,
 * BOMs, C0/C1 controls, line separators, lone surrogates) written as
 * `\uXXXX` (astral ones as their surrogate pair), capped at `maxLength`
 * characters (ending in `…` when cut). For single values shown in the UI.
 */
export function visibleText(s: string, maxLength = 256): string {
  const limit = Math.max(1, Math.floor(Number.isFinite(maxLength) ? maxLength : 256));
  if (typeof s !== 'string') return '';
  // Fast path: short and clean.
  if (s.length <= limit && deceptiveKindsOf(s) === 0) return s;
  let out = '';
  let runStart = 0;
  const budget = limit - 1; // room for the ellipsis
  const flush = (end: number): boolean => {
    if (end > runStart) {
      let piece = s.slice(runStart, end);
      if (out.length + piece.length > budget) {
        let cut = budget - out.length;
        if (cut > 0 && isHighSurrogate(piece.charCodeAt(cut - 1))) cut--;
        piece = piece.slice(0, Math.max(0, cut));
        out += piece;
        return false;
      }
      out += piece;
    }
    return true;
  };
  for (let i = 0; i < s.length; i++) {
    // Past the budget already: stop reading (long values are common in hostile tokens).
    if (out.length + (i - runStart) > budget) {
      flush(i);
      return out + '…';
    }
    const code = s.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) continue;
    let esc: string;
    let width = 1;
    if (isHighSurrogate(code)) {
      const next = s.charCodeAt(i + 1);
      if (isLowSurrogate(next)) {
        const cp = joinSurrogates(code, next);
        if (deceptiveKind(cp) === 0) {
          i++;
          continue;
        }
        esc = escapeCodePoint(cp);
        width = 2;
      } else {
        esc = escapeCodeUnit(code);
      }
    } else if (isLowSurrogate(code)) {
      esc = escapeCodeUnit(code);
    } else {
      if (deceptiveKind(code) === 0) continue;
      esc = escapeCodeUnit(code);
    }
    if (!flush(i)) return out + '…';
    if (out.length + esc.length > budget) return out + '…';
    out += esc;
    i += width - 1;
    runStart = i + 1;
  }
  if (!flush(s.length)) return out + '…';
  return out;
}
