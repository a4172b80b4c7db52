// Pure conversions between what the Token Editor's controls hold (text) and
// what the profile holds (JSON values). No DOM here, so every rule the form
// applies before it sends an edit can be unit tested on plain Node.

import { formatDuration } from '../src/core/times';
import { parseTtl } from '../src/core/ttl';
import type { KeyChoice } from '../src/shared/protocol';

/** A control's text read as a profile value, or why it cannot be. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * The value of a `datetime-local` input (local time, with seconds) for a
 * NumericDate; undefined when the date is outside what the input can show.
 */
export function epochToLocalInput(seconds: number): string | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return undefined;
  const date = new Date(Math.floor(seconds) * 1000);
  const year = date.getFullYear();
  // datetime-local only takes four-digit years from 0001.
  if (Number.isNaN(year) || year < 1 || year > 9999) return undefined;
  return `${pad(year, 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The NumericDate (whole seconds) for a `datetime-local` value read as local time; undefined when it is not one. */
export function localInputToEpoch(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const lastDay = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (year < 1 || lastDay === undefined || day < 1 || day > lastDay || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(2000, 0, 1, 0, 0, 0, 0);
  // setFullYear, because the Date constructor reads years 0–99 as 1900–1999.
  date.setFullYear(year, month - 1, day);
  date.setHours(hour, minute, second, 0);
  const ms = date.getTime();
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** A number field's text as a JSON number; hex, `Infinity` and unsafe integers are refused rather than silently changed. */
export function parseNumberField(text: string, integer: boolean): Parsed<number> {
  const t = text.trim();
  if (t === '') return { ok: false, message: integer ? 'Enter a whole number.' : 'Enter a number.' };
  const value = Number(t);
  if (!NUMBER_TEXT.test(t) || !Number.isFinite(value)) return { ok: false, message: `"${t}" is not a number.` };
  if (integer && !Number.isInteger(value)) return { ok: false, message: 'Enter a whole number.' };
  if (integer && !Number.isSafeInteger(value)) return { ok: false, message: 'This number is too large to keep exactly; write it as a string in the YAML.' };
  return { ok: true, value };
}

/** A JSON field's text as a value. */
export function parseJsonField(text: string): Parsed<unknown> {
  if (text.trim() === '') return { ok: false, message: 'Enter a JSON value, for example {} or [].' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** A JSON value as an editable, indented text. */
export function jsonFieldText(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'null';
}

/** The text a plain text field shows for a value of any type. */
export function plainText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

/** The custom lifetime field: empty falls back to the preset default (undefined), digits are seconds. */
export function parseTtlField(text: string): Parsed<string | number | undefined> {
  const t = text.trim();
  if (t === '') return { ok: true, value: undefined };
  if (parseTtl(t) === undefined) return { ok: false, message: 'Write a lifetime such as 300, 90s, 15m, 1h or 1d (at most ten years).' };
  // Plain seconds are written as a YAML number rather than a quoted string.
  return { ok: true, value: /^\d+$/.test(t) ? Number(t) : t };
}

/** Why `name` cannot name a new or renamed row; undefined when it can. */
export function nameProblem(name: string, existing: readonly string[], noun: string, current?: string): string | undefined {
  if (name.trim() === '') return `A ${noun} needs a name.`;
  if (name !== current && existing.includes(name)) return `There is already a ${noun} named "${name}".`;
  return undefined;
}

/** The `encrypt:` block the form writes when encryption is switched on. */
export function defaultEncryption(keys: readonly KeyChoice[]): { key: string; enc: string } | undefined {
  // The key-management algorithm is the key's own, so it is not written.
  const key = keys[0];
  return key ? { key: key.id, enc: 'A256GCM' } : undefined;
}

/**
 * A token split into its segments, using the host's segment lengths when they
 * add up to the token and the dots otherwise.
 */
export function splitToken(token: string, lengths: readonly number[]): string[] {
  const total = lengths.reduce((sum, n) => sum + n, 0) + lengths.length - 1;
  const usable = lengths.length > 0 && lengths.every((n) => Number.isInteger(n) && n >= 0) && total === token.length;
  if (!usable) return token.split('.');
  const parts: string[] = [];
  let at = 0;
  for (const n of lengths) {
    parts.push(token.slice(at, at + n));
    at += n + 1;
  }
  return parts;
}

const JWS_SEGMENTS = [
  { className: 'seg-header', title: 'Header' },
  { className: 'seg-payload', title: 'Payload' },
  { className: 'seg-signature', title: 'Signature' },
];
const JWE_SEGMENTS = ['Protected header', 'Encrypted key', 'Initialization vector', 'Ciphertext', 'Authentication tag'];

/** The class (for colour) and name of segment `index` of a token with `count` segments. */
export function segmentStyle(index: number, count: number, encrypted: boolean): { className: string; title: string } {
  if (encrypted || count === 5) return { className: `seg-jwe-${index}`, title: JWE_SEGMENTS[index] ?? `Segment ${index + 1}` };
  return JWS_SEGMENTS[index] ?? { className: 'seg-other', title: `Segment ${index + 1}` };
}

/**
 * The part of an element id that stands for a claim or parameter name. Plain
 * names are kept as written so ids stay readable (`claim-value-firstName`);
 * any other name becomes `-` and its UTF-8 bytes in hex, which keeps ids
 * unique and valid CSS identifiers (a plain name never starts with `-`).
 */
export function idPart(name: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) return name;
  let hex = '-';
  for (const byte of new TextEncoder().encode(name)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** "Expires at <local date-time> (in 15 min)" for a token signed at `nowMs` that lives `ttlSeconds`. */
export function expiryText(nowMs: number, ttlSeconds: number): string {
  const at = new Date(nowMs + ttlSeconds * 1000);
  return `Expires at ${at.toLocaleString()} (in ${formatDuration(ttlSeconds)})`;
}
