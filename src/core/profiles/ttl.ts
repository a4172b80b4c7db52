// Lifetimes as people write them in profiles and presets: `300`, `300s`, `5m`,
// `1h`, `1d`. Kept strict (one number, one unit) so a typo is reported rather
// than read as something else.

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** The longest lifetime accepted anywhere: ten years, far past any vendor's limit. */
export const MAX_TTL_SECONDS = 10 * 365 * 86400;

/** Seconds for `300`, `300s`, `5m`, `1h`, `1d` (number or string); undefined when unreadable, not positive or over ten years. */
export function parseTtl(value: unknown): number | undefined {
  let seconds: number | undefined;
  if (typeof value === 'number') seconds = value;
  else if (typeof value === 'string') seconds = parseShorthand(value);
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TTL_SECONDS) return undefined;
  return Math.ceil(seconds);
}

/**
 * `<digits>[.<digits>] [unit]` with any whitespace around and between, read by
 * hand in one pass: the text comes from workspace files, and a regex with
 * `\s*` on both sides of an optional unit backtracks quadratically on a long
 * run of spaces.
 */
function parseShorthand(text: string): number | undefined {
  const s = text.trim(); // the same whitespace and line terminators as \s
  let i = 0;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  if (i === 0) return undefined;
  if (s[i] === '.') {
    const fraction = ++i;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    if (i === fraction) return undefined;
  }
  const number = Number(s.slice(0, i));
  const unit = s.slice(i).trimStart().toLowerCase();
  if (unit === '') return number;
  const size = unit.length === 1 ? UNIT_SECONDS[unit] : undefined;
  return size === undefined ? undefined : number * size;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The shortest shorthand for a number of seconds: 300 → "5m", 90 → "90s", 86400 → "1d". */
export function formatTtl(seconds: number): string {
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/** Shorthands offered by completion, shortest first. */
export const TTL_SHORTHANDS = ['30s', '60s', '2m', '3m', '5m', '10m', '15m', '30m', '1h', '12h', '1d'] as const;
