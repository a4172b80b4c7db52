// The one way a key is named to a person: its ring id, with its kid beside it
// when the two differ. Hovers, hints, diagnostics, the Token Editor and every
// key command use it, so a key reads the same wherever it appears. Small and
// pure: the first bundle uses it as well as the token core.

import { deceptiveKind, describeDeceptiveChar, firstDeceptiveChar } from '../base/deceptiveChars';
import type { KeyMaterial } from '../base/types';

/** Kids longer than this are shown by their first KID_PREFIX characters and an ellipsis (thumbprints are 43). */
const MAX_SHOWN_KID = 16;
const KID_PREFIX = 8;
/** Ring ids are at most 64 characters; anything longer did not come from the ring and is cut. */
const MAX_SHOWN_ID = 64;

/** The longest kid a key may have. */
export const MAX_KID_LENGTH = 256;

/**
 * Why `kid` cannot be a key's kid, in a message that names it `where` ("The
 * kid"); undefined when it can. A character of the deceptive-character table
 * is refused, with its position: it would make one kid read as another.
 */
export function kidProblem(kid: unknown, where: string): string | undefined {
  if (typeof kid !== 'string') return `${where} must be a string.`;
  if (kid.length === 0) return `${where} is empty.`;
  if (kid.length > MAX_KID_LENGTH) return `${where} is ${kid.length} characters; at most ${MAX_KID_LENGTH} are allowed.`;
  const hidden = firstDeceptiveChar(kid);
  if (hidden) {
    return `${where} contains ${describeDeceptiveChar(hidden)} at position ${hidden.index + 1}: it would make the kid look like another one (or hide text in it). Use the kid without it.`;
  }
  return undefined;
}

/** Deceptive characters as `\uXXXX`, and at most `max` characters (ending in `…` when cut). */
function shown(text: string, max: number): string {
  let out = '';
  let count = 0;
  for (const ch of text) {
    if (count === max) return `${out}…`;
    const cp = ch.codePointAt(0) ?? 0;
    out += deceptiveKind(cp) === 0 ? ch : `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    count++;
  }
  return out;
}

/** A kid as it appears beside a ring id: whole when short, else its start and an ellipsis. */
export function shortKid(kid: string): string {
  const chars = [...kid];
  return chars.length <= MAX_SHOWN_KID ? shown(kid, MAX_SHOWN_KID) : `${shown(chars.slice(0, KID_PREFIX).join(''), KID_PREFIX)}…`;
}

/**
 * "'ap-prod'" when the kid is the ring id (or unknown), "'ap-prod' (kid 2024-01)"
 * when they differ (a long kid shortened: "(kid NzbLsXh8…)"), and "with kid '2024-01'", whole,
 * when only the kid is known
 * (a key named by a token, or several ring keys sharing one kid).
 * Reads after the word "key": "Signature verified by key 'ap-prod' (kid 2024-01)".
 */
export function keyName(id: string | undefined, kid?: string): string {
  // With no ring id the kid is the only name, so it is shown whole (ring kids are at most 64 characters here).
  if (id === undefined || id === '') return kid === undefined || kid === '' ? 'with no kid' : `with kid '${shown(kid, MAX_SHOWN_ID)}'`;
  const name = `'${shown(id, MAX_SHOWN_ID)}'`;
  return kid === undefined || kid === '' || kid === id ? name : `${name} (kid ${shortKid(kid)})`;
}

/** What naming a key by its kid and algorithm needs from a ring entry. */
export interface NamedKey {
  id: string;
  kid: string;
  alg: string;
  use: 'sig' | 'enc';
}

/**
 * The ring entry a verdict's key (kid + alg) is, and its name. Only an entry that alone has
 * both is named by its ring id; when several share them the name says how many.
 */
export function ringKeyName<E extends NamedKey>(
  entries: readonly E[],
  key: { kid: string; alg: string } | undefined,
  use: NamedKey['use'],
): { name: string; entry?: E } {
  if (!key) return { name: 'a ring key' };
  const same = entries.filter((e) => e.use === use && e.kid === key.kid && e.alg === key.alg);
  const entry = same.length === 1 ? same[0] : undefined;
  if (entry) return { name: keyName(entry.id, entry.kid), entry };
  return { name: same.length > 1 ? `${keyName(undefined, key.kid)} (${same.length} ring keys share it)` : keyName(undefined, key.kid) };
}

/** How the core's verify and decrypt messages name a key. */
export type KeyNamer = (key: Pick<KeyMaterial, 'kid' | 'alg' | 'use'>) => string;

/** A key by its kid alone: the core's default, where no ring names are known. */
export const kidName: KeyNamer = (key) => keyName(undefined, key.kid);

/** Names keys as the ring does, from its entries. */
export function ringKeyNamer(entries: readonly NamedKey[]): KeyNamer {
  return (key) => ringKeyName(entries, key, key.use).name;
}
