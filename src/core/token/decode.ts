// Decodes a compact JWS/JWE for display, without any key. The token is
// hostile input: every limit is applied before the work it bounds, nothing
// here throws, and everything a person should notice becomes a Finding.
// Verification must use `DecodedToken.token`, the exact text decoded here.

import { decodeBase64Url, inspectBase64Url } from '../text/base64url';
import type { Base64UrlShape } from '../text/base64url';
import { describeDeceptiveChar, firstDeceptiveChar, KIND_LONE_SURROGATE } from '../base/deceptiveChars';
import { findTokens, startsLikeHeader } from './findTokens';
import { inspectJson, suspiciousKindsOf, describeSuspiciousKinds, visibleText, MAX_RENDER_DEPTH } from '../text/json';
import type { JsonInspection } from '../text/json';
import type { CoreError, ErrorCode, Finding, Json, JsonObject } from '../base/types';

export type Payload =
  | { type: 'json'; text: string; value: Json }
  | { type: 'text'; text: string }
  | { type: 'binary'; hex: string; byteLength: number; truncated: boolean }
  | { type: 'unencoded'; text: string }
  | { type: 'detached' }
  | { type: 'omitted'; byteLength: number };

export interface DecodedToken {
  /** `unsecured` = alg none (any case). */
  kind: 'jws' | 'jwe' | 'unsecured';
  /** The exact compact text that was decoded (what verification must use). */
  token: string;
  segments: string[];
  header: JsonObject;
  headerText: string;
  alg?: string;
  enc?: string;
  kid?: string;
  typ?: string;
  cty?: string;
  /** JWS and unsecured tokens only. */
  payload?: Payload;
  /** Only when the payload is a JSON object (a JWT claims set) and not `b64:false`. */
  claims?: JsonObject;
  /** Decoded length of the signature (JWS) or authentication tag (JWE); 0 when empty or malformed. */
  signatureBytes: number;
  findings: Finding[];
}

export interface DecodeOptions {
  /** Longest token (in characters) that is decoded at all (default 1 MiB). */
  maxLength?: number;
  /** Larger payloads are summarised as `omitted` (default 256 KiB). */
  maxPayloadBytes?: number;
}

/** A decode error; `offset` (in the input as given) points at the offending character when there is one. */
export interface DecodeError extends CoreError {
  offset?: number;
}

export type DecodeResult = { ok: true; token: DecodedToken } | { ok: false; error: DecodeError };

export const DEFAULT_MAX_TOKEN_CHARS = 1024 * 1024;
export const DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;
/** JSON nested deeper than this is not rendered (and a header this deep is refused). */
export const MAX_JSON_DEPTH = MAX_RENDER_DEPTH;
const MAX_KID_CHARS = 256;
const MAX_HEX_BYTES = 4096;
/** Extensions whose meaning this decoder implements (RFC 7797). */
const UNDERSTOOD_JWS_CRIT = new Set(['b64']);
const REGISTERED_HEADER_NAMES = new Set([
  'alg', 'jku', 'jwk', 'kid', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'typ', 'cty', 'crit',
  'enc', 'zip', 'epk', 'apu', 'apv', 'iv', 'tag', 'p2s', 'p2c',
]);

const JWS_SEGMENT_NAMES = ['header', 'payload', 'signature'];
const JWE_SEGMENT_NAMES = ['header', 'encrypted key', 'initialization vector', 'ciphertext', 'authentication tag'];

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes a compact token for display: header, payload (JWS), findings.
 * Trims surrounding whitespace, one pair of surrounding quotes and a leading
 * `Bearer `; never removes anything inside the token. Never throws.
 */
export function decodeToken(input: string, options: DecodeOptions = {}): DecodeResult {
  try {
    return decode(input, options);
  } catch (err) {
    const what = err instanceof RangeError ? 'it is too large or too deeply nested to process' : 'of an unexpected problem';
    return fail('INTERNAL', `This token could not be decoded because ${what}. Try a shorter token or report this.`);
  }
}

function fail(code: ErrorCode, message: string, offset?: number): { ok: false; error: DecodeError } {
  return { ok: false, error: offset === undefined ? { code, message } : { code, message, offset } };
}

function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function isOuterSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0xfeff || code === 0x2028 || code === 0x2029;
}

/** [start, end) of the token inside `input` after removing surrounding whitespace, quotes and a `Bearer ` prefix. */
function locateToken(input: string): [number, number] {
  let start = 0;
  let end = input.length;
  const trim = (): void => {
    while (start < end && isOuterSpace(input.charCodeAt(start))) start++;
    while (end > start && isOuterSpace(input.charCodeAt(end - 1))) end--;
  };
  const unquote = (): void => {
    const q = input.charCodeAt(start);
    if (end - start >= 2 && (q === 0x22 || q === 0x27 || q === 0x60) && input.charCodeAt(end - 1) === q) {
      start++;
      end--;
      trim();
    }
  };
  trim();
  unquote();
  // "Bearer" on its own (nothing after it) leaves nothing to decode.
  if (end - start === 6 && input.slice(start, end).toLowerCase() === 'bearer') return [end, end];
  if (end - start > 7 && input.slice(start, start + 6).toLowerCase() === 'bearer') {
    if (isOuterSpace(input.charCodeAt(start + 6))) {
      start += 7;
      trim();
      unquote();
    }
  }
  return [start, end];
}

function kindBySegments(count: number): string {
  if (count === 3) return 'a JWS: 3 segments';
  if (count === 5) return 'a JWE: 5 segments';
  return count > 6 ? 'more than 6 segments, so not a JWS or JWE' : `${count} segment${count === 1 ? '' : 's'}, so not a JWS or JWE`;
}

function segmentCountMessage(count: number): string {
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

function segmentLabel(names: readonly string[], index: number): string {
  return `${names[index] ?? 'segment'} (segment ${index + 1})`;
}

/** Error for a segment that failed inspectBase64Url. */
function segmentError(shape: Base64UrlShape, segment: string, label: string, absoluteStart: number): { ok: false; error: DecodeError } {
  if (shape.badLength) {
    return fail(
      'BAD_BASE64URL',
      `The ${label} is not valid base64url: ${withThousands(segment.length)} characters is a length no data encodes to. A character is probably missing or extra.`,
    );
  }
  const at = shape.badOffset ?? 0;
  const code = segment.charCodeAt(at);
  const offset = absoluteStart + at;
  return fail(
    'BAD_CHARACTERS',
    `The ${label} contains ${describeCharAt(segment, at)} at offset ${offset}. ${badCharacterAdvice(code)}`,
    offset,
  );
}

/** The tail of a "header is not JSON" message: points at stray text before the token when that is likely. */
function notAJwtHint(headerSegment: string): string {
  if (!startsLikeHeader(headerSegment)) {
    const at = headerSegment.indexOf('eyJ');
    const extra = at > 0 ? ` Here it starts with ${JSON.stringify(visibleText(headerSegment.slice(0, Math.min(at, 20)), 24))} before "eyJ": remove that.` : '';
    return `A token's header starts with "eyJ" (base64url of '{"'), or with "eyA" or "ew" when whitespace follows the '{'.${extra}`;
  }
  return 'The token is corrupted or not a JWT.';
}

function own(obj: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

function toHex(bytes: Uint8Array, max: number): string {
  const count = Math.min(bytes.length, max);
  const parts = new Array<string>(count);
  for (let k = 0; k < count; k++) parts[k] = (bytes[k] as number).toString(16).padStart(2, '0');
  return parts.join('');
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** A short, safe rendering of a primitive JSON value for messages. */
function shortValue(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return JSON.stringify(visibleText(value, 60));
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return undefined;
}

/** Findings that come from inspecting JSON text (header or payload). */
function jsonFindings(where: 'header' | 'payload', inspection: JsonInspection, parsed: Json, out: Finding[]): void {
  const part = where === 'header' ? 'header' : 'payload';
  for (const path of inspection.duplicates) {
    let effective = '';
    const top = /^\/([^/]*)$/.exec(path);
    if (top && parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const key = (top[1] as string).replace(/~1/g, '/').replace(/~0/g, '~');
      const shown = shortValue(own(parsed, key));
      if (shown !== undefined) effective = ` (${shown})`;
    }
    out.push({
      code: 'DUPLICATE_KEY',
      severity: 'warning',
      where,
      message: `The ${part} has the member ${path} more than once. JSON.parse and jose use the last value${effective}; a server with another JSON parser may use the first, so the two can disagree about this token.`,
    });
  }
  if (inspection.maxDepth > MAX_JSON_DEPTH) {
    out.push({
      code: 'DEEP_JSON',
      severity: 'warning',
      where,
      message: `The ${part} JSON is nested ${withThousands(inspection.maxDepth)} levels deep; only the first ${MAX_JSON_DEPTH} levels are shown. Deep nesting like this is typical of attempts to crash parsers.`,
    });
  }
  for (const raw of inspection.unsafeIntegers) {
    const asJs = String(Number(raw));
    out.push({
      code: 'UNSAFE_INTEGER',
      severity: 'warning',
      where,
      message: `The number ${visibleText(raw, 40)} in the ${part} cannot be held exactly by JavaScript (it reads as ${asJs}). It is shown as written; code that reads it gets a different value.`,
    });
  }
  for (const path of inspection.protoKeys) {
    out.push({
      code: 'PROTO_KEY',
      severity: 'warning',
      where,
      message: `The ${part} has a member ${path}. It is kept as plain data here, but code that merges claims into objects (Object.assign, deep merge) can change object prototypes with it.`,
    });
  }
  if (inspection.suspicious.length > 0) {
    const paths = inspection.suspicious.slice(0, 5).join(', ') + (inspection.suspicious.length > 5 ? ', …' : '');
    out.push({
      code: 'SUSPICIOUS_TEXT',
      severity: 'warning',
      where,
      message: `The ${part} has text with ${inspection.suspiciousKinds.join(', ')} (at ${paths}). They are shown as \\uXXXX escapes: such text can display differently from what it contains.`,
    });
  }
}

/** Decodes bytes as strict UTF-8 (BOM kept, so callers see it). */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8Fatal.decode(bytes);
  } catch {
    return undefined;
  }
}

function decode(input: string, options: DecodeOptions): DecodeResult {
  if (typeof input !== 'string') return fail('EMPTY', 'Nothing to decode: no token text was given.');
  const maxLength = positiveOr(options.maxLength, DEFAULT_MAX_TOKEN_CHARS);
  const maxPayloadBytes = positiveOr(options.maxPayloadBytes, DEFAULT_MAX_PAYLOAD_BYTES);

  const [base, stop] = locateToken(input);
  if (stop <= base) return fail('EMPTY', 'Nothing to decode: the text is empty. Select or paste a token (it starts with "eyJ").');
  const length = stop - base;
  if (length > maxLength) {
    const count = countSegmentsIn(input, base, stop, 6);
    return fail(
      'TOO_LARGE',
      `This token is ${withThousands(length)} characters long (${kindBySegments(count)}); the limit here is ${withThousands(maxLength)}. It was not decoded, to keep the editor responsive. If you trust where it came from, decode it with a command that allows larger tokens.`,
    );
  }
  const token = input.slice(base, stop);
  if (token.charCodeAt(0) === 0x7b || token.charCodeAt(0) === 0x5b) {
    return fail(
      'NOT_COMPACT',
      'This is JSON, not a compact token. JSON-serialized JWS/JWE ("protected", "payload", "signature" members) are not decoded here, because tokens embedded in them can disagree with the signed content. Select the compact token itself (header.payload.signature).',
    );
  }

  const segments = token.split('.');
  const count = segments.length;
  if (count !== 3 && count !== 5) return fail('BAD_SEGMENT_COUNT', segmentCountMessage(count));
  const names = count === 3 ? JWS_SEGMENT_NAMES : JWE_SEGMENT_NAMES;
  const segmentStart: number[] = [];
  {
    let at = base;
    for (const seg of segments) {
      segmentStart.push(at);
      at += seg.length + 1;
    }
  }

  const findings: Finding[] = [];
  const nonCanonical: string[] = [];
  const noteShape = (shape: Base64UrlShape, index: number): void => {
    if (shape.padded || shape.nonZeroTrailingBits) {
      const why = shape.padded ? "'=' padding" : 'non-zero unused bits in its last character';
      nonCanonical.push(`the ${segmentLabel(names, index)} has ${why}`);
    }
  };

  // --- Header -------------------------------------------------------------
  const headerSegment = segments[0] as string;
  const headerLabel = segmentLabel(names, 0);
  if (headerSegment.length === 0) {
    return fail('HEADER_NOT_JSON', `The ${headerLabel} is empty. Every token starts with a base64url-encoded JSON header (it begins with "eyJ").`);
  }
  const headerShape = inspectBase64Url(headerSegment);
  if (!headerShape.valid) return segmentError(headerShape, headerSegment, headerLabel, segmentStart[0] as number);
  noteShape(headerShape, 0);
  const headerDecoded = decodeBase64Url(headerSegment);
  if (!headerDecoded.ok) return segmentError(headerShape, headerSegment, headerLabel, segmentStart[0] as number);
  let headerBytes = headerDecoded.bytes;
  if (hasBom(headerBytes)) {
    findings.push({
      code: 'BOM',
      severity: 'warning',
      where: 'header',
      message: 'The header starts with a UTF-8 byte order mark. jose skips it, other parsers reject the token: a parser differential worth knowing about.',
    });
    headerBytes = headerBytes.subarray(3);
  }
  const headerText = decodeUtf8(headerBytes);
  if (headerText === undefined) {
    return fail('BAD_UTF8', `The ${headerLabel} decodes to bytes that are not valid UTF-8 text, so it cannot be a JSON header. ${notAJwtHint(headerSegment)}`);
  }
  const headerInspection = inspectJson(headerText, { maxReports: 20 });
  if (!headerInspection.valid) {
    const err = headerInspection.error;
    return fail(
      'HEADER_NOT_JSON',
      `The ${headerLabel} is not valid JSON${err ? ` (${err.message} at character ${err.offset + 1})` : ''}. It reads: ${JSON.stringify(visibleText(headerText, 80))}. ${notAJwtHint(headerSegment)}`,
    );
  }
  if (headerInspection.maxDepth > MAX_JSON_DEPTH) {
    return fail('HEADER_TOO_DEEP', `The ${headerLabel} JSON is nested ${withThousands(headerInspection.maxDepth)} levels deep. Real headers are flat; this token is built to strain parsers and is not decoded further.`);
  }
  const headerValue = JSON.parse(headerText) as Json;
  if (headerValue === null || typeof headerValue !== 'object' || Array.isArray(headerValue)) {
    return fail('HEADER_NOT_OBJECT', `The ${headerLabel} is JSON but ${jsonTypeName(headerValue)}, not an object. A JOSE header is always a JSON object like {"alg":"HS256"}.`);
  }
  const header = headerValue;
  jsonFindings('header', headerInspection, header, findings);

  const stringMember = (key: string): string | undefined => {
    const v = own(header, key);
    return typeof v === 'string' ? v : undefined;
  };
  const alg = stringMember('alg');
  const enc = stringMember('enc');
  const kid = stringMember('kid');
  const typ = stringMember('typ');
  const cty = stringMember('cty');
  const isJwe = count === 5;
  const isNone = alg !== undefined && alg.toLowerCase() === 'none';
  const kind: DecodedToken['kind'] = isJwe ? 'jwe' : isNone ? 'unsecured' : 'jws';

  // --- Header findings ------------------------------------------------------
  const lastSegment = segments[count - 1] as string;
  if (isNone) {
    let message = 'UNSIGNED (alg: none): this token has no signature, so anyone could have written it. Never accept it as proof of anything.';
    if (alg !== 'none') message += ` The alg is spelled ${JSON.stringify(alg)}: case variants like this are used to slip past filters that only block "none".`;
    if (!isJwe && lastSegment.length > 0) message += ' It still carries a signature segment, which proves nothing with alg none.';
    findings.push({ code: 'ALG_NONE', severity: 'error', where: 'header', message });
  }
  if (!isJwe && !isNone && lastSegment.length === 0) {
    findings.push({
      code: 'NO_SIGNATURE',
      severity: 'error',
      where: 'signature',
      message: 'No signature: the third segment is empty (the signature was stripped or never made). This token cannot be verified and must not be trusted.',
    });
  }
  const algValue = own(header, 'alg');
  if (alg === undefined || alg === '') {
    const detail = algValue === undefined ? 'has no alg' : alg === '' ? 'has an empty alg' : `has an alg that is ${jsonTypeName(algValue)}, not a string`;
    findings.push({
      code: 'ALG_MISSING',
      severity: 'error',
      where: 'header',
      message: `The header ${detail}. No verifier can check this token (jose rejects it); it is effectively unsigned.`,
    });
  }
  if (isJwe && enc === undefined) {
    findings.push({
      code: 'ENC_MISSING',
      severity: 'error',
      where: 'header',
      message: 'This token has 5 segments (a JWE) but its header has no enc (content encryption algorithm). It cannot be decrypted; it is corrupted or not a JWE.',
    });
  }

  // crit (RFC 7515 s4.1.11): a verifier must reject extensions it does not understand.
  const crit = own(header, 'crit');
  const critNames: string[] = [];
  if (crit !== undefined) {
    if (!Array.isArray(crit) || crit.length === 0 || crit.some((c) => typeof c !== 'string')) {
      findings.push({
        code: 'CRIT',
        severity: 'error',
        where: 'header',
        message: `The header's crit is ${Array.isArray(crit) ? (crit.length === 0 ? 'an empty array' : 'an array with non-string entries') : jsonTypeName(crit)}; it must be a non-empty array of extension names. Verifiers (jose included) reject this token.`,
      });
    } else {
      for (const c of crit) critNames.push(c as string);
      const understood = isJwe ? new Set<string>() : UNDERSTOOD_JWS_CRIT;
      const unknown = [...new Set(critNames.filter((c) => !understood.has(c)))];
      if (unknown.length > 0) {
        const list = unknown.slice(0, 5).map((c) => JSON.stringify(visibleText(c, 40))).join(', ') + (unknown.length > 5 ? ', …' : '');
        const registered = unknown.filter((c) => REGISTERED_HEADER_NAMES.has(c));
        findings.push({
          code: 'CRIT',
          severity: 'error',
          where: 'header',
          message: `Critical extension${unknown.length === 1 ? '' : 's'} not understood: ${list}. A verifier must reject a token whose crit names an extension it does not implement${registered.length ? '; crit must not list standard header names at all' : ''}. Do not make it verify by declaring the extension understood.`,
        });
      }
      if (new Set(critNames).size !== critNames.length) {
        findings.push({
          code: 'CRIT',
          severity: 'warning',
          where: 'header',
          message: 'The header\'s crit lists the same name more than once. jose accepts this when verifying; stricter libraries reject it.',
        });
      }
      const absent = critNames.filter((c) => !Object.hasOwn(header, c));
      if (absent.length > 0) {
        findings.push({
          code: 'CRIT',
          severity: 'error',
          where: 'header',
          message: `crit names ${absent.slice(0, 5).map((c) => JSON.stringify(visibleText(c, 40))).join(', ')}, but the header has no such member. Verifiers reject this token.`,
        });
      }
    }
  }

  // b64 (RFC 7797): only meaningful when crit lists it.
  const b64 = own(header, 'b64');
  const critHasB64 = critNames.includes('b64');
  const unencoded = !isJwe && b64 === false && critHasB64;
  if (b64 !== undefined && !isJwe) {
    if (!critHasB64) {
      findings.push({
        code: 'B64_WITHOUT_CRIT',
        severity: 'warning',
        where: 'header',
        message:
          b64 === false
            ? 'The header has "b64": false but crit does not list "b64". Compliant verifiers ignore b64 here and read the payload as base64url, while others treat it as raw text: they disagree on what was signed. The payload is decoded as base64url, as jose does.'
            : `The header has "b64": ${shortValue(b64) ?? jsonTypeName(b64)} without listing it in crit, so compliant verifiers ignore it.`,
      });
    } else if (typeof b64 !== 'boolean') {
      findings.push({
        code: 'CRIT',
        severity: 'error',
        where: 'header',
        message: `The header's b64 is ${jsonTypeName(b64)}; RFC 7797 requires true or false. Verifiers reject this token.`,
      });
    }
  }
  if (unencoded) {
    findings.push({
      code: 'B64_FALSE',
      severity: 'warning',
      where: 'payload',
      message: 'Unencoded payload ("b64": false, RFC 7797): the middle segment is the payload itself, shown as raw text. It is not a JWT claims set; JWT libraries refuse such tokens.',
    });
  }

  if (own(header, 'jwk') !== undefined) {
    findings.push({
      code: 'EMBEDDED_JWK',
      severity: 'warning',
      where: 'header',
      message: 'The header carries its own key (jwk). Anyone can put a key there, so it is never used to verify: a token that checks out against its own key proves nothing. Verify with a key from your key ring.',
    });
  }
  for (const member of ['jku', 'x5u']) {
    const url = own(header, member);
    if (url === undefined) continue;
    const shown = typeof url === 'string' ? JSON.stringify(visibleText(url, 200)) : jsonTypeName(url);
    findings.push({
      code: 'KEY_URL',
      severity: 'warning',
      where: 'header',
      message: `The header's ${member} points at ${shown}. It is shown as text only and never fetched (fetching token-supplied URLs is a known attack); keys come only from your key ring.`,
    });
  }
  if (own(header, 'x5c') !== undefined) {
    findings.push({
      code: 'X5C',
      severity: 'warning',
      where: 'header',
      message: 'The header carries a certificate chain (x5c). It is untrusted: it is not validated and never used as a verification key.',
    });
  }
  if (!isJwe && own(header, 'zip') !== undefined) {
    findings.push({
      code: 'ZIP_IN_JWS',
      severity: 'warning',
      where: 'header',
      message: 'The header has zip, which only applies to JWE. It is ignored: the payload is never decompressed.',
    });
  }
  if (kid !== undefined && kid.length > MAX_KID_CHARS) {
    findings.push({
      code: 'LONG_KID',
      severity: 'warning',
      where: 'header',
      message: `The kid is ${withThousands(kid.length)} characters long; it is shown cut to ${MAX_KID_CHARS}. A kid is only a label for looking up a key; overlong ones are used to probe lookups and logs.`,
    });
  }
  if (cty !== undefined && cty.toUpperCase() === 'JWT') {
    findings.push({
      code: 'NESTED_JWT',
      severity: 'info',
      where: 'header',
      message: isJwe
        ? 'cty is JWT: the encrypted content is itself a token. Decrypting proves nothing about who signed the inner token; verify it separately.'
        : 'cty is JWT: the payload is itself a token. Decode and verify it separately; this signature covers it only as opaque content.',
    });
  }

  // --- Other segments ---------------------------------------------------------
  let payload: Payload | undefined;
  let claims: JsonObject | undefined;
  let signatureBytes = 0;

  if (isJwe) {
    for (let k = 1; k < 5; k++) {
      const seg = segments[k] as string;
      const shape = inspectBase64Url(seg);
      if (!shape.valid && !shape.badLength) return segmentError(shape, seg, segmentLabel(names, k), segmentStart[k] as number);
      if (shape.badLength) {
        findings.push({
          code: 'MALFORMED_SEGMENT',
          severity: 'error',
          where: 'token',
          message: `The ${segmentLabel(names, k)} is not valid base64url (its length is impossible), so this JWE cannot be decrypted.`,
        });
        continue;
      }
      noteShape(shape, k);
      if (k === 4) signatureBytes = shape.byteLength;
    }
  } else {
    // Payload
    const payloadSegment = segments[1] as string;
    const payloadLabel = segmentLabel(names, 1);
    if (payloadSegment.length === 0) {
      payload = { type: 'detached' };
    } else if (unencoded) {
      payload = { type: 'unencoded', text: payloadSegment };
      const kinds = suspiciousKindsOf(payloadSegment);
      if (kinds) {
        findings.push({
          code: 'SUSPICIOUS_TEXT',
          severity: 'warning',
          where: 'payload',
          message: `The unencoded payload contains ${describeSuspiciousKinds(kinds).join(', ')}; they are shown as \\uXXXX escapes.`,
        });
      }
    } else {
      const shape = inspectBase64Url(payloadSegment);
      if (!shape.valid) return segmentError(shape, payloadSegment, payloadLabel, segmentStart[1] as number);
      noteShape(shape, 1);
      if (shape.byteLength > maxPayloadBytes) {
        payload = { type: 'omitted', byteLength: shape.byteLength };
        findings.push({
          code: 'OVERSIZE',
          severity: 'info',
          where: 'payload',
          message: `The payload is ${withThousands(shape.byteLength)} bytes, over the ${withThousands(maxPayloadBytes)}-byte display limit here, so it is summarised instead of shown.`,
        });
      } else {
        payload = decodePayload(payloadSegment, findings);
        if (payload.type === 'json' && payload.value !== null && typeof payload.value === 'object' && !Array.isArray(payload.value)) {
          claims = payload.value;
        }
      }
    }

    // Signature: only its shape matters for display.
    const sigSegment = segments[2] as string;
    const sigShape = inspectBase64Url(sigSegment);
    if (!sigShape.valid && !sigShape.badLength) return segmentError(sigShape, sigSegment, segmentLabel(names, 2), segmentStart[2] as number);
    if (sigShape.badLength) {
      findings.push({
        code: 'MALFORMED_SEGMENT',
        severity: 'error',
        where: 'signature',
        message: `The ${segmentLabel(names, 2)} is not valid base64url (${withThousands(sigSegment.length)} characters is an impossible length), so this token can never verify.`,
      });
    } else {
      noteShape(sigShape, 2);
      signatureBytes = sigShape.byteLength;
    }
  }

  if (nonCanonical.length > 0) {
    findings.push({
      code: 'NON_CANONICAL_BASE64URL',
      severity: 'info',
      where: 'token',
      message: `Non-canonical base64url: ${nonCanonical.join('; ')}. Decoders accept it as the same bytes, so several different strings are "the same" token; never use the token text as an identity.`,
    });
  }

  const decoded: DecodedToken = { kind, token, segments, header, headerText, signatureBytes, findings: sortFindings(findings) };
  if (alg !== undefined) decoded.alg = alg;
  if (enc !== undefined) decoded.enc = enc;
  if (kid !== undefined) decoded.kid = kid;
  if (typ !== undefined) decoded.typ = typ;
  if (cty !== undefined) decoded.cty = cty;
  if (payload !== undefined) decoded.payload = payload;
  if (claims !== undefined) decoded.claims = claims;
  return { ok: true, token: decoded };
}

function countSegmentsIn(input: string, start: number, stop: number, stopAfter: number): number {
  let count = 1;
  let at = input.indexOf('.', start);
  while (at >= 0 && at < stop && count <= stopAfter) {
    count++;
    at = input.indexOf('.', at + 1);
  }
  return count;
}

function positiveOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && value > 0 && !Number.isNaN(value) ? value : fallback;
}

const SEVERITY_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}

/** Decodes a base64url payload segment (already checked) into the right Payload variant. */
function decodePayload(segment: string, findings: Finding[]): Payload {
  const decoded = decodeBase64Url(segment);
  if (!decoded.ok) return { type: 'binary', hex: '', byteLength: 0, truncated: false };
  let bytes = decoded.bytes;
  if (hasBom(bytes)) {
    findings.push({
      code: 'BOM',
      severity: 'warning',
      where: 'payload',
      message: 'The payload starts with a UTF-8 byte order mark. jose skips it and accepts the token, other parsers reject it: a parser differential. It is skipped here too, as jose does.',
    });
    bytes = bytes.subarray(3);
  }
  const text = decodeUtf8(bytes);
  if (text === undefined) {
    findings.push({
      code: 'PAYLOAD_NOT_CLAIMS',
      severity: 'warning',
      where: 'payload',
      message: 'The payload is not valid UTF-8 text, so it is shown as hex. It is not a JWT claims set (jose rejects it as a JWT).',
    });
    return { type: 'binary', hex: toHex(bytes, MAX_HEX_BYTES), byteLength: bytes.length, truncated: bytes.length > MAX_HEX_BYTES };
  }
  const inspection = inspectJson(text, { maxReports: 20 });
  if (!inspection.valid) {
    findings.push({
      code: 'PAYLOAD_NOT_CLAIMS',
      severity: 'info',
      where: 'payload',
      message: 'The payload is text, not JSON, so it is not a JWT claims set. This is normal for some JWS uses; a JWT library would reject it.',
    });
    const kinds = suspiciousKindsOf(text);
    if (kinds) {
      findings.push({
        code: 'SUSPICIOUS_TEXT',
        severity: 'warning',
        where: 'payload',
        message: `The payload text contains ${describeSuspiciousKinds(kinds).join(', ')}; they are shown as \\uXXXX escapes.`,
      });
    }
    if (looksLikeCompactToken(text)) {
      findings.push({
        code: 'NESTED_JWT',
        severity: 'info',
        where: 'payload',
        message: 'The payload is itself a compact token. Decode and verify it separately; this signature covers it only as opaque content.',
      });
    }
    return { type: 'text', text };
  }
  const value = JSON.parse(text) as Json;
  jsonFindings('payload', inspection, value, findings);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    findings.push({
      code: 'PAYLOAD_NOT_CLAIMS',
      severity: 'info',
      where: 'payload',
      message: `The payload is JSON but ${jsonTypeName(value)}, not an object, so it is not a JWT claims set. A JWT library would reject it; a plain JWS verifier accepts it.`,
    });
  }
  return { type: 'json', text, value };
}

function looksLikeCompactToken(text: string): boolean {
  const trimmed = text.trim();
  if (!startsLikeHeader(trimmed) || trimmed.length > DEFAULT_MAX_TOKEN_CHARS) return false;
  const found = findTokens(trimmed, 0, trimmed.length, { maxTokens: 1 });
  return found.length === 1 && found[0]?.start === 0 && found[0].end === trimmed.length;
}
