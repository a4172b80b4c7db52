// Pure conversions between what the Token Editor's controls hold (text) and
// what the profile holds (JSON values). No DOM here, so every rule the form
// applies before it sends an edit can be unit tested on plain Node.

import { formatDuration } from '../src/core/token/times';
import { parseTtl } from '../src/core/profiles/ttl';
import type { ClaimType, EditorModel, KeyChoice } from '../src/shared/protocol';
import { oneLine } from './jsonText';

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

const TOO_LARGE = 'This number is too large to keep exactly; write it as a string in the YAML.';

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** A number field's text as a JSON number; hex, `Infinity` and unsafe integers are refused rather than silently changed. */
export function parseNumberField(text: string, integer: boolean): Parsed<number> {
  const t = text.trim();
  if (t === '') return { ok: false, message: integer ? 'Enter a whole number.' : 'Enter a number.' };
  const value = Number(t);
  if (!NUMBER_TEXT.test(t) || !Number.isFinite(value)) return { ok: false, message: `"${t}" is not a number.` };
  if (integer && !Number.isInteger(value)) return { ok: false, message: 'Enter a whole number.' };
  if (integer && !Number.isSafeInteger(value)) return { ok: false, message: TOO_LARGE };
  return { ok: true, value };
}

/**
 * Text that is exactly a number as JSON writes it. Text that would change on
 * the way ("007" → 7, "1.50" → 1.5, "1e3" → 1000, " 42 " → 42, or digits
 * beyond 2^53 that are rounded) is refused, saying what it would become.
 */
export function parseExactNumber(text: string): Parsed<number> {
  const read = parseNumberField(text, false);
  if (!read.ok) return read;
  const n = read.value;
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return { ok: false, message: TOO_LARGE };
  if (String(n) !== text) {
    return { ok: false, message: `"${text.length > 40 ? `${text.slice(0, 39)}…` : text}" would be stored as ${n}. Type ${n} if that is what you mean, or make it a string to keep every character.` };
  }
  return read;
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

/** The value a new claim of `type` starts with when nothing was typed. */
export function emptyValueOf(type: ClaimType, nowSeconds: number): unknown {
  switch (type) {
    case 'number': return 0;
    case 'boolean': return false;
    case 'array': return [];
    case 'object': return {};
    case 'date': return Math.floor(nowSeconds);
    default: return '';
  }
}

/** How the form names each claim type: in the type chooser, in a sentence, and as the add box's placeholder. */
export const TYPE_WORDS: Record<ClaimType, { label: string; noun: string; placeholder: string }> = {
  string: { label: 'string', noun: 'text', placeholder: 'value' },
  number: { label: 'number', noun: 'a number', placeholder: 'a number, e.g. 42' },
  boolean: { label: 'boolean', noun: 'true or false', placeholder: 'true or false' },
  array: { label: 'array', noun: 'a list', placeholder: 'JSON list, e.g. ["a", "b"]' },
  object: { label: 'object', noun: 'an object', placeholder: 'JSON object, e.g. {"team": 7}' },
  date: { label: 'date (NumericDate)', noun: 'a date', placeholder: '2026-05-01T12:00 (empty: now)' },
};

/** What a value is, in a message: its JSON on one line, at most 40 characters. */
export function shown(value: unknown): string {
  const text = value === null ? 'null' : typeof value === 'string' ? JSON.stringify(value) : oneLine(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/**
 * A claim's value as `type`, when it can be converted without losing anything:
 * text that reads as the type (`"true"` → true, `"42"` → 42, JSON text → a
 * list or object), a number as text, a single value into a list. Otherwise it
 * says why, and the value is left as it is.
 */
export function convertValue(value: unknown, type: ClaimType): Parsed<unknown> {
  const refuse = (): Parsed<unknown> => ({ ok: false, message: `${shown(value)} cannot become ${TYPE_WORDS[type].noun}; it is kept as it is. Change the value first, or pick another type.` });
  if (value === null || value === undefined) return type === 'number' || type === 'date' ? refuse() : { ok: true, value: emptyValueOf(type, 0) };
  switch (type) {
    case 'string':
      return { ok: true, value: typeof value === 'string' ? value : plainText(value) };
    case 'number':
    case 'date': {
      if (typeof value === 'number') return { ok: true, value };
      if (typeof value !== 'string') return refuse();
      const read = type === 'date' ? parseDateText(value) : parseExactNumber(value);
      if (read.ok) return read;
      // Text that reads as a number only by changing (007, 1.50, too many digits) says what it would become.
      const loose = parseNumberField(value, false);
      if (!loose.ok) return refuse();
      const why = Number.isInteger(loose.value) && !Number.isSafeInteger(loose.value) ? 'it is too large to keep exactly' : `it would become ${loose.value}`;
      return { ok: false, message: `${shown(value)} cannot become ${TYPE_WORDS[type].noun} without changing: ${why}. It is kept as it is; keep it as text, or change the text first.` };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value };
      const t = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
      if (t === 'true' || t === 'false') return { ok: true, value: t === 'true' };
      return refuse();
    }
    case 'array': {
      if (Array.isArray(value)) return { ok: true, value };
      if (typeof value === 'string') {
        if (value.trim() === '') return { ok: true, value: [] };
        const json = parseJsonField(value);
        if (json.ok && Array.isArray(json.value)) return json;
      }
      // One value becomes a list of one: nothing is lost, and the way back is to pick the value's own type.
      return typeof value === 'object' ? refuse() : { ok: true, value: [value] };
    }
    case 'object': {
      if (typeof value === 'object' && !Array.isArray(value)) return { ok: true, value };
      if (typeof value === 'string') {
        if (value.trim() === '') return { ok: true, value: {} };
        const json = parseJsonField(value);
        if (json.ok && typeof json.value === 'object' && json.value !== null && !Array.isArray(json.value)) return json;
      }
      return refuse();
    }
  }
}

/** A date typed as text: a NumericDate (digits), a datetime-local value, or an ISO 8601 date-time with its zone. */
export function parseDateText(text: string): Parsed<number> {
  const t = text.trim();
  // Seconds as JSON writes them: "007" would lose its zeros.
  if (/^(?:0|[1-9]\d{0,11})$/.test(t)) return { ok: true, value: Number(t) };
  if (/^0\d{1,11}$/.test(t)) return { ok: false, message: `Seconds since 1970 are written without leading zeros: "${t}" would be stored as ${Number(t)}. Type ${Number(t)} if that is what you mean.` };
  const local = localInputToEpoch(t);
  if (local !== undefined) return { ok: true, value: local };
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) {
    const ms = Date.parse(t.replace(' ', 'T'));
    if (Number.isFinite(ms)) return { ok: true, value: Math.floor(ms / 1000) };
  }
  return { ok: false, message: 'Enter a date and time (2026-05-01T12:00), an ISO date with its zone (2026-05-01T12:00:00Z) or seconds since 1970.' };
}

/** What was typed for a new claim's value, read as `type`. */
export function parseTypedText(text: string, type: ClaimType): Parsed<unknown> {
  switch (type) {
    case 'string':
      return { ok: true, value: text };
    case 'number':
      return parseExactNumber(text);
    case 'date':
      return parseDateText(text);
    case 'boolean': {
      const t = text.trim().toLowerCase();
      return t === 'true' || t === 'false' ? { ok: true, value: t === 'true' } : { ok: false, message: 'Enter true or false.' };
    }
    case 'array':
    case 'object': {
      const json = parseJsonField(text);
      if (!json.ok) return json;
      const isArray = Array.isArray(json.value);
      const isObject = typeof json.value === 'object' && json.value !== null && !isArray;
      if (type === 'array' ? isArray : isObject) return json;
      return { ok: false, message: type === 'array' ? 'Enter a JSON list, for example ["a", "b"].' : 'Enter a JSON object, for example {"team": 7}.' };
    }
  }
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

/**
 * Why a new claim cannot be named `name` because the form shows that claim
 * beside a switch (iss, sub) rather than as a row; undefined when it can.
 */
export function switchedClaimProblem(name: string, switches: ReadonlyArray<{ name: string; on: boolean }>): string | undefined {
  const sw = switches.find((s) => s.name === name);
  if (!sw) return undefined;
  return sw.on
    ? `There is already a claim named "${name}": it is under Generated claims, beside its switch. Change its value there.`
    : `"${name}" has a switch under Generated claims: switch it on there, then type its value beside the switch.`;
}

/**
 * Whether the form shows its Embed section: when the preset embeds, when the
 * profile has embed parameters, or when the document has something to say
 * about `embed:` (an error there is counted at the top and must be readable).
 */
export function showsEmbed(model: Pick<EditorModel, 'preset' | 'embed' | 'controlMessages'>): boolean {
  return Boolean(model.preset?.hasEmbedUrl) || (model.preset?.snippets.length ?? 0) > 0 || model.embed.length > 0 || (model.controlMessages.embed?.length ?? 0) > 0;
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
