// The JSON scanner under inspectJson, prettyJson and rawTopLevelValues: one
// forward pass over the original text with an explicit stack (no recursion, so
// 100 000-deep nesting cannot overflow), accepting exactly what JSON.parse
// accepts and reporting structure as events to a handler. Working on the text
// rather than on a parsed value is what lets the callers see duplicate
// members, keep big integers as written and show escapes as they were.

import { deceptiveKind, isHighSurrogate, isLowSurrogate, joinSurrogates, KIND_LONE_SURROGATE } from '../base/deceptiveChars';

export const enum Tok {
  String,
  Number,
  Literal,
}

/** Per-string facts gathered while scanning it. */
export interface StringFacts {
  /** Index just past the closing quote. */
  end: number;
  hasEscapes: boolean;
  /** Raw (unescaped) characters in the source that must be escaped for display. */
  rawNeedsEscape: boolean;
  /** Kinds of dangerous characters in the decoded value (escaped or raw). */
  kinds: number;
}

export interface ScanHandler {
  open(kind: 'object' | 'array', start: number): void;
  close(kind: 'object' | 'array', end: number, items: number): void;
  key(start: number, facts: StringFacts): void;
  value(tok: Tok, start: number, end: number, facts: StringFacts | null, numberIsPlainInteger: boolean): void;
}

export interface JsonSyntaxError {
  offset: number;
  message: string;
}

const WS_SPACE = 0x20;
const WS_TAB = 0x09;
const WS_LF = 0x0a;
const WS_CR = 0x0d;

// Scratch results of the last string/number scanned, reused to avoid an
// allocation per token. Handlers read them synchronously and never scan.
const facts: StringFacts = { end: 0, hasEscapes: false, rawNeedsEscape: false, kinds: 0 };
let numberPlain = true;

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** Scans a string starting at the opening quote. Returns false on a syntax error (facts.end = error offset). */
function scanString(text: string, start: number): boolean {
  let i = start + 1;
  const n = text.length;
  let hasEscapes = false;
  let rawNeedsEscape = false;
  let kinds = 0;
  // A high surrogate waiting for its low half (escaped or raw, JS joins them either way).
  let pendingHigh = false;
  let highUnit = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      if (pendingHigh) kinds |= KIND_LONE_SURROGATE;
      facts.end = i + 1;
      facts.hasEscapes = hasEscapes;
      facts.rawNeedsEscape = rawNeedsEscape;
      facts.kinds = kinds;
      return true;
    }
    if (code === 0x5c) {
      hasEscapes = true;
      const next = text.charCodeAt(i + 1);
      let unit: number;
      switch (next) {
        case 0x22: case 0x5c: case 0x2f:
          unit = next;
          i += 2;
          break;
        case 0x62: unit = 0x08; i += 2; break;
        case 0x66: unit = 0x0c; i += 2; break;
        case 0x6e: unit = 0x0a; i += 2; break;
        case 0x72: unit = 0x0d; i += 2; break;
        case 0x74: unit = 0x09; i += 2; break;
        case 0x75: {
          const a = hexValue(text.charCodeAt(i + 2));
          const b = hexValue(text.charCodeAt(i + 3));
          const c = hexValue(text.charCodeAt(i + 4));
          const d = hexValue(text.charCodeAt(i + 5));
          if (a < 0 || b < 0 || c < 0 || d < 0) {
            facts.end = i;
            return false;
          }
          unit = (a << 12) | (b << 8) | (c << 4) | d;
          i += 6;
          break;
        }
        default:
          facts.end = i;
          return false;
      }
      if (pendingHigh) {
        pendingHigh = false;
        if (isLowSurrogate(unit)) {
          kinds |= deceptiveKind(joinSurrogates(highUnit, unit));
          continue;
        }
        kinds |= KIND_LONE_SURROGATE;
      }
      if (isHighSurrogate(unit)) {
        pendingHigh = true;
        highUnit = unit;
      } else if (isLowSurrogate(unit)) kinds |= KIND_LONE_SURROGATE;
      else kinds |= deceptiveKind(unit);
      continue;
    }
    if (code < 0x20) {
      // Raw control characters are not allowed inside JSON strings.
      facts.end = i;
      return false;
    }
    i++;
    if (code < 0x7f && !pendingHigh) continue;
    if (pendingHigh) {
      pendingHigh = false;
      if (isLowSurrogate(code)) {
        // Joins an escaped high half: still a raw surrogate in the source text.
        rawNeedsEscape = true;
        kinds |= deceptiveKind(joinSurrogates(highUnit, code));
        continue;
      }
      kinds |= KIND_LONE_SURROGATE;
    }
    if (isHighSurrogate(code)) {
      // A raw high surrogate followed by a raw low one is an astral character:
      // shown as it is unless the table names it (tag characters, variation selectors).
      const low = text.charCodeAt(i);
      if (isLowSurrogate(low)) {
        i++;
        const kind = deceptiveKind(joinSurrogates(code, low));
        if (kind) {
          kinds |= kind;
          rawNeedsEscape = true;
        }
        continue;
      }
      pendingHigh = true;
      highUnit = code;
      rawNeedsEscape = true;
      continue;
    }
    if (isLowSurrogate(code)) {
      kinds |= KIND_LONE_SURROGATE;
      rawNeedsEscape = true;
      continue;
    }
    const kind = code < 0x7f ? 0 : deceptiveKind(code);
    if (kind) {
      kinds |= kind;
      rawNeedsEscape = true;
    }
  }
  facts.end = n;
  return false;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Scans a number. Returns the end index, or -(errorOffset + 1). Sets numberPlain (no fraction or exponent). */
function scanNumber(text: string, start: number): number {
  let i = start;
  numberPlain = true;
  if (text.charCodeAt(i) === 0x2d) i++;
  const first = text.charCodeAt(i);
  if (first === 0x30) {
    i++;
  } else if (first >= 0x31 && first <= 0x39) {
    i++;
    while (isDigit(text.charCodeAt(i))) i++;
  } else {
    return -(i + 1);
  }
  if (text.charCodeAt(i) === 0x2e) {
    numberPlain = false;
    i++;
    if (!isDigit(text.charCodeAt(i))) return -(i + 1);
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    numberPlain = false;
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    if (!isDigit(text.charCodeAt(i))) return -(i + 1);
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

const enum Expect {
  Value, // any value (top level, after ':' or after ',' in an array)
  ValueOrClose, // just after '['
  KeyOrClose, // just after '{'
  Key, // after ',' in an object
  Colon,
  CommaOrClose,
  Done,
}

/**
 * Walks `text` once, reporting structure to `handler`. Returns null when the
 * whole text is valid JSON, or the first syntax error.
 */
export function scanJson(text: string, handler: ScanHandler): JsonSyntaxError | null {
  const n = text.length;
  // Container stack: 1 = object, 2 = array; item counts alongside.
  let kinds = new Uint8Array(64);
  let items = new Uint32Array(64);
  let depth = 0;
  let expect = Expect.Value;
  let i = 0;
  const fail = (offset: number, message: string): JsonSyntaxError => ({ offset, message });
  while (true) {
    // Skip JSON whitespace (exactly the four characters JSON.parse allows).
    let code = text.charCodeAt(i);
    while (code === WS_SPACE || code === WS_LF || code === WS_CR || code === WS_TAB) code = text.charCodeAt(++i);
    if (i >= n) {
      if (expect === Expect.Done) return null;
      return fail(n, depth > 0 ? 'unexpected end: a bracket or brace is not closed' : 'unexpected end of JSON');
    }
    switch (expect) {
      case Expect.Done:
        return fail(i, 'unexpected text after the JSON value');
      case Expect.Colon:
        if (code !== 0x3a) return fail(i, "expected ':' after a member name");
        i++;
        expect = Expect.Value;
        continue;
      case Expect.CommaOrClose: {
        const top = kinds[depth - 1];
        if (code === 0x2c) {
          i++;
          expect = top === 1 ? Expect.Key : Expect.Value;
          continue;
        }
        if ((code === 0x7d && top === 1) || (code === 0x5d && top === 2)) {
          i++;
          depth--;
          handler.close(top === 1 ? 'object' : 'array', i, items[depth] as number);
          expect = depth === 0 ? Expect.Done : Expect.CommaOrClose;
          continue;
        }
        return fail(i, top === 1 ? "expected ',' or '}'" : "expected ',' or ']'");
      }
      case Expect.KeyOrClose:
      case Expect.Key:
        if (code === 0x7d && expect === Expect.KeyOrClose) {
          i++;
          depth--;
          handler.close('object', i, 0);
          expect = depth === 0 ? Expect.Done : Expect.CommaOrClose;
          continue;
        }
        if (code !== 0x22) return fail(i, 'expected a member name in double quotes');
        if (!scanString(text, i)) return fail(facts.end, 'invalid string');
        handler.key(i, facts);
        items[depth - 1] = (items[depth - 1] as number) + 1;
        i = facts.end;
        expect = Expect.Colon;
        continue;
      case Expect.ValueOrClose:
        if (code === 0x5d) {
          i++;
          depth--;
          handler.close('array', i, 0);
          expect = depth === 0 ? Expect.Done : Expect.CommaOrClose;
        } else {
          // Any other character must start the first element.
          expect = Expect.Value;
        }
        continue;
      case Expect.Value: {
        if (depth > 0 && kinds[depth - 1] === 2) items[depth - 1] = (items[depth - 1] as number) + 1;
        if (code === 0x7b || code === 0x5b) {
          if (depth === kinds.length) {
            const k2 = new Uint8Array(depth * 2);
            k2.set(kinds);
            kinds = k2;
            const i2 = new Uint32Array(depth * 2);
            i2.set(items);
            items = i2;
          }
          const isObject = code === 0x7b;
          kinds[depth] = isObject ? 1 : 2;
          items[depth] = 0;
          depth++;
          handler.open(isObject ? 'object' : 'array', i);
          i++;
          expect = isObject ? Expect.KeyOrClose : Expect.ValueOrClose;
          continue;
        }
        const start = i;
        if (code === 0x22) {
          if (!scanString(text, i)) return fail(facts.end, 'invalid string');
          i = facts.end;
          handler.value(Tok.String, start, i, facts, false);
        } else if (code === 0x2d || isDigit(code)) {
          const end = scanNumber(text, i);
          if (end < 0) return fail(-end - 1, 'invalid number');
          i = end;
          handler.value(Tok.Number, start, i, null, numberPlain);
        } else if (text.startsWith('true', i)) {
          i += 4;
          handler.value(Tok.Literal, start, i, null, false);
        } else if (text.startsWith('false', i)) {
          i += 5;
          handler.value(Tok.Literal, start, i, null, false);
        } else if (text.startsWith('null', i)) {
          i += 4;
          handler.value(Tok.Literal, start, i, null, false);
        } else {
          return fail(i, 'unexpected character');
        }
        expect = depth === 0 ? Expect.Done : Expect.CommaOrClose;
        continue;
      }
    }
  }
}

/** Decodes a JSON string literal's source (quotes included). Only called on scanned-valid strings. */
export function decodeStringLiteral(text: string, start: number, end: number, hasEscapes: boolean): string {
  if (!hasEscapes) return text.slice(start + 1, end - 1);
  try {
    return JSON.parse(text.slice(start, end)) as string;
  } catch {
    return text.slice(start + 1, end - 1);
  }
}
