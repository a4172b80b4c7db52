// The payload of a JWS, decoded for display: JSON (with its findings), text,
// or bytes shown as hex; a byte order mark is skipped as jose does, and a
// payload that is itself a compact token is said to be one.

import type { Finding, Json } from '../base/types';
import { decodeBase64Url } from '../text/base64url';
import { describeSuspiciousKinds, inspectJson, suspiciousKindsOf } from '../text/json';
import { jsonFindings, jsonTypeName } from './findings';
import { findTokens, startsLikeHeader } from './findTokens';

export type Payload =
  | { type: 'json'; text: string; value: Json }
  | { type: 'text'; text: string }
  | { type: 'binary'; hex: string; byteLength: number; truncated: boolean }
  | { type: 'unencoded'; text: string }
  | { type: 'detached' }
  | { type: 'omitted'; byteLength: number };

const MAX_HEX_BYTES = 4096;
const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function toHex(bytes: Uint8Array, max: number): string {
  const count = Math.min(bytes.length, max);
  const parts = new Array<string>(count);
  for (let k = 0; k < count; k++) parts[k] = (bytes[k] as number).toString(16).padStart(2, '0');
  return parts.join('');
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** `bytes` without a leading UTF-8 byte order mark (as jose reads them), with a BOM finding when there was one. */
export function skipBom(bytes: Uint8Array, where: 'header' | 'payload', message: string, findings: Finding[]): Uint8Array {
  if (!hasBom(bytes)) return bytes;
  findings.push({ code: 'BOM', severity: 'warning', where, message });
  return bytes.subarray(3);
}

/** Decodes bytes as strict UTF-8 (BOM kept, so callers see it). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8Fatal.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Decodes a base64url payload segment (already checked) into the right Payload
 * variant. A text payload up to `maxTokenChars` long is looked at as a token.
 */
export function decodePayload(segment: string, findings: Finding[], maxTokenChars: number): Payload {
  const decoded = decodeBase64Url(segment);
  if (!decoded.ok) return { type: 'binary', hex: '', byteLength: 0, truncated: false };
  const bytes = skipBom(
    decoded.bytes,
    'payload',
    'The payload starts with a UTF-8 byte order mark. jose skips it and accepts the token, other parsers reject it: a parser differential. It is skipped here too, as jose does.',
    findings,
  );
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
    if (looksLikeCompactToken(text, maxTokenChars)) {
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

function looksLikeCompactToken(text: string, maxTokenChars: number): boolean {
  const trimmed = text.trim();
  if (!startsLikeHeader(trimmed) || trimmed.length > maxTokenChars) return false;
  const found = findTokens(trimmed, 0, trimmed.length, { maxTokens: 1 });
  return found.length === 1 && found[0]?.start === 0 && found[0].end === trimmed.length;
}
