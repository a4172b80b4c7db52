// src/core/token/: compact JWS/JWE as text, with no key: finding tokens in
// files (findTokens.ts, headerVerdict.ts, lineScan.ts), decoding one for
// display (this file is the entry: findings.ts, decodeErrors.ts,
// decodePayload.ts), reading its parts for routing (compactParts.ts), time
// claims (times.ts), and what the editor shows about it (decodedText.ts,
// insights.ts for hints and diagnostics, hoverBlocks.ts). Imports base/ and
// text/; jose/ and keys/ build on it.
//
// Decodes a compact JWS/JWE for display, without any key. The token is
// hostile input: every limit is applied before the work it bounds, nothing
// here throws, and everything a person should notice becomes a Finding.
// Verification must use `DecodedToken.token`, the exact text decoded here.
//
// This file is the decode pipeline (locate, split, header, payload,
// signature); the findings rules are a table in findings.ts, the errors in
// decodeErrors.ts, the payload variants in decodePayload.ts.

import { fail } from '../base/result';
import type { Finding, Json, JsonObject } from '../base/types';
import { decodeBase64Url, inspectBase64Url } from '../text/base64url';
import type { Base64UrlShape } from '../text/base64url';
import { describeSuspiciousKinds, inspectJson, suspiciousKindsOf, visibleText } from '../text/json';
import { withThousands } from '../text/numberText';
import { isOuterSpace, kindBySegments, notAJwtHint, segmentCountMessage, segmentError, segmentLabel } from './decodeErrors';
import type { DecodeError } from './decodeErrors';
import { decodePayload, decodeUtf8, skipBom } from './decodePayload';
import type { Payload } from './decodePayload';
import { headerFacts, headerFindings, jsonFindings, jsonTypeName, MAX_JSON_DEPTH, sortFindings } from './findings';
import { decodeSdJwt } from './sdJwt';
import type { DecodedSdJwt } from './sdJwt';

export type { DecodeError } from './decodeErrors';
export type { Payload } from './decodePayload';
export type { DecodedSdJwt, SdJwtDisclosure, SdJwtKeyBinding } from './sdJwt';
export { MAX_JSON_DEPTH } from './findings';

export interface DecodedToken {
  /** `unsecured` = alg none (any case). */
  kind: 'jws' | 'jwe' | 'unsecured';
  /** The exact compact text that was decoded (what verification must use); for an SD-JWT, the whole presentation. */
  token: string;
  /** The segments of the JWS / JWE (of an SD-JWT's issuer-signed JWT). */
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
  /** Only when the payload is a JSON object (a JWT claims set) and not `b64:false`; for an SD-JWT, the processed claims (disclosures placed). */
  claims?: JsonObject;
  /** Decoded length of the signature (JWS) or authentication tag (JWE); 0 when empty or malformed. */
  signatureBytes: number;
  findings: Finding[];
  /** An SD-JWT (RFC 9901): the header, payload and signature above are its issuer-signed JWT's. */
  sdJwt?: DecodedSdJwt;
}

export interface DecodeOptions {
  /** Longest token (in characters) that is decoded at all (default 1 MiB). */
  maxLength?: number;
  /** Larger payloads are summarised as `omitted` (default 256 KiB). */
  maxPayloadBytes?: number;
}

export type DecodeResult = { ok: true; token: DecodedToken } | { ok: false; error: DecodeError };

export const DEFAULT_MAX_TOKEN_CHARS = 1024 * 1024;
export const DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

const JWS_SEGMENT_NAMES = ['header', 'payload', 'signature'];
const JWE_SEGMENT_NAMES = ['header', 'encrypted key', 'initialization vector', 'ciphertext', 'authentication tag'];

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

  // An SD-JWT: the issuer-signed JWT and its key-binding JWT are decoded like any token.
  if (token.includes('~')) return decodeSdJwt(token, base, (jwt, at) => decodeCompact(jwt, at, maxPayloadBytes));
  return decodeCompact(token, base, maxPayloadBytes);
}

/** Decodes one compact JWS / JWE, `token`, which starts at `base` of the input (for error offsets). */
function decodeCompact(token: string, base: number, maxPayloadBytes: number): DecodeResult {
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
  const headerBytes = skipBom(
    headerDecoded.bytes,
    'header',
    'The header starts with a UTF-8 byte order mark. jose skips it, other parsers reject the token: a parser differential worth knowing about.',
    findings,
  );
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

  const isJwe = count === 5;
  const facts = headerFacts(header, isJwe, segments[count - 1] as string);
  const { alg, enc, kid, typ, cty, isNone, unencoded } = facts;
  const kind: DecodedToken['kind'] = isJwe ? 'jwe' : isNone ? 'unsecured' : 'jws';
  headerFindings(facts, findings);
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
        payload = decodePayload(payloadSegment, findings, DEFAULT_MAX_TOKEN_CHARS);
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
