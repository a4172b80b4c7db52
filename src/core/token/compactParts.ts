// Reading just enough of a compact JWS / JWE to route it (which algorithm,
// which kid, is it nested?) before handing the exact same string to jose.
// Token text is hostile: nothing from it reaches a message unless it passes
// `safeLabel`.

import { decodeBase64Url } from '../text/base64url';
import type { ErrorCode, JsonObject } from '../base/types';

const SEGMENT = /^[A-Za-z0-9_-]*$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Strict base64url (no padding, no whitespace), as RFC 7515 prescribes for compact segments. */
export function decodeSegment(segment: string): Uint8Array | undefined {
  if (!SEGMENT.test(segment)) return undefined;
  const decoded = decodeBase64Url(segment);
  return decoded.ok ? decoded.bytes : undefined;
}

export function isBase64urlSegment(segment: string): boolean {
  return SEGMENT.test(segment);
}

export function utf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

export type HeaderParse = { ok: true; header: JsonObject } | { ok: false; problem: string; code: ErrorCode };

/** A protected header segment → its JSON object. */
export function parseHeaderSegment(segment: string): HeaderParse {
  const bytes = decodeSegment(segment);
  if (!bytes) return { ok: false, problem: 'the header is not base64url', code: 'BAD_BASE64URL' };
  const text = utf8(bytes);
  if (text === undefined) return { ok: false, problem: 'the header is not UTF-8', code: 'BAD_UTF8' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'the header is not JSON', code: 'HEADER_NOT_JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: 'the header is not a JSON object', code: 'HEADER_NOT_OBJECT' };
  }
  return { ok: true, header: value as JsonObject };
}

/** Own member of a parsed header or payload; never walks the prototype chain. */
export function member(obj: JsonObject, name: string): JsonObject[string] | undefined {
  return Object.hasOwn(obj, name) ? obj[name] : undefined;
}

const SAFE_LABEL = /^[A-Za-z0-9._:@+=-]{1,64}$/;

/**
 * A token-supplied string (kid, alg, crit name) fit to quote in a message:
 * only plain characters, at most 64. Anything else is left out, so markdown,
 * command links, bidi overrides and control characters never reach the UI.
 */
export function safeLabel(value: unknown): string | undefined {
  return typeof value === 'string' && SAFE_LABEL.test(value) ? value : undefined;
}

/** A string that is shaped like a compact JWS and whose first segment is a JOSE header with an alg. */
export function looksLikeCompactJws(text: string): boolean {
  const parts = text.split('.');
  if (parts.length !== 3) return false;
  const head = parseHeaderSegment(parts[0] as string);
  return head.ok && typeof member(head.header, 'alg') === 'string';
}

export function looksLikeCompactJwe(text: string): boolean {
  const parts = text.split('.');
  if (parts.length !== 5 || !parts.every((p) => SEGMENT.test(p))) return false;
  const head = parseHeaderSegment(parts[0] as string);
  return head.ok && typeof member(head.header, 'alg') === 'string' && typeof member(head.header, 'enc') === 'string';
}
