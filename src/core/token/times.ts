// Human descriptions of a token's time claims (exp, nbf, iat). Values come
// from hostile input: 1e309 parses to Infinity and 9e15 is past the end of
// JavaScript dates, so every value is range-checked before any Date maths and
// all formatting is guarded.

import { jsonTypeName } from '../base/guards';
import { rawTopLevelValues, visibleText } from '../text/json';

export type TimeStatus = 'valid' | 'expired' | 'not-yet-valid' | 'no-expiry' | 'invalid';

export interface TimeClaim {
  claim: 'exp' | 'nbf' | 'iat';
  /** The value as written (from the JSON text when given, else as JavaScript sees it), made visible and capped. */
  raw: string;
  /** Seconds since the epoch, when the value is a usable NumericDate. */
  seconds?: number;
  /** ISO 8601 UTC, when usable. */
  iso?: string;
  /** "4 min from now" / "3 h ago", when usable. */
  relative?: string;
  /** One phrase for people: "expires in 4 min", "exp is not a number: \"1795…\"". */
  words: string;
  /** Why the value is not a usable NumericDate. */
  problem?: string;
}

export interface TimeDescription {
  status: TimeStatus;
  /** One short line for inline hints. */
  summary: string;
  exp?: TimeClaim;
  nbf?: TimeClaim;
  iat?: TimeClaim;
  /** exp − iat, when both are usable. */
  lifetimeSeconds?: number;
}

export interface DescribeTimesOptions {
  /** Leeway for exp/nbf, as verifiers allow (default 0). */
  clockToleranceSeconds?: number;
  /** The payload's JSON text, so raw values are shown exactly as written (1e309 rather than Infinity). */
  payloadText?: string;
}

/** The largest |seconds| that still makes a valid JavaScript Date (8.64e15 ms). */
const MAX_NUMERIC_DATE = 8.64e12;

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
const YEAR = 365.25 * DAY;

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** "45 s", "4 min", "3 h", "2 days", "1 year" (sign ignored, rounded down). */
export function formatDuration(seconds: number): string {
  if (typeof seconds !== 'number' || Number.isNaN(seconds)) return 'an unknown time';
  const s = Math.abs(seconds);
  if (!Number.isFinite(s)) return 'forever';
  if (s < 1) return s === 0 ? '0 s' : 'less than 1 s';
  if (s < MINUTE) return `${Math.floor(s)} s`;
  if (s < HOUR) return `${Math.floor(s / MINUTE)} min`;
  if (s < DAY) return `${Math.floor(s / HOUR)} h`;
  if (s < YEAR) return plural(Math.floor(s / DAY), 'day');
  const years = Math.floor(s / YEAR);
  return plural(years, 'year');
}

function isoOf(seconds: number): string | undefined {
  try {
    // Whole seconds (the usual NumericDate) read better without '.000'.
    return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
  } catch {
    return undefined;
  }
}

function rawOf(value: unknown, rawText: string | undefined): string {
  if (rawText !== undefined) return visibleText(rawText, 64);
  try {
    if (typeof value === 'number') return String(value);
    const text = JSON.stringify(value);
    return visibleText(text === undefined ? String(value) : text, 64);
  } catch {
    return typeof value;
  }
}

function describeClaim(claim: 'exp' | 'nbf' | 'iat', value: unknown, rawText: string | undefined, nowSeconds: number): TimeClaim {
  const raw = rawOf(value, rawText);
  if (typeof value !== 'number') {
    const problem = `${claim} must be a number (NumericDate, seconds since 1970), not ${jsonTypeName(value)}: ${raw}`;
    return { claim, raw, words: `${claim} is not a number: ${raw}`, problem };
  }
  if (!Number.isFinite(value) || Math.abs(value) > MAX_NUMERIC_DATE) {
    const problem = `${claim} ${raw} is not a valid NumericDate (out of range${Number.isFinite(value) ? '' : ': JavaScript reads it as ' + String(value)})`;
    return { claim, raw, words: `invalid ${claim} ${raw}`, problem };
  }
  const result: TimeClaim = { claim, raw, seconds: value, words: '' };
  const iso = isoOf(value);
  if (iso !== undefined) result.iso = iso;
  const delta = value - nowSeconds; // > 0: in the future
  const span = formatDuration(delta);
  result.relative = delta >= 0 ? `${span} from now` : `${span} ago`;
  switch (claim) {
    case 'exp':
      result.words = delta > 0 ? `expires in ${span}` : delta === 0 ? 'expired just now' : `expired ${span} ago`;
      break;
    case 'nbf':
      result.words = delta > 0 ? `not valid for another ${span}` : `valid since ${span} ago`;
      break;
    case 'iat':
      result.words = delta > 0 ? `issued in the future (${span} from now)` : `issued ${span} ago`;
      break;
  }
  return result;
}

function own(obj: object, key: string): unknown {
  return Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/**
 * Describes exp/nbf/iat of a claims object relative to `now` (milliseconds),
 * judging exp/nbf the way jose does (whole seconds, optional tolerance).
 * Never throws; anything unusable makes the status 'invalid' with the raw value shown.
 */
export function describeTimes(payload: unknown, now: number = Date.now(), options: DescribeTimesOptions = {}): TimeDescription {
  try {
    return describe(payload, now, options);
  } catch {
    return { status: 'invalid', summary: 'Time claims could not be read' };
  }
}

function describe(payload: unknown, now: number, options: DescribeTimesOptions): TimeDescription {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return { status: 'no-expiry', summary: 'No time claims (the payload is not a claims set)' };
  }
  const nowMs = typeof now === 'number' && Number.isFinite(now) ? now : Date.now();
  const nowSeconds = Math.floor(nowMs / 1000);
  const tolerance = Math.max(0, Number.isFinite(options.clockToleranceSeconds) ? (options.clockToleranceSeconds as number) : 0);
  const rawTexts = options.payloadText !== undefined ? rawTopLevelValues(options.payloadText, ['exp', 'nbf', 'iat']) : undefined;

  const out: TimeDescription = { status: 'valid', summary: '' };
  for (const name of ['exp', 'nbf', 'iat'] as const) {
    if (!Object.hasOwn(payload, name)) continue;
    out[name] = describeClaim(name, own(payload, name), rawTexts?.get(name), nowSeconds);
  }
  const { exp, nbf, iat } = out;
  if (exp?.seconds !== undefined && iat?.seconds !== undefined) out.lifetimeSeconds = exp.seconds - iat.seconds;

  const invalid = [exp, nbf, iat].filter((c): c is TimeClaim => c !== undefined && c.problem !== undefined);
  if (invalid.length > 0) {
    out.status = 'invalid';
    out.summary = `Invalid time claim: ${(invalid[0] as TimeClaim).problem}`;
    return out;
  }
  const parts: string[] = [];
  if (exp?.seconds !== undefined && exp.seconds <= nowSeconds - tolerance) {
    out.status = 'expired';
    parts.push(capitalise(exp.words));
  } else if (nbf?.seconds !== undefined && nbf.seconds > nowSeconds + tolerance) {
    out.status = 'not-yet-valid';
    parts.push(capitalise(nbf.words));
  } else if (exp?.seconds !== undefined) {
    out.status = 'valid';
    parts.push(capitalise(exp.words));
  } else {
    out.status = 'no-expiry';
    parts.push('No expiry (no exp claim)');
  }
  if (iat?.seconds !== undefined && iat.seconds > nowSeconds + tolerance) parts.push(iat.words);
  else if (iat?.seconds !== undefined && out.status === 'no-expiry') parts.push(iat.words);
  out.summary = parts.join(' · ');
  return out;
}

function capitalise(s: string): string {
  return s.length > 0 ? (s[0] as string).toUpperCase() + s.slice(1) : s;
}
