// How long fetched keys stay fresh, and when a token with an unknown kid may make JWT Studio fetch again.

/** Freshness from a response's `Cache-Control` (max-age; no-store / no-cache → the minimum), within [MIN, MAX]; 1 h without one. */
export function freshForMs(cacheControl: string | undefined): number {
  void cacheControl;
  return 0;
}

/** At most one refetch per issuer per this many milliseconds for an unknown kid. */
export const REFETCH_INTERVAL_MS = 5 * 60 * 1000;

/** True when the last fetch attempt for an issuer was long enough ago to try again for an unknown kid. */
export function mayRefetch(lastAttemptAt: number | undefined, now: number): boolean {
  void lastAttemptAt;
  void now;
  return false;
}
