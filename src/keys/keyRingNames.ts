// Naming rules of the key ring, kept free of vscode so they are tested on plain Node.
import { createHash } from 'node:crypto';
import { describeDeceptiveChar, firstDeceptiveChar } from '../core/base/deceptiveChars';
import { kidProblem } from '../core/keys/names';
import type { KeyScope } from './keyRingApi';

/** Prefix of every SecretStorage entry this extension writes. */
export const SECRET_PREFIX = 'jwtStudio.key';

/** Ring ids are short, typeable and safe inside a secret name and a file name. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const MAX_ID_LENGTH = 64;

/** Why `id` cannot be a ring id (or undefined when it can); `taken` are ids already in either scope. */
export function keyIdProblem(id: string, taken: Iterable<string>): string | undefined {
  if (id.length === 0) return 'Type an id, for example "ap-prod-2026".';
  if (id.length > MAX_ID_LENGTH) return `An id has at most ${MAX_ID_LENGTH} characters; this one has ${id.length}.`;
  if (!ID_PATTERN.test(id)) {
    // The same table that flags decoded text names what is hidden in the id.
    const hidden = firstDeceptiveChar(id);
    const what = hidden ? `This id contains ${describeDeceptiveChar(hidden)} at position ${hidden.index + 1}, which hides what it says. ` : '';
    return `${what}Use letters, digits, ".", "_" and "-" only, starting with a letter or digit.`;
  }
  for (const other of taken) {
    if (other.toLowerCase() === id.toLowerCase()) return `A key with id "${other}" already exists: choose another id, or rename or delete that key first.`;
  }
  return undefined;
}

/**
 * Why `label` cannot label a key (or undefined when it can). Labels are free
 * text shown in the Keys view and in pickers, so only the characters of the
 * deceptive-character table are refused: they would make one key's label
 * read as another's.
 */
export function keyLabelProblem(label: string): string | undefined {
  const hidden = firstDeceptiveChar(label);
  if (!hidden) return undefined;
  return `The label contains ${describeDeceptiveChar(hidden)} at position ${hidden.index + 1}: it would show as something other than what it holds. Remove it.`;
}

/**
 * Why `kid`, typed at a kid prompt, cannot be the key's kid (or undefined when
 * it can). Empty is allowed: the key then gets a generated kid. Otherwise the
 * core's own rule, so a kid refused on import is refused while it is typed.
 */
export function keyKidProblem(kid: string): string | undefined {
  return kid === '' ? undefined : kidProblem(kid, 'The kid');
}

/**
 * A stable, opaque namespace for one workspace: the same workspace file or
 * first folder always maps to the same secrets, and the secret names do not
 * reveal local paths.
 */
export function workspaceNamespace(workspaceUri: string | undefined): string {
  if (!workspaceUri) return 'no-workspace';
  return createHash('sha256').update(workspaceUri).digest('hex').slice(0, 16);
}

/** The SecretStorage entry of one key. */
export function secretName(scope: KeyScope, namespace: string, id: string): string {
  return `${SECRET_PREFIX}/${scope === 'global' ? 'global' : namespace}/${id}`;
}

/**
 * An id suggested for an imported key: its kid made to fit the id rules, or
 * `fallback`; a numeric suffix keeps it clear of `taken`.
 */
export function suggestKeyId(kid: string | undefined, fallback: string, taken: Iterable<string>): string {
  const takenLower = new Set([...taken].map((t) => t.toLowerCase()));
  let base = (kid ?? '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, MAX_ID_LENGTH - 4);
  // Thumbprint kids (43 characters) and random kids (22) are noise: a short prefix reads better as an id.
  if (/^[A-Za-z0-9_-]{43}$/.test(kid ?? '') || /^[A-Za-z0-9_-]{22}$/.test(kid ?? '')) base = `${fallback}-${base.slice(0, 8)}`;
  if (!base) base = fallback;
  let candidate = base;
  for (let n = 2; takenLower.has(candidate.toLowerCase()); n++) candidate = `${base}-${n}`;
  return candidate;
}

/** "2026-05-01" from an ISO date-time, for compact lists. */
export function shortDate(iso: string): string {
  return /^\d{4}-\d\d-\d\d/.test(iso) ? iso.slice(0, 10) : iso;
}
