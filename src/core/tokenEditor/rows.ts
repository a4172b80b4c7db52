// The Token Editor's rows: one per claim or embed parameter written in the
// profile (with the diagnostics on it), the schema properties offered to add,
// the iss / sub switches, and the kind of control each value gets.

import { isMap, isPair, isScalar } from 'yaml';
import type { JsonSchema, Preset } from '../profiles/presets';
import type { ProfileDiagnostic } from '../text/yamlRanges';
import { nodeRange } from '../text/yamlRanges';
import type { ClaimType } from './claimTypes';
import type { ClaimSwitch, FieldKind, FieldMessage, FieldRow, FieldSuggestion } from './modelTypes';
import { SWITCHED_CLAIMS } from './modelTypes';
import { schemaPlaceholder } from '../profiles/placeholder';

/** Claims whose values are NumericDate (seconds since the epoch): RFC 7519 and OpenID Connect. */
export const NUMERIC_DATE_CLAIMS: readonly string[] = ['exp', 'nbf', 'iat', 'auth_time', 'updated_at'];

/** Rows for the members of a top-level mapping, in document order, with the diagnostics that fall on each. */
export function rows(top: unknown, section: string, values: Record<string, unknown>, schema: JsonSchema | undefined, diagnostics: ProfileDiagnostic[], used: Set<ProfileDiagnostic>): FieldRow[] {
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema?.required ?? []) as string[]);
  const ranges = new Map<string, readonly [number, number]>();
  const sectionNode = isMap(top) ? top.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === section) : undefined;
  if (sectionNode && isPair(sectionNode) && isMap(sectionNode.value)) {
    for (const pair of sectionNode.value.items) {
      if (!isScalar(pair.key)) continue;
      const k = nodeRange(pair.key);
      const v = nodeRange(pair.value) ?? k;
      if (k && v) ranges.set(String(pair.key.value), [k[0], Math.max(k[1], v[1])]);
    }
  }
  return Object.keys(values).map((name) => {
    // Own members only: a claim named "constructor" or "toString" is not in the schema by inheritance.
    const s = Object.hasOwn(props, name) ? props[name] : undefined;
    const range = ranges.get(name);
    const messages: FieldMessage[] = [];
    if (range) {
      const end = Math.max(range[1], range[0] + 1);
      for (let i = firstAtOrAfter(diagnostics, range[0]); i < diagnostics.length; i++) {
        const d = diagnostics[i] as ProfileDiagnostic;
        if (d.start >= end) break;
        used.add(d);
        messages.push({ severity: d.severity, code: d.code, message: d.message });
      }
    }
    const value = values[name];
    const row: FieldRow = { name, value, kind: kindOf(name, s, value), required: required.has(name), known: s !== undefined, messages };
    if (Array.isArray(s?.enum)) row.options = [...(s.enum as unknown[])];
    if (typeof s?.description === 'string') row.description = s.description;
    return row;
  });
}

export function suggestions(schema: JsonSchema | undefined, present: Record<string, unknown>): FieldSuggestion[] {
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema?.required ?? []) as string[]);
  const out: FieldSuggestion[] = [];
  for (const [name, s] of Object.entries(props)) {
    if (name in present) continue;
    const kind = kindOf(name, s, undefined);
    out.push({ name, kind, required: required.has(name), ...(typeof s.description === 'string' ? { description: s.description } : {}), initial: schemaPlaceholder(s, '', kind) });
  }
  // Required ones first, each group in schema order.
  return [...out.filter((s) => s.required), ...out.filter((s) => !s.required)];
}

/** The type chooser's value for a claim outside the schema; undefined for null. */
export function claimType(name: string, value: unknown): ClaimType | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'number') return NUMERIC_DATE_CLAIMS.includes(name) ? 'date' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'string';
}

/** iss and sub switches: offered when the preset's claims schema describes them or lets other claims in. */
export function switches(preset: Preset, rows: FieldRow[]): ClaimSwitch[] {
  const schema = preset.claims;
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const out: ClaimSwitch[] = [];
  for (const name of SWITCHED_CLAIMS) {
    const s = Object.hasOwn(props, name) ? props[name] : undefined;
    if (!s && schema.additionalProperties === false) continue;
    const row = rows.find((r) => r.name === name);
    const kind = kindOf(name, s, undefined);
    const sw: ClaimSwitch = { name, on: row !== undefined, switchable: !(row && required.has(name)), required: required.has(name), initial: s ? schemaPlaceholder(s, '', kind) : '' };
    if (row) sw.row = row;
    if (typeof s?.description === 'string') sw.description = s.description;
    out.push(sw);
  }
  return out;
}

function kindOf(name: string, s: JsonSchema | undefined, value: unknown): FieldKind {
  if (NUMERIC_DATE_CLAIMS.includes(name) && (value === undefined || typeof value === 'number')) return 'date';
  if (s && (Array.isArray(s.enum) || s.const !== undefined) && (value === undefined || typeof value === 'string')) {
    if (((s.enum as unknown[] | undefined) ?? [s.const]).every((v) => typeof v === 'string')) return 'enum';
  }
  const types = s ? (Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : []) : [];
  const of = value === undefined ? undefined : Array.isArray(value) || (typeof value === 'object' && value !== null) ? 'json' : typeof value;
  if (of === 'json' || value === null) return 'json';
  if (types.length === 1) {
    const t = types[0];
    if (t === 'boolean' && (of === undefined || of === 'boolean')) return 'boolean';
    if ((t === 'integer' || t === 'number') && (of === undefined || of === 'number')) return t;
    if (t === 'string' && (of === undefined || of === 'string')) return 'string';
    if (t === 'array' || t === 'object') return 'json';
  }
  if (of === 'boolean') return 'boolean';
  if (of === 'number') return 'number';
  return 'string';
}


/** Index of the first diagnostic (sorted by start) that starts at or after `offset`. */
function firstAtOrAfter(sorted: readonly ProfileDiagnostic[], offset: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as ProfileDiagnostic).start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
