// How long fetched keys stay fresh, and when a token with an unknown kid may make JWT Studio fetch again.
//
// Cache-Control (RFC 9111 §5.2) is read in one pass over the header, character by character: directives
// separated by commas, names compared without case, values as tokens or quoted strings. No regular
// expression runs over the header, so a long or hostile one costs time in proportion to its length.

/** Keys are kept at least this long, whatever the server says (no-store, no-cache, max-age=0 or a few seconds). */
export const MIN_FRESH_MS = 5 * 60 * 1000;
/** ... and at most this long, so a rotation is seen within a day. */
export const MAX_FRESH_MS = 24 * 60 * 60 * 1000;
/** Without a usable max-age. */
export const DEFAULT_FRESH_MS = 60 * 60 * 1000;

/**
 * Freshness from a response's `Cache-Control` (max-age; no-store / no-cache → the minimum; 1 h without one),
 * less its `Age` (RFC 9111 §4.2.3: how long a cache in between has held it already; the header's text or
 * its number, ignored when unreadable), within [MIN, MAX].
 */
export function freshForMs(cacheControl: string | undefined, age?: string | number): number {
  const read = typeof cacheControl === 'string' ? readCacheControl(cacheControl) : { noStore: false, maxAgeSeconds: undefined };
  if (read.noStore) return MIN_FRESH_MS;
  const lifetime = read.maxAgeSeconds === undefined ? DEFAULT_FRESH_MS : read.maxAgeSeconds * 1000;
  return Math.min(MAX_FRESH_MS, Math.max(MIN_FRESH_MS, lifetime - ageSeconds(age) * 1000));
}

/** The Age header's seconds: a number as given, or the first member of its text (RFC 9111 §5.1); 0 when unreadable. */
function ageSeconds(age: string | number | undefined): number {
  if (typeof age === 'number') return Number.isFinite(age) && age > 0 ? age : 0;
  if (typeof age !== 'string' || age.length > 64) return 0;
  const comma = age.indexOf(',');
  return seconds((comma === -1 ? age : age.slice(0, comma)).trim()) ?? 0;
}

/** At most one refetch per issuer per this many milliseconds for an unknown kid. */
export const REFETCH_INTERVAL_MS = 5 * 60 * 1000;

/**
 * True when the last fetch attempt for an issuer was long enough ago to try again for an unknown kid:
 * never attempted, or at least REFETCH_INTERVAL_MS away from now. A clock set back by less than the
 * interval waits as if no time had passed; one set back by more counts as long enough, so a clock
 * corrected by hours or days does not block refetches until it catches up. A time that is not a finite
 * number counts as never for the last attempt, and as "not now" for now.
 */
export function mayRefetch(lastAttemptAt: number | undefined, now: number): boolean {
  if (typeof lastAttemptAt !== 'number' || !Number.isFinite(lastAttemptAt)) return true;
  if (typeof now !== 'number' || !Number.isFinite(now)) return false;
  return Math.abs(now - lastAttemptAt) >= REFETCH_INTERVAL_MS;
}

/** More digits than this are a max-age beyond any bound: the maximum. */
const MAX_AGE_DIGITS = 12;

interface CacheControl {
  /** no-store or no-cache, with or without a value. */
  noStore: boolean;
  /** The first well-formed max-age (RFC 9111 §4.2.1: the first of several), in seconds. */
  maxAgeSeconds: number | undefined;
}

/** One pass: each directive's name and value are sliced once and looked at once. */
function readCacheControl(header: string): CacheControl {
  const out: CacheControl = { noStore: false, maxAgeSeconds: undefined };
  let i = 0;
  const n = header.length;
  while (i < n) {
    // Name: up to "=", "," or the end.
    const nameStart = i;
    while (i < n && header.charCodeAt(i) !== 0x3d && header.charCodeAt(i) !== 0x2c) i++;
    const name = header.slice(nameStart, i).trim().toLowerCase();
    let value: string | undefined;
    if (i < n && header.charCodeAt(i) === 0x3d) {
      i++;
      while (i < n && (header.charCodeAt(i) === 0x20 || header.charCodeAt(i) === 0x09)) i++;
      if (i < n && header.charCodeAt(i) === 0x22) {
        // Quoted string: up to the closing quote, "\" escaping one character; a comma inside does not end it.
        // An escaped character is skipped over and kept as written: no value this reads holds one.
        const quoted = ++i;
        while (i < n && header.charCodeAt(i) !== 0x22) i += header.charCodeAt(i) === 0x5c ? 2 : 1;
        // Without its closing quote the value is unreadable.
        value = i < n ? header.slice(quoted, i) : undefined;
        i++;
        // Anything between the closing quote and the next comma makes the value unreadable.
        const rest = i;
        while (i < n && header.charCodeAt(i) !== 0x2c) i++;
        if (header.slice(rest, i).trim() !== '') value = undefined;
      } else {
        const valueStart = i;
        while (i < n && header.charCodeAt(i) !== 0x2c) i++;
        value = header.slice(valueStart, i).trim();
      }
    }
    i++; // the comma
    if (name === 'no-store' || name === 'no-cache') out.noStore = true;
    else if (name === 'max-age' && out.maxAgeSeconds === undefined && value !== undefined) out.maxAgeSeconds = seconds(value);
  }
  return out;
}

/** Delta-seconds (1*DIGIT); undefined for anything else. Past MAX_AGE_DIGITS it is simply very large. */
function seconds(value: string): number | undefined {
  if (value.length === 0) return undefined;
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  return value.length > MAX_AGE_DIGITS ? Number.MAX_SAFE_INTEGER : Number(value);
}
