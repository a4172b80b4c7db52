// Words about trusted issuers that the hover notes, the Keys view and the commands share. No vscode here.
// Issuer URLs and kids come from settings, tokens and the network: they are shown with every character of
// the deceptive-character table as a \uXXXX escape, and bounded.
import { deceptiveKind, escapeCodePoint } from '../core/base/deceptiveChars';
import type { IssuerKeys } from '../core';
import type { StoredIssuer } from './issuerKeysStore';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "12 min ago", "3 h ago", "2 days ago". */
export function agoWords(then: number, now: number): string {
  const ms = Math.max(0, now - then);
  if (ms < MINUTE) return 'just now';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min ago`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ago`;
  const days = Math.floor(ms / DAY);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/** Text from a setting, token or server as shown to people: deceptive characters escaped, at most `max` characters. */
export function shownText(text: string, max = 200): string {
  let out = '';
  let count = 0;
  for (const ch of text) {
    if (count++ === max) return `${out}…`;
    const cp = ch.codePointAt(0) ?? 0;
    out += deceptiveKind(cp) === 0 ? ch : escapeCodePoint(cp);
  }
  return out;
}

/** "3 keys", "1 key". */
export function keyCountWords(keys: IssuerKeys | undefined): string {
  const n = keys?.keys.length ?? 0;
  return `${n} key${n === 1 ? '' : 's'}`;
}

/**
 * The hover's sentence for a trusted issuer whose keys are not here, or whose keys do not hold the token's
 * kid; undefined when there is nothing to add.
 */
export function issuerNote(issuer: string, stored: StoredIssuer | undefined, hostConfirmed: boolean, now: number, kidUnknown = false): string | undefined {
  const name = shownText(issuer);
  const keys = stored?.keys;
  if (!keys) {
    if (stored?.lastError) return `The keys of issuer ${name} could not be fetched: ${shownText(stored.lastError, 200)} Refresh it in the Keys view to try again.`;
    if (!hostConfirmed) return `Issuer ${name} is trusted, but its keys are not fetched yet: run "JWT: Refresh Issuer Keys" or Refresh on it in the Keys view (the first fetch from ${shownText(hostOf(issuer))} asks you first).`;
    return `The keys of issuer ${name} are being fetched.`;
  }
  const failed = stored?.lastError ? ` The last fetch failed: ${shownText(stored.lastError, 200)}` : '';
  if (kidUnknown) {
    const verb = keys.keys.length === 1 ? 'does' : 'do';
    return `The ${keyCountWords(keys)} of issuer ${name}, fetched ${agoWords(keys.fetchedAt, now)}, ${verb} not include this token's kid; a new kid fetches them again at most every few minutes (Refresh the issuer to fetch them now).${failed}`;
  }
  // The signature line says when the keys used were fetched.
  return failed ? `${failed.trim()} The keys from the fetch before still verify.` : undefined;
}

function hostOf(issuer: string): string {
  try {
    return new URL(issuer).host;
  } catch {
    return issuer;
  }
}
