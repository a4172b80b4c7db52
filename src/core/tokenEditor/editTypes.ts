// The Token Editor's text edits to a profile: the edit and path types, how
// edits given against the original text are applied, and what every part of
// the edit code shares (parse options, a pair's lookup by key).

import { isScalar } from 'yaml';
import type { Pair, YAMLMap } from 'yaml';

/** Keys from the top of the profile down, e.g. ['claims', 'role']. */
export type ProfilePath = readonly string[];

/** One form change. `set` values are JSON-compatible; `rename` renames the last key of `path`. */
export type ProfileEdit =
  | { op: 'set'; path: ProfilePath; value: unknown }
  | { op: 'remove'; path: ProfilePath }
  | { op: 'rename'; path: ProfilePath; to: string };

/** Replace [start, end) of the ORIGINAL text with `newText`. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: true, logLevel: 'error', what: 'profile' } as const;

export type AnyPair = Pair<unknown, unknown>;
export type Plan = { edits: TextEdit[] } | 'fallback';

export interface Step {
  /** The mapping this step's key is looked up in; undefined when that mapping does not exist yet (or is an empty value). */
  map?: YAMLMap<unknown, unknown>;
  pair?: AnyPair;
}

/** Applies non-overlapping edits given against the original text, in any order. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.start) + e.newText;
    at = Math.max(at, e.end);
  }
  return out + text.slice(at);
}

export function pairOf(map: YAMLMap<unknown, unknown>, key: string): AnyPair | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
}
