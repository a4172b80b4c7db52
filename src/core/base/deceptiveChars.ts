// The one table of characters that hide or disguise text. Decoding flags
// strings that hold them (SUSPICIOUS_TEXT), every rendering of token text
// shows them as \uXXXX escapes (text/visibleText.ts, text/prettyJson.ts), and kids,
// header kids and key ring names that hold them are refused. Keeping one
// table is what makes these agree: a kid accepted when a key is imported is
// never flagged when a token naming it is decoded.
//
// What is in it: C0/C1 controls; bidirectional controls; every character
// Unicode marks Default_Ignorable_Code_Point (zero-width characters, the soft
// hyphen, the word joiner and invisible operators, the combining grapheme
// joiner, the Mongolian vowel separator, Hangul fillers, variation selectors,
// tag characters and the reserved ignorable ranges); the line and paragraph
// separators; the interlinear annotation controls; lone surrogates. Ordinary
// letters, emoji and visible spaces are not in it. Code points, not code
// units: the tag characters (U+E0000–E007F, "ASCII smuggling") and the
// supplementary variation selectors are astral and arrive as surrogate pairs.

/** Kind bits, combined into masks. */
export const KIND_CONTROL = 1;
export const KIND_BIDI = 2;
export const KIND_INVISIBLE = 4;
export const KIND_BOM = 8;
export const KIND_LINE_SEPARATOR = 16;
export const KIND_LONE_SURROGATE = 32;
export const KIND_TAG = 64;
export const KIND_FILLER = 128;
export const KIND_VARIATION_SELECTOR = 256;

/** Plural names for findings, most dangerous first. */
const KIND_NAMES: ReadonlyArray<[number, string, string]> = [
  [KIND_BIDI, 'bidirectional override/isolate characters', 'a bidirectional control'],
  [KIND_TAG, 'tag characters (invisible copies of ASCII, U+E0000–E007F)', 'a tag character (an invisible copy of an ASCII character)'],
  [KIND_CONTROL, 'control characters', 'a control character'],
  [KIND_INVISIBLE, 'zero-width and other invisible characters', 'an invisible (zero-width) character'],
  [KIND_FILLER, 'Hangul filler characters (shown blank)', 'a Hangul filler (shown blank)'],
  [KIND_VARIATION_SELECTOR, 'variation selectors', 'a variation selector (invisible)'],
  [KIND_BOM, 'byte order marks (U+FEFF)', 'a byte order mark'],
  [KIND_LINE_SEPARATOR, 'line/paragraph separators', 'a line or paragraph separator'],
  [KIND_LONE_SURROGATE, 'lone surrogates', 'a lone surrogate'],
];

/** Human names for a kinds mask, most dangerous first. */
export function describeDeceptiveKinds(mask: number): string[] {
  const names: string[] = [];
  for (const [bit, name] of KIND_NAMES) if (mask & bit) names.push(name);
  return names;
}

/**
 * Kind bit of one code point (0 when it is safe to show). Surrogate code
 * units are not classified here: callers join pairs and report lone halves.
 */
export function deceptiveKind(cp: number): number {
  if (cp < 0xa0) return cp < 0x20 || cp >= 0x7f ? KIND_CONTROL : 0;
  if (cp < 0x2000) {
    if (cp === 0xad || cp === 0x34f || cp === 0x17b4 || cp === 0x17b5 || cp === 0x180e) return KIND_INVISIBLE;
    if (cp === 0x61c) return KIND_BIDI;
    if (cp === 0x115f || cp === 0x1160) return KIND_FILLER;
    if ((cp >= 0x180b && cp <= 0x180d) || cp === 0x180f) return KIND_VARIATION_SELECTOR;
    return 0;
  }
  if (cp <= 0x206f) {
    if (cp < 0x200b) return 0;
    if (cp <= 0x200d) return KIND_INVISIBLE;
    if (cp <= 0x200f) return KIND_BIDI;
    if (cp === 0x2028 || cp === 0x2029) return KIND_LINE_SEPARATOR;
    if (cp >= 0x202a && cp <= 0x202e) return KIND_BIDI;
    if (cp >= 0x2066 && cp <= 0x2069) return KIND_BIDI;
    // U+2060 word joiner, U+2061–2064 invisible operators, U+2065 and U+206A–206F.
    return cp >= 0x2060 ? KIND_INVISIBLE : 0;
  }
  if (cp < 0xfe00) return cp === 0x3164 ? KIND_FILLER : 0;
  if (cp <= 0xfe0f) return KIND_VARIATION_SELECTOR;
  if (cp < 0x10000) {
    if (cp === 0xfeff) return KIND_BOM;
    if (cp === 0xffa0) return KIND_FILLER;
    // U+FFF0–FFF8 (reserved, ignorable) and the interlinear annotation controls U+FFF9–FFFB.
    return cp >= 0xfff0 && cp <= 0xfffb ? KIND_INVISIBLE : 0;
  }
  if (cp < 0xe0000) {
    // Shorthand format controls and musical symbol format controls.
    return (cp >= 0x1bca0 && cp <= 0x1bca3) || (cp >= 0x1d173 && cp <= 0x1d17a) ? KIND_INVISIBLE : 0;
  }
  if (cp <= 0xe007f) return KIND_TAG;
  if (cp >= 0xe0100 && cp <= 0xe01ef) return KIND_VARIATION_SELECTOR;
  // The rest of U+E0000–E0FFF is reserved and ignorable.
  return cp <= 0xe0fff ? KIND_INVISIBLE : 0;
}

/** A UTF-16 high (leading) surrogate code unit. */
export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
/** A UTF-16 low (trailing) surrogate code unit. */
export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The code point of a surrogate pair. */
export function joinSurrogates(high: number, low: number): number {
  return ((high - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
}

/** Kinds mask of a string (0 when nothing in it needs escaping). */
export function deceptiveKindsOf(s: string): number {
  let mask = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) continue;
    if (isHighSurrogate(code)) {
      const next = s.charCodeAt(i + 1);
      if (isLowSurrogate(next)) {
        mask |= deceptiveKind(joinSurrogates(code, next));
        i++;
      } else {
        mask |= KIND_LONE_SURROGATE;
      }
      continue;
    }
    mask |= isLowSurrogate(code) ? KIND_LONE_SURROGATE : deceptiveKind(code);
  }
  return mask;
}

export interface DeceptiveChar {
  /** UTF-16 offset in the string. */
  index: number;
  /** The code point (a lone surrogate's own code unit). */
  codePoint: number;
  kind: number;
}

/** The first character of `s` that is in the table, if any. */
export function firstDeceptiveChar(s: string): DeceptiveChar | undefined {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) continue;
    if (isHighSurrogate(code)) {
      const next = s.charCodeAt(i + 1);
      if (!isLowSurrogate(next)) return { index: i, codePoint: code, kind: KIND_LONE_SURROGATE };
      const cp = joinSurrogates(code, next);
      const kind = deceptiveKind(cp);
      if (kind) return { index: i, codePoint: cp, kind };
      i++;
      continue;
    }
    const kind = isLowSurrogate(code) ? KIND_LONE_SURROGATE : deceptiveKind(code);
    if (kind) return { index: i, codePoint: code, kind };
  }
  return undefined;
}

export function hasDeceptiveChars(s: string): boolean {
  return firstDeceptiveChar(s) !== undefined;
}

/** True when `text` holds a character of the table: controls, bidi, invisible, tag characters and the rest. */
export function hasControlOrInvisible(text: string): boolean {
  return hasDeceptiveChars(text);
}

/** "U+2060 (an invisible (zero-width) character)": for messages that name what was refused. */
export function describeDeceptiveChar(c: DeceptiveChar): string {
  const name = KIND_NAMES.find(([bit]) => bit === c.kind)?.[2] ?? 'a character that hides text';
  return `U+${c.codePoint.toString(16).toUpperCase().padStart(4, '0')} (${name})`;
}

/** One UTF-16 code unit as a JSON escape, `\uXXXX`. */
export function escapeCodeUnit(code: number): string {
  return '\\u' + code.toString(16).toUpperCase().padStart(4, '0');
}

/** A code point as JSON escapes: astral ones as their surrogate pair, so JSON text stays valid. */
export function escapeCodePoint(cp: number): string {
  if (cp < 0x10000) return escapeCodeUnit(cp);
  const v = cp - 0x10000;
  return escapeCodeUnit(0xd800 + (v >> 10)) + escapeCodeUnit(0xdc00 + (v & 0x3ff));
}
