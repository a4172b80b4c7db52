// A quick verdict on a candidate header while scanning text for tokens: does
// the segment decode to a JSON object, and does that object name a string
// `enc` (a JWE)? Scanning meets tens of thousands of headers, so the common
// case (ASCII JSON) is decoded into a reused buffer and validated in place,
// without building strings or calling JSON.parse. Anything unusual takes the
// slow, exact path. Both paths accept exactly what decodeToken accepts.

import { BASE64URL_VALUE, decodeBase64Url } from '../text/base64url';
import { inspectJson, MAX_RENDER_DEPTH } from '../text/json';

export const NOT_A_HEADER = 0;
export const JWS_HEADER = 1;
export const JWE_HEADER = 2;
/** The fast path could not decide (non-ASCII input characters, escaped top-level names): use the exact path. */
const UNDECIDED = -1;

let buffer = new Uint8Array(256);
const stack = new Uint8Array(MAX_RENDER_DEPTH + 1);
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Verdict for `text.slice(start, end)` as a header segment: NOT_A_HEADER, JWS_HEADER or JWE_HEADER. */
export function classifyHeaderAt(text: string, start: number, end: number): number {
  const fast = fastVerdict(text, start, end);
  return fast === UNDECIDED ? exactVerdict(text.slice(start, end)) : fast;
}

/** Decodes into `buffer` and validates as ASCII JSON. */
function fastVerdict(text: string, start: number, end: number): number {
  const length = end - start;
  const rest = length % 4;
  if (rest === 1) return NOT_A_HEADER;
  const byteLength = ((length - rest) / 4) * 3 + (rest === 0 ? 0 : rest - 1);
  if (buffer.length < byteLength) buffer = new Uint8Array(Math.max(byteLength, buffer.length * 2));
  const out = buffer;
  const table = BASE64URL_VALUE;
  let o = 0;
  let bad = 0;
  let high = 0;
  let i = start;
  const fullEnd = end - rest;
  for (; i < fullEnd; i += 4) {
    const a = text.charCodeAt(i);
    const b = text.charCodeAt(i + 1);
    const c = text.charCodeAt(i + 2);
    const d = text.charCodeAt(i + 3);
    bad |= a | b | c | d;
    const va = table[a & 127] as number;
    const vb = table[b & 127] as number;
    const vc = table[c & 127] as number;
    const vd = table[d & 127] as number;
    bad |= (va | vb | vc | vd) & 0x80; // 255 marks a non-alphabet character
    const n = (va << 18) | (vb << 12) | (vc << 6) | vd;
    high |= n;
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  if (rest > 0) {
    const a = text.charCodeAt(i);
    const b = text.charCodeAt(i + 1);
    const c = rest === 3 ? text.charCodeAt(i + 2) : 0x41;
    bad |= a | b | c;
    const va = table[a & 127] as number;
    const vb = table[b & 127] as number;
    const vc = table[c & 127] as number;
    bad |= (va | vb | vc) & 0x80;
    const n = (va << 18) | (vb << 12) | (vc << 6);
    out[o++] = n >>> 16;
    high |= n & 0xff0000;
    if (rest === 3) {
      out[o++] = (n >>> 8) & 0xff;
      high |= n & 0xff00;
    }
  }
  if (bad & 0xff80) return UNDECIDED; // non-ASCII input characters: let the exact path report it
  if (bad & 0x80) return NOT_A_HEADER;
  // Non-ASCII bytes must be well-formed UTF-8, as the fatal decoder in decodeToken requires.
  if (high & 0x808080 && !isWellFormedUtf8(out, byteLength)) return NOT_A_HEADER;
  return verdictOfJsonBytes(out, byteLength);
}

/** Same acceptance as a fatal WHATWG UTF-8 decoder: no overlongs, no surrogates, nothing above U+10FFFF. */
function isWellFormedUtf8(b: Uint8Array, n: number): boolean {
  let i = 0;
  while (i < n) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return false;
    if (i + need >= n) return false;
    const first = b[i + 1];
    if (first === undefined || first < lo || first > hi) return false;
    for (let k = 2; k <= need; k++) {
      const cont = b[i + k];
      if (cont === undefined || cont < 0x80 || cont > 0xbf) return false;
    }
    i += need + 1;
  }
  return true;
}

const WS_SPACE = 0x20;
const WS_TAB = 0x09;
const WS_LF = 0x0a;
const WS_CR = 0x0d;

// Scanner states (as in json.ts).
const VALUE = 0;
const VALUE_OR_CLOSE = 1;
const KEY_OR_CLOSE = 2;
const KEY = 3;
const COLON = 4;
const COMMA_OR_CLOSE = 5;
const DONE = 6;

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

/** End of a string literal starting at the quote at `i`, or -1 when invalid; -2 when it has escapes and `noEscapes`. */
function stringEnd(b: Uint8Array, n: number, i: number, noEscapes: boolean): number {
  i++;
  while (i < n) {
    const c = b[i] as number;
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -1;
    if (c === 0x5c) {
      if (noEscapes) return -2;
      const e = b[i + 1];
      if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        i += 2;
        continue;
      }
      if (e === 0x75 && i + 5 < n && isHex(b[i + 2] as number) && isHex(b[i + 3] as number) && isHex(b[i + 4] as number) && isHex(b[i + 5] as number)) {
        i += 6;
        continue;
      }
      return -1;
    }
    i++;
  }
  return -1;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function numberEnd(b: Uint8Array, i: number): number {
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) {
    i++;
  } else if (isDigit(b[i])) {
    while (isDigit(b[i])) i++;
  } else {
    return -1;
  }
  if (b[i] === 0x2e) {
    i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  return i;
}

function literalEnd(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c === 0x74 && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65) return i + 4;
  if (c === 0x66 && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65) return i + 5;
  if (c === 0x6e && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c) return i + 4;
  return -1;
}

/**
 * Validates UTF-8 JSON bytes exactly as JSON.parse would validate the decoded
 * text, requiring an object at the top. Bytes >= 0x80 are only valid inside strings.
 */
function verdictOfJsonBytes(b: Uint8Array, n: number): number {
  let i = 0;
  let depth = 0;
  let expect = VALUE;
  // JSON.parse keeps the last duplicate, so only the last top-level "enc" counts.
  let keyIsEnc = false;
  let encIsString = false;
  while (true) {
    let c = b[i];
    while (i < n && (c === WS_SPACE || c === WS_LF || c === WS_CR || c === WS_TAB)) c = b[++i];
    if (i >= n) return expect === DONE ? (encIsString ? JWE_HEADER : JWS_HEADER) : NOT_A_HEADER;
    switch (expect) {
      case DONE:
        return NOT_A_HEADER;
      case COLON:
        if (c !== 0x3a) return NOT_A_HEADER;
        i++;
        expect = VALUE;
        continue;
      case COMMA_OR_CLOSE: {
        const top = stack[depth - 1];
        if (c === 0x2c) {
          i++;
          expect = top === 1 ? KEY : VALUE;
          continue;
        }
        if ((c === 0x7d && top === 1) || (c === 0x5d && top === 2)) {
          i++;
          depth--;
          expect = depth === 0 ? DONE : COMMA_OR_CLOSE;
          continue;
        }
        return NOT_A_HEADER;
      }
      case KEY_OR_CLOSE:
      case KEY: {
        if (c === 0x7d && expect === KEY_OR_CLOSE) {
          i++;
          depth--;
          expect = depth === 0 ? DONE : COMMA_OR_CLOSE;
          continue;
        }
        if (c !== 0x22) return NOT_A_HEADER;
        // Top-level names are compared, so escaped ones go to the exact path.
        const e = stringEnd(b, n, i, depth === 1);
        if (e === -2) return UNDECIDED;
        if (e < 0) return NOT_A_HEADER;
        if (depth === 1) keyIsEnc = e - i === 5 && b[i + 1] === 0x65 && b[i + 2] === 0x6e && b[i + 3] === 0x63;
        i = e;
        expect = COLON;
        continue;
      }
      case VALUE_OR_CLOSE:
        if (c === 0x5d) {
          i++;
          depth--;
          expect = depth === 0 ? DONE : COMMA_OR_CLOSE;
        } else {
          expect = VALUE;
        }
        continue;
      case VALUE: {
        const topLevelMember = depth === 1 && keyIsEnc;
        if (c === 0x7b || c === 0x5b) {
          if (depth === 0 && c !== 0x7b) return NOT_A_HEADER;
          if (depth >= MAX_RENDER_DEPTH) return NOT_A_HEADER;
          if (topLevelMember) encIsString = false;
          stack[depth++] = c === 0x7b ? 1 : 2;
          i++;
          expect = c === 0x7b ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
          continue;
        }
        if (depth === 0) return NOT_A_HEADER;
        let e: number;
        if (c === 0x22) e = stringEnd(b, n, i, false);
        else if (c === 0x2d || isDigit(c)) e = numberEnd(b, i);
        else e = literalEnd(b, i);
        if (e < 0 || e > n) return NOT_A_HEADER;
        if (topLevelMember) encIsString = c === 0x22;
        i = e;
        expect = COMMA_OR_CLOSE;
        continue;
      }
    }
  }
}

/** The exact path: strict base64url, fatal UTF-8, JSON.parse. */
function exactVerdict(segment: string): number {
  const decoded = decodeBase64Url(segment);
  if (!decoded.ok) return NOT_A_HEADER;
  try {
    const json = utf8.decode(decoded.bytes);
    // A BOM is not JSON whitespace: JSON.parse rejects it, and so does this check.
    const inspection = inspectJson(json, { maxReports: 0 });
    if (!inspection.valid || inspection.maxDepth > MAX_RENDER_DEPTH) return NOT_A_HEADER;
    const value: unknown = JSON.parse(json);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return NOT_A_HEADER;
    return Object.hasOwn(value, 'enc') && typeof (value as Record<string, unknown>).enc === 'string' ? JWE_HEADER : JWS_HEADER;
  } catch {
    return NOT_A_HEADER;
  }
}
