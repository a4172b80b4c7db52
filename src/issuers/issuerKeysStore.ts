// The fetched keys of trusted issuers, kept in extension storage (globalState) so they verify offline and
// survive a restart. No vscode here: the store works on anything with Memento's get/update, so its rules
// are tested on plain Node.
//
// Rules: a successful fetch replaces an issuer's keys; a failed one (no answer, or an answer the core
// refused) keeps the keys from before and records the error; at most MAX_STORED_ISSUERS issuers are kept,
// the one fetched or tried longest ago dropped first; a background fetch starts only when the core's
// mayRefetch allows it after the last background fetch (the person's own fetches do not count, so a new
// kid right after trusting an issuer is still fetched once). Only public JWKs that passed readJwkSet are
// stored.
import type { IssuerKeys, Jwk } from '../core';

/** What the store needs of a vscode.Memento. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** One issuer's entry: the keys of its last good fetch, and how the last attempt went. */
export interface StoredIssuer {
  keys?: IssuerKeys;
  /** readJwkSet's sentences about the keys it skipped, from the fetch the keys came from. */
  notes?: string[];
  /** When a fetch was last started. */
  lastAttemptAt?: number;
  /** When a background fetch was last started (mayRefetch counts from it). */
  lastRefetchAt?: number;
  /** Why the last attempt failed; absent when it succeeded. */
  lastError?: string;
}

export const ISSUER_KEYS_STATE = 'jwtStudio.issuerKeys';
export const MAX_STORED_ISSUERS = 50;
const MAX_NOTES = 20;
const MAX_ERROR_LENGTH = 600;
const MAX_KEYS = 100;

interface Row extends StoredIssuer {
  issuer: string;
}

export class IssuerKeysStore {
  /** Read from the state on first use, not when the extension starts. */
  private rows: Map<string, StoredIssuer> | undefined;

  constructor(private readonly state: StateStore) {}

  get(issuer: string): StoredIssuer | undefined {
    return this.entries().get(issuer);
  }

  /** Marks the start of a fetch (in memory; saved with its outcome). */
  markAttempt(issuer: string, now: number): void {
    const rows = this.entries();
    rows.set(issuer, { ...rows.get(issuer), lastAttemptAt: now });
  }

  /**
   * Whether a background fetch may start now (`allowed` is the core's mayRefetch, over the last background
   * fetch); when it may, it is marked as started, so the next caller is refused.
   */
  claimRefetch(issuer: string, now: number, allowed: (lastRefetchAt: number | undefined, now: number) => boolean): boolean {
    const rows = this.entries();
    const row = rows.get(issuer);
    if (!allowed(row?.lastRefetchAt, now)) return false;
    rows.set(issuer, { ...row, lastRefetchAt: now });
    return true;
  }

  async recordSuccess(issuer: string, keys: IssuerKeys, notes: readonly string[], now: number): Promise<void> {
    const { lastRefetchAt } = this.entries().get(issuer) ?? {};
    this.put(issuer, { keys, notes: notes.slice(0, MAX_NOTES), lastAttemptAt: now, ...(lastRefetchAt !== undefined ? { lastRefetchAt } : {}) });
    await this.save();
  }

  /** The fetch failed: the keys from before stay, the error is recorded. */
  async recordFailure(issuer: string, message: string, now: number): Promise<void> {
    const before = this.entries().get(issuer) ?? {};
    const next: StoredIssuer = { ...before, lastAttemptAt: now, lastError: message.slice(0, MAX_ERROR_LENGTH) };
    this.put(issuer, next);
    await this.save();
  }

  async remove(issuer: string): Promise<void> {
    if (this.entries().delete(issuer)) await this.save();
  }

  private put(issuer: string, entry: StoredIssuer): void {
    const rows = this.entries();
    rows.delete(issuer);
    while (rows.size >= MAX_STORED_ISSUERS) {
      let oldest: string | undefined;
      let oldestAt = Infinity;
      for (const [name, row] of rows) {
        const at = lastUsed(row);
        if (at < oldestAt) [oldest, oldestAt] = [name, at];
      }
      if (oldest === undefined) break;
      rows.delete(oldest);
    }
    rows.set(issuer, entry);
  }

  private entries(): Map<string, StoredIssuer> {
    this.rows ??= readRows(this.state.get<unknown>(ISSUER_KEYS_STATE));
    return this.rows;
  }

  private save(): Thenable<void> {
    const rows: Row[] = [...this.entries()].map(([issuer, entry]) => ({ issuer, ...entry }));
    return this.state.update(ISSUER_KEYS_STATE, rows);
  }
}

function lastUsed(row: StoredIssuer): number {
  return Math.max(row.lastAttemptAt ?? 0, row.lastRefetchAt ?? 0, row.keys?.fetchedAt ?? 0);
}

/** The saved rows, each checked for shape (an older version, or a damaged state file, may hold anything). */
function readRows(saved: unknown): Map<string, StoredIssuer> {
  const rows = new Map<string, StoredIssuer>();
  if (!Array.isArray(saved)) return rows;
  for (const row of saved.slice(0, MAX_STORED_ISSUERS) as unknown[]) {
    if (typeof row !== 'object' || row === null) continue;
    const { issuer, keys, notes, lastAttemptAt, lastRefetchAt, lastError } = row as Partial<Record<keyof Row, unknown>>;
    if (typeof issuer !== 'string') continue;
    const entry: StoredIssuer = {};
    const read = readKeys(keys, issuer);
    if (read) entry.keys = read;
    if (Array.isArray(notes)) entry.notes = notes.filter((n): n is string => typeof n === 'string').slice(0, MAX_NOTES);
    if (typeof lastAttemptAt === 'number' && Number.isFinite(lastAttemptAt)) entry.lastAttemptAt = lastAttemptAt;
    if (typeof lastRefetchAt === 'number' && Number.isFinite(lastRefetchAt)) entry.lastRefetchAt = lastRefetchAt;
    if (typeof lastError === 'string') entry.lastError = lastError.slice(0, MAX_ERROR_LENGTH);
    rows.set(issuer, entry);
  }
  return rows;
}

function readKeys(value: unknown, issuer: string): IssuerKeys | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { jwksUri, keys, fetchedAt, freshUntil } = value as Partial<Record<keyof IssuerKeys, unknown>>;
  if (typeof jwksUri !== 'string' || !Array.isArray(keys) || typeof fetchedAt !== 'number' || typeof freshUntil !== 'number') return undefined;
  const jwks = keys.filter((k): k is Jwk => typeof k === 'object' && k !== null && !Array.isArray(k)).slice(0, MAX_KEYS);
  return { issuer, jwksUri, keys: jwks, fetchedAt, freshUntil };
}
