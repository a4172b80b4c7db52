// inspectJson: what a person should notice in a token's JSON text (duplicate
// members, deep nesting, integers JavaScript cannot hold, prototype-named
// members, strings with characters that hide text), found in one scan.

import { describeDeceptiveKinds } from '../base/deceptiveChars';
import { decodeStringLiteral, scanJson, Tok } from './jsonScanner';
import type { JsonSyntaxError, ScanHandler } from './jsonScanner';
import { visibleText } from './visibleText';

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
  result.suspiciousKinds = describeDeceptiveKinds(kindsMask);
  return result;
}
