// Writing YAML scalars and flow values by hand: the one writer used by the
// profile template (`newProfileTemplate`) and by the Token Editor's text edits.
// Every string it writes plain reads back as the same string, without a parse
// error, in YAML 1.2 and 1.1 (as the `yaml` package reads them), as a block or
// flow value and as a key; `=` and `<<`, which other YAML 1.1 readers give a
// meaning of their own (value and merge keys), and anything else are
// double-quoted.

import { parseDocument } from 'yaml';
import { isPlainObject } from '../base/guards';

const PLAIN_FIRST = /^[\p{L}\p{N}_/.$~^=<>()+;\\]/u;
const PLAIN_REST = /^[\p{L}\p{N}_/.$~^=<>()+;\\@:' !%&*?-]*$/u;
const plainCache = new Map<string, boolean>();

/** YAML text for a JSON value in flow style; it reads back as exactly that value. */
export function flowText(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return scalarText(v);
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(flowText).join(', ')}]`;
  const entries = Object.entries(v as object);
  return entries.length ? `{ ${entries.map(([k, x]) => `${scalarText(k)}: ${flowText(x)}`).join(', ')} }` : '{}';
}

/** Plain when every YAML reader (1.2 and 1.1, block and flow, key and value) reads it back unchanged; else double-quoted. */
export function scalarText(s: string): string {
  return isPlainSafe(s) ? s : doubleQuoted(s);
}

function isPlainSafe(s: string): boolean {
  if (!PLAIN_FIRST.test(s) || !PLAIN_REST.test(s.slice(1)) || s.length > 200) return false;
  if (s.endsWith(' ') || s.endsWith(':') || s.includes(': ') || s === '=' || s === '<<') return false;
  const cached = plainCache.get(s);
  if (cached !== undefined) return cached;
  let ok = false;
  try {
    // Five parses of at most 200 characters each: small enough to need no bounds.
    const same = (yaml: string, expected: unknown, version: '1.1' | '1.2' = '1.2'): boolean => {
      const doc = parseDocument(yaml, { version });
      return doc.errors.length === 0 && deepEqual(doc.toJS(), expected);
    };
    ok = same(`k: ${s}`, { k: s }) && same(`k: ${s}`, { k: s }, '1.1') && same(`[${s}]`, [s]) && same(`${s}: 1`, { [s]: 1 }) && same(`{ ${s}: ${s} }`, { [s]: s });
  } catch {
    ok = false;
  }
  if (plainCache.size > 5000) plainCache.clear();
  plainCache.set(s, ok);
  return ok;
}

/** JSON string syntax is YAML double-quoted syntax; characters YAML treats as breaks or non-printable are escaped too. */
function doubleQuoted(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Equality of data read from YAML: JSON values, plus the dates YAML 1.1 timestamps become. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}
