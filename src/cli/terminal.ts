// Text from tokens, profiles and keys reaches a terminal: escape sequences,
// bidi overrides and invisible characters there would rewrite what a person
// reads (or what a terminal does). Everything printed goes through here.

import { deceptiveKind, escapeCodePoint } from '../core/base/deceptiveChars';

/** `text` with every control (but newline and tab), bidi, invisible or lone-surrogate character as \uXXXX. */
export function terminalSafe(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Printable ASCII is by far the common case.
    if (code >= 0x20 && code < 0x7f) continue;
    if (code === 0x0a || code === 0x09) continue;
    let cp = code;
    let width = 1;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = (code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const loneSurrogate = width === 1 && code >= 0xd800 && code <= 0xdfff;
    if (loneSurrogate || deceptiveKind(cp) !== 0) {
      out += text.slice(from, i) + escapeCodePoint(cp);
      from = i + width;
    }
    i += width - 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
