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
  else if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(value);
    if (m) seconds = Number(m[1]) * (UNIT_SECONDS[(m[2] || 's').toLowerCase()] ?? 1);
  }
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TTL_SECONDS) return undefined;
  return Math.ceil(seconds);
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
