// The errors decodeToken returns, each saying what is wrong and what to do:
// segment counts, characters that cannot be in a segment (named, when they
// do not show on screen), impossible lengths, and text that is not a header.

import { describeDeceptiveChar, firstDeceptiveChar, KIND_LONE_SURROGATE } from '../base/deceptiveChars';
import { fail } from '../base/result';
import type { CoreError, ErrorCode } from '../base/types';
import type { Base64UrlShape } from '../text/base64url';
import { visibleText } from '../text/json';
import { withThousands } from '../text/numberText';
import { startsLikeHeader } from './findTokens';

/** A decode error; `offset` (in the input as given) points at the offending character when there is one. */
export interface DecodeError extends CoreError {
  offset?: number;
}

/** A failure that points at the offending character. */
function failAt(code: ErrorCode, message: string, offset: number): { ok: false; error: DecodeError } {
  return { ok: false, error: { code, message, offset } };
}

/** Whitespace removed around a pasted token (never inside it). */
export function isOuterSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0xfeff || code === 0x2028 || code === 0x2029;
}

export function kindBySegments(count: number): string {
  if (count === 3) return 'a JWS: 3 segments';
  if (count === 5) return 'a JWE: 5 segments';
  return count > 6 ? 'more than 6 segments, so not a JWS or JWE' : `${count} segment${count === 1 ? '' : 's'}, so not a JWS or JWE`;
}

export function segmentCountMessage(count: number): string {
  const expected = 'A JWS has 3 segments (header.payload.signature) and a JWE has 5 (header.key.iv.ciphertext.tag).';
  if (count === 1) return `This is not a compact token: it has no dots. ${expected}`;
  if (count === 2) {
    return `Found 2 segments separated by dots. ${expected} If the signature was removed, the token still ends in '.' (unsigned tokens look like header.payload.).`;
  }
  if (count === 4) {
    return `Found 4 segments separated by dots. ${expected} Something was appended to a JWS, or a JWE lost a part; check where the token was copied from.`;
  }
  return `Found ${count} segments separated by dots. ${expected} Check that only one token was selected.`;
}

function describeChar(code: number): string {
  switch (code) {
    case 0x20: return 'a space';
    case 0x09: return 'a tab';
    case 0x0a: return 'a line break';
    case 0x0d: return 'a carriage return';
    case 0x2b: return "'+' (standard base64)";
    case 0x2f: return "'/' (standard base64)";
    case 0x3d: return "'=' (padding in the middle of a segment)";
    default:
      if (code > 0x20 && code < 0x7f) return `'${String.fromCharCode(code)}'`;
      return `the character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
}

/** Like describeChar, but names characters of the deceptive table (a zero-width space pasted into a token is invisible). */
function describeCharAt(segment: string, at: number): string {
  const code = segment.charCodeAt(at);
  if (code >= 0x7f) {
    const hidden = firstDeceptiveChar(segment.slice(at, at + 2));
    if (hidden && hidden.index === 0 && hidden.kind !== KIND_LONE_SURROGATE && !isOuterSpace(code)) return `${describeDeceptiveChar(hidden)}, which does not show on screen,`;
  }
  return describeChar(code);
}

function badCharacterAdvice(code: number): string {
  if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || isOuterSpace(code)) {
    return 'Tokens never contain whitespace; it usually comes from line wrapping or copying. Remove it and decode again (it is not removed automatically, because a verifier would check different bytes).';
  }
  if (code === 0x2b || code === 0x2f) {
    return "This looks like standard base64; JWTs use base64url ('-' instead of '+', '_' instead of '/').";
  }
  return "Only A–Z, a–z, 0–9, '-' and '_' can appear in a segment; check where the token was copied from.";
}

export function segmentLabel(names: readonly string[], index: number): string {
  return `${names[index] ?? 'segment'} (segment ${index + 1})`;
}

/** Error for a segment that failed inspectBase64Url. */
export function segmentError(shape: Base64UrlShape, segment: string, label: string, absoluteStart: number): { ok: false; error: DecodeError } {
  if (shape.badLength) {
    return fail(
      'BAD_BASE64URL',
      `The ${label} is not valid base64url: ${withThousands(segment.length)} characters is a length no data encodes to. A character is probably missing or extra.`,
    );
  }
  const at = shape.badOffset ?? 0;
  const code = segment.charCodeAt(at);
  const offset = absoluteStart + at;
  return failAt(
    'BAD_CHARACTERS',
    `The ${label} contains ${describeCharAt(segment, at)} at offset ${offset}. ${badCharacterAdvice(code)}`,
    offset,
  );
}

/** The tail of a "header is not JSON" message: points at stray text before the token when that is likely. */
export function notAJwtHint(headerSegment: string): string {
  if (!startsLikeHeader(headerSegment)) {
    const at = headerSegment.indexOf('eyJ');
    const extra = at > 0 ? ` Here it starts with ${JSON.stringify(visibleText(headerSegment.slice(0, Math.min(at, 20)), 24))} before "eyJ": remove that.` : '';
    return `A token's header starts with "eyJ" (base64url of '{"'), or with "eyA" or "ew" when whitespace follows the '{'.${extra}`;
  }
  return 'The token is corrupted or not a JWT.';
}
