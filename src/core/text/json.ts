// JSON inspection and display for token contents, which are hostile input.
// Everything here is a single forward pass over the ORIGINAL text with an
// explicit stack (no recursion, so 100 000-deep nesting cannot overflow), and
// accepts exactly what JSON.parse accepts. Working on the text rather than on
// a parsed value is what lets us see duplicate members (JSON.parse keeps only
// the last), keep big integers as written, and show escapes as they were.

import {
  deceptiveKind,
  deceptiveKindsOf,
  describeDeceptiveKinds,
  escapeCodePoint,
  escapeCodeUnit,
  joinSurrogates,
  KIND_LONE_SURROGATE,
} from '../base/deceptiveChars';

/** Displays and checks stop descending below this nesting depth. */
export const MAX_RENDER_DEPTH = 64;

// ---------------------------------------------------------------------------
// Characters that can hide or disguise text when displayed: the one table in
// deceptiveChars.ts, so findings, escaping and refusals agree.

/** Human names for a kinds bitmask, most dangerous first. */
export const describeSuspiciousKinds = describeDeceptiveKinds;

/** Kinds bitmask for a plain string (0 when nothing needs escaping). */
export const suspiciousKindsOf = deceptiveKindsOf;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

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

// ---------------------------------------------------------------------------
// The scanner: validates like JSON.parse and reports structure as events.

const enum Tok {
  String,
  Number,
  Literal,
}

/** Per-string facts gathered while scanning it. */
interface StringFacts {
  /** Index just past the closing quote. */
  end: number;
  hasEscapes: boolean;
  /** Raw (unescaped) characters in the source that must be escaped for display. */
  rawNeedsEscape: boolean;
  /** Kinds of dangerous characters in the decoded value (escaped or raw). */
  kinds: number;
}

interface ScanHandler {
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
function scanJson(text: string, handler: ScanHandler): JsonSyntaxError | null {
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
function decodeStringLiteral(text: string, start: number, end: number, hasEscapes: boolean): string {
  if (!hasEscapes) return text.slice(start + 1, end - 1);
  try {
    return JSON.parse(text.slice(start, end)) as string;
  } catch {
    return text.slice(start + 1, end - 1);
  }
}

// ---------------------------------------------------------------------------
// inspectJson

export interface JsonInspection {
  /** True when the text is valid JSON (as JSON.parse would see it). */
  valid: boolean;
  /** The first syntax error, when not valid. */
  error?: JsonSyntaxError;
  /** JSON-pointer paths of members whose name repeats an earlier one in the same object. */
  duplicates: string[];
  /** Deepest object/array nesting (0 for a scalar). */
  maxDepth: number;
  /** Number literals, as written, whose value JavaScript cannot hold exactly (beyond 2^53, or overflowing). */
  unsafeIntegers: string[];
  /** Paths of members named `__proto__`, `constructor` or `prototype`. */
  protoKeys: string[];
  /** Paths of strings (member names or values) containing bidi, zero-width, control, BOM or lone-surrogate characters. */
  suspicious: string[];
  /** Human names of the kinds of characters found in `suspicious`. */
  suspiciousKinds: string[];
  /** True when a list hit `maxReports` and further items were not recorded. */
  truncated: boolean;
}

export interface InspectJsonOptions {
  /** Most items recorded per list (default 100); counting still runs to the end. */
  maxReports?: number;
}

const PROTO_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_PATH_SEGMENTS_SHOWN = 12;

function pointerSegment(key: string | number): string {
  if (typeof key === 'number') return String(key);
  return visibleText(key.replace(/~/g, '~0').replace(/\//g, '~1'), 64);
}

/** JSON pointer for a path held in a stack, eliding the middle of very deep paths. */
function pointerFor(path: ReadonlyArray<string | number>, length: number, last?: string | number): string {
  const segs: (string | number)[] = [];
  const total = length + (last === undefined ? 0 : 1);
  const at = (k: number): string | number => (k < length ? (path[k] as string | number) : (last as string | number));
  if (total <= MAX_PATH_SEGMENTS_SHOWN) {
    for (let k = 0; k < total; k++) segs.push(at(k));
    return segs.map((s) => '/' + pointerSegment(s)).join('');
  }
  let out = '';
  for (let k = 0; k < 6; k++) out += '/' + pointerSegment(at(k));
  out += `/…(${total - 11} levels)…`;
  for (let k = total - 5; k < total; k++) out += '/' + pointerSegment(at(k));
  return out;
}

/** Plain integers beyond this many digits may not fit in a double exactly. */
const SAFE_DIGITS = 15;

function isUnsafeNumber(raw: string, plain: boolean): boolean {
  const digits = raw.charCodeAt(0) === 0x2d ? raw.length - 1 : raw.length;
  if (plain) {
    if (digits <= SAFE_DIGITS) return false;
    return !Number.isSafeInteger(Number(raw));
  }
  // Exponent/fraction forms: only flag the ones that overflow (1e309 becomes Infinity).
  if (raw.length < 4) return false;
  return !Number.isFinite(Number(raw));
}

/**
 * Inspects JSON text in one pass: duplicate member names, nesting depth,
 * integers JavaScript cannot hold, prototype-named members and strings with
 * invisible or direction-changing characters. Never throws; on invalid JSON
 * `valid` is false and the lists hold what was seen before the error.
 */
export function inspectJson(text: string, opts: InspectJsonOptions = {}): JsonInspection {
  const maxReports = Math.max(0, opts.maxReports ?? 100);
  const result: JsonInspection = {
    valid: false,
    duplicates: [],
    maxDepth: 0,
    unsafeIntegers: [],
    protoKeys: [],
    suspicious: [],
    suspiciousKinds: [],
    truncated: false,
  };
  if (typeof text !== 'string') {
    result.error = { offset: 0, message: 'not text' };
    return result;
  }
  // Path stack: the member name or array index leading to each open container.
  const path: (string | number)[] = [];
  // Per open object: names seen so far (a single string until the second one, to spare a Set).
  const seen: (Set<string> | string | null)[] = [];
  const isArray: boolean[] = [];
  const arrayIndex: number[] = [];
  let depth = 0;
  let pendingKey: string | null = null;
  let kindsMask = 0;

  const push = (list: string[], item: string): void => {
    if (list.length < maxReports) list.push(item);
    else result.truncated = true;
  };
  // The path of the value about to be reported (member name or array index at the current depth).
  const currentPath = (): string => {
    if (depth === 0) return '';
    const last = isArray[depth - 1] ? (arrayIndex[depth - 1] as number) : (pendingKey ?? '');
    return pointerFor(path, depth - 1, last);
  };

  const handler: ScanHandler = {
    open(kind) {
      if (depth > 0) {
        path[depth - 1] = isArray[depth - 1] ? (arrayIndex[depth - 1] as number) : (pendingKey ?? '');
      }
      isArray[depth] = kind === 'array';
      arrayIndex[depth] = -1;
      seen[depth] = null;
      depth++;
      if (depth > result.maxDepth) result.maxDepth = depth;
    },
    close() {
      depth--;
      seen[depth] = null;
    },
    key(start, f) {
      const name = decodeStringLiteral(text, start, f.end, f.hasEscapes);
      pendingKey = name;
      const at = depth - 1;
      const prior = seen[at];
      let duplicate = false;
      if (prior === null || prior === undefined) {
        seen[at] = name;
      } else if (typeof prior === 'string') {
        if (prior === name) duplicate = true;
        else seen[at] = new Set([prior, name]);
      } else if (prior.has(name)) {
        duplicate = true;
      } else {
        prior.add(name);
      }
      if (duplicate) push(result.duplicates, pointerFor(path, at, name));
      if (PROTO_NAMES.has(name)) push(result.protoKeys, pointerFor(path, at, name));
      if (f.kinds) {
        kindsMask |= f.kinds;
        push(result.suspicious, pointerFor(path, at, name));
      }
    },
    value(tok, start, end, f, plain) {
      if (tok === Tok.String && f && f.kinds) {
        kindsMask |= f.kinds;
        push(result.suspicious, currentPath());
      } else if (tok === Tok.Number && (end - start > SAFE_DIGITS || (!plain && end - start >= 4))) {
        const raw = text.slice(start, end);
        if (isUnsafeNumber(raw, plain)) push(result.unsafeIntegers, raw);
      }
    },
  };
  // Array indexes: count each element as it starts.
  const countingHandler: ScanHandler = {
    open(kind, start) {
      if (depth > 0 && isArray[depth - 1]) arrayIndex[depth - 1] = (arrayIndex[depth - 1] as number) + 1;
      handler.open(kind, start);
    },
    close: handler.close,
    key: handler.key,
    value(tok, start, end, f, plain) {
      if (depth > 0 && isArray[depth - 1]) arrayIndex[depth - 1] = (arrayIndex[depth - 1] as number) + 1;
      handler.value(tok, start, end, f, plain);
    },
  };
  let error: JsonSyntaxError | null;
  try {
    error = scanJson(text, countingHandler);
  } catch {
    error = { offset: 0, message: 'could not be inspected' };
  }
  result.valid = error === null;
  if (error) result.error = error;
  result.suspiciousKinds = describeSuspiciousKinds(kindsMask);
  return result;
}

// ---------------------------------------------------------------------------
// prettyJson

export interface PrettyJsonOptions {
  /** Spaces per level (default 2; 0 renders on one line). */
  indent?: number;
  /** Containers nested deeper than this are shown as `{…}` / `[…]` (default 64). */
  maxDepth?: number;
  /** Output is cut at about this many characters, followed by a truncation marker (default 1 MiB). */
  maxLength?: number;
}

export const PRETTY_TRUNCATED_MARKER = '… (truncated)';

/** Source text of a string literal with raw dangerous characters written as \uXXXX. */
function visibleLiteral(text: string, start: number, end: number): string {
  let out = '';
  let runStart = start;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x7f) continue;
    if (isHighSurrogate(code)) {
      const low = text.charCodeAt(i + 1);
      if (isLowSurrogate(low) && i + 1 < end) {
        const cp = joinSurrogates(code, low);
        if (deceptiveKind(cp) !== 0) {
          out += text.slice(runStart, i) + escapeCodePoint(cp);
          runStart = i + 2;
        }
        i++;
        continue;
      }
    } else if (!isLowSurrogate(code) && deceptiveKind(code) === 0) {
      continue;
    }
    out += text.slice(runStart, i) + escapeCodeUnit(code);
    runStart = i + 1;
  }
  return out + text.slice(runStart, end);
}

/**
 * Re-indents JSON text for display, from the original text: numbers stay
 * exactly as written, escapes stay as written, raw invisible/bidi/control
 * characters in strings become `\uXXXX`, content deeper than `maxDepth` is
 * collapsed to `…`, and output is cut at `maxLength` with a marker.
 * Never throws. Text that is not valid JSON is returned as written (made
 * visible and capped), so a caller can still show it.
 */
export function prettyJson(text: string, opts: PrettyJsonOptions = {}): string {
  if (typeof text !== 'string') return '';
  const indentSize = Math.max(0, Math.min(16, Math.floor(opts.indent ?? 2)));
  const maxDepth = Math.max(0, Math.floor(opts.maxDepth ?? MAX_RENDER_DEPTH));
  const maxLength = Math.max(16, Math.floor(opts.maxLength ?? 1024 * 1024));
  const compact = indentSize === 0;
  const unit = ' '.repeat(indentSize);
  const indents: string[] = [''];
  const newlineIndent = (level: number): string => {
    if (compact) return '';
    while (indents.length <= level) indents.push('\n' + unit.repeat(indents.length));
    return level === 0 ? '\n' : (indents[level] as string);
  };
  indents[0] = '\n';

  const parts: string[] = [];
  let length = 0;
  let full = false;
  const emit = (piece: string): void => {
    if (full) return;
    if (length + piece.length > maxLength) {
      let cut = maxLength - length;
      if (cut > 0 && isHighSurrogate(piece.charCodeAt(cut - 1))) cut--;
      parts.push(piece.slice(0, Math.max(0, cut)));
      full = true;
      return;
    }
    parts.push(piece);
    length += piece.length;
  };

  let depth = 0; // emitted nesting
  let skipping = 0; // >0 while inside a collapsed container (its own nesting count)
  const hasItems: boolean[] = [];
  let afterKey = false;

  const beforeValue = (): void => {
    if (afterKey) {
      afterKey = false;
      return;
    }
    if (depth === 0) return;
    emit(hasItems[depth - 1] ? ',' + newlineIndent(depth) : newlineIndent(depth));
    hasItems[depth - 1] = true;
  };

  const handler: ScanHandler = {
    open(kind) {
      if (skipping > 0) {
        skipping++;
        return;
      }
      beforeValue();
      if (depth >= maxDepth) {
        emit(kind === 'object' ? '{…}' : '[…]');
        skipping = 1;
        return;
      }
      emit(kind === 'object' ? '{' : '[');
      hasItems[depth] = false;
      depth++;
    },
    close(kind) {
      if (skipping > 0) {
        skipping--;
        return;
      }
      depth--;
      if (hasItems[depth]) emit(newlineIndent(depth));
      emit(kind === 'object' ? '}' : ']');
    },
    key(start, f) {
      if (skipping > 0) return;
      beforeValue();
      emit((f.rawNeedsEscape ? visibleLiteral(text, start, f.end) : text.slice(start, f.end)) + (compact ? ':' : ': '));
      afterKey = true;
    },
    value(tok, start, end, f) {
      if (skipping > 0) return;
      beforeValue();
      if (tok === Tok.String && f && f.rawNeedsEscape) emit(visibleLiteral(text, start, end));
      else emit(text.slice(start, end));
    },
  };

  let error: JsonSyntaxError | null;
  try {
    error = scanJson(text, handler);
  } catch {
    error = { offset: 0, message: 'could not be rendered' };
  }
  if (error) return visibleText(text, maxLength);
  let out = parts.join('');
  if (full) out += (compact ? ' ' : '\n') + PRETTY_TRUNCATED_MARKER;
  return out;
}

// ---------------------------------------------------------------------------
// Raw member values

/**
 * Source text of the top-level members named in `names` (the last occurrence,
 * which is the one JSON.parse keeps). Objects and arrays are given as `{…}` / `[…]`.
 * Returns an empty map when `text` is not a valid JSON object.
 */
export function rawTopLevelValues(text: string, names: readonly string[]): Map<string, string> {
  const wanted = new Set(names);
  const found = new Map<string, string>();
  if (typeof text !== 'string') return found;
  let depth = 0;
  let rootIsObject = false;
  let currentKey: string | null = null;
  const handler: ScanHandler = {
    open(kind) {
      if (depth === 0) rootIsObject = kind === 'object';
      else if (depth === 1 && currentKey !== null && wanted.has(currentKey)) found.set(currentKey, kind === 'object' ? '{…}' : '[…]');
      depth++;
    },
    close() {
      depth--;
    },
    key(start, f) {
      currentKey = depth === 1 ? decodeStringLiteral(text, start, f.end, f.hasEscapes) : currentKey;
    },
    value(_tok, start, end) {
      if (depth === 1 && currentKey !== null && wanted.has(currentKey)) found.set(currentKey, text.slice(start, end));
    },
  };
  let error: JsonSyntaxError | null;
  try {
    error = scanJson(text, handler);
  } catch {
    error = { offset: 0, message: 'failed' };
  }
  if (error || !rootIsObject) found.clear();
  return found;
}
