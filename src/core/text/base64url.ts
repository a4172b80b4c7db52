// Strict base64url (RFC 4648 s5) for JOSE segments. Only `[A-Za-z0-9_-]` is
// data. Whitespace is never skipped (atob and Node's decoders skip it, which
// lets a wrapped token decode to something other than what gets verified).
// `=` padding and non-zero trailing bits decode to the same bytes as the
// canonical form, so they are reported as flags instead of failing.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Marks "not a base64url character" in BASE64URL_VALUE. */
const INVALID = 255;

/** Char code (< 128) → 6-bit value, or 255 when the character is not in the alphabet. */
export const BASE64URL_VALUE: Uint8Array = (() => {
  const table = new Uint8Array(128).fill(INVALID);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/** True when `code` is a base64url alphabet character. */
export function isBase64UrlCode(code: number): boolean {
  return code < 128 && BASE64URL_VALUE[code] !== INVALID;
}

/** What a segment looks like without decoding it (cheap: one pass, no allocation). */
export interface Base64UrlShape {
  /** False when the segment cannot be base64url at all. */
  valid: boolean;
  /** Index of the first character that is not in the alphabet (or misplaced `=`), when invalid for that reason. */
  badOffset?: number;
  /** Data length is 1 mod 4: no byte sequence encodes to it. */
  badLength?: boolean;
  /** Decoded length in bytes (when valid). */
  byteLength: number;
  /** Ended in `=` padding (accepted, non-canonical). */
  padded: boolean;
  /** Unused low bits of the last character are not zero (accepted, non-canonical). */
  nonZeroTrailingBits: boolean;
}

/**
 * Checks a segment's characters, padding and length without decoding it.
 * `=` is accepted only as 1–2 trailing characters that make the length a multiple of 4.
 */
export function inspectBase64Url(segment: string): Base64UrlShape {
  let dataLength = segment.length;
  let padded = false;
  // Trailing padding: at most two `=`, and only if they complete a 4-character group.
  if (dataLength > 0 && segment.charCodeAt(dataLength - 1) === 0x3d) {
    let pads = 1;
    if (dataLength > 1 && segment.charCodeAt(dataLength - 2) === 0x3d) pads = 2;
    const data = dataLength - pads;
    if (segment.length % 4 !== 0 || data % 4 === 0 || data % 4 === 1 || (data % 4 === 3 && pads !== 1)) {
      return { valid: false, badOffset: data, byteLength: 0, padded: true, nonZeroTrailingBits: false };
    }
    dataLength = data;
    padded = true;
  }
  for (let i = 0; i < dataLength; i++) {
    const code = segment.charCodeAt(i);
    if (code >= 128 || BASE64URL_VALUE[code] === INVALID) {
      return { valid: false, badOffset: i, byteLength: 0, padded, nonZeroTrailingBits: false };
    }
  }
  const rest = dataLength % 4;
  if (rest === 1) {
    return { valid: false, badLength: true, byteLength: 0, padded, nonZeroTrailingBits: false };
  }
  let nonZeroTrailingBits = false;
  if (rest !== 0) {
    const last = BASE64URL_VALUE[segment.charCodeAt(dataLength - 1)] as number;
    // 2 leftover chars carry 4 unused bits, 3 leftover chars carry 2.
    nonZeroTrailingBits = (last & (rest === 2 ? 0x0f : 0x03)) !== 0;
  }
  const byteLength = Math.floor(dataLength / 4) * 3 + (rest === 0 ? 0 : rest - 1);
  return { valid: true, byteLength, padded, nonZeroTrailingBits };
}

export type Base64UrlDecodeResult =
  | { ok: true; bytes: Uint8Array; padded: boolean; nonZeroTrailingBits: boolean }
  | { ok: false; badOffset?: number; badLength?: boolean };

/** Decodes a segment strictly. Never throws. */
export function decodeBase64Url(segment: string): Base64UrlDecodeResult {
  const shape = inspectBase64Url(segment);
  if (!shape.valid) {
    return shape.badLength ? { ok: false, badLength: true } : { ok: false, badOffset: shape.badOffset ?? 0 };
  }
  return { ok: true, bytes: decodeChecked(segment, shape.byteLength), padded: shape.padded, nonZeroTrailingBits: shape.nonZeroTrailingBits };
}

/** Decodes a segment already checked by inspectBase64Url. */
function decodeChecked(segment: string, byteLength: number): Uint8Array {
  const out = new Uint8Array(byteLength);
  const table = BASE64URL_VALUE;
  const fullGroups = Math.floor(byteLength / 3);
  let o = 0;
  let i = 0;
  for (let g = 0; g < fullGroups; g++, i += 4) {
    const n =
      ((table[segment.charCodeAt(i)] as number) << 18) |
      ((table[segment.charCodeAt(i + 1)] as number) << 12) |
      ((table[segment.charCodeAt(i + 2)] as number) << 6) |
      (table[segment.charCodeAt(i + 3)] as number);
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  const rest = byteLength - o;
  if (rest > 0) {
    const n =
      ((table[segment.charCodeAt(i)] as number) << 18) |
      ((table[segment.charCodeAt(i + 1)] as number) << 12) |
      (rest === 2 ? (table[segment.charCodeAt(i + 2)] as number) << 6 : 0);
    out[o++] = n >>> 16;
    if (rest === 2) out[o++] = (n >>> 8) & 0xff;
  }
  return out;
}

/** Encodes bytes as canonical base64url (no padding). */
export function encodeBase64Url(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  const len = bytes.length;
  let i = 0;
  for (; i + 2 < len; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    chunk +=
      (ALPHABET[n >>> 18] as string) +
      (ALPHABET[(n >>> 12) & 63] as string) +
      (ALPHABET[(n >>> 6) & 63] as string) +
      (ALPHABET[n & 63] as string);
    // Flush periodically so huge inputs do not build one deep rope.
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = len - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    chunk += (ALPHABET[n >>> 18] as string) + (ALPHABET[(n >>> 12) & 63] as string);
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    chunk += (ALPHABET[n >>> 18] as string) + (ALPHABET[(n >>> 12) & 63] as string) + (ALPHABET[(n >>> 6) & 63] as string);
  }
  parts.push(chunk);
  return parts.join('');
}

/** Encodes a string as UTF-8, then base64url. */
export function encodeBase64UrlText(text: string): string {
  return encodeBase64Url(new TextEncoder().encode(text));
}
