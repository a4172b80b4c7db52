// Copying caller-supplied claims and header templates into fresh JSON
// values. Own enumerable members only, null-prototype targets (so a member
// named "__proto__" can never reach a prototype), and nothing that JSON
// would silently change: NaN, Infinity, undefined in arrays, Dates, BigInts,
// functions and cycles are refused with the path that holds them.

export type CopyResult = { ok: true; value: unknown } | { ok: false; path: string; problem: string };

const MAX_DEPTH = 64;
const MAX_MEMBERS = 100_000;

export function copyJsonValue(value: unknown, path: string): CopyResult {
  const budget = { members: 0 };
  return copy(value, path, 0, new Set<object>(), budget);
}

function copy(value: unknown, path: string, depth: number, ancestors: Set<object>, budget: { members: number }): CopyResult {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return { ok: true, value };
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { ok: true, value } : { ok: false, path, problem: `is ${String(value)}, which JSON cannot hold` };
  }
  if (typeof value === 'bigint') return { ok: false, path, problem: 'is a BigInt; write it as a number or a string' };
  if (typeof value !== 'object') return { ok: false, path, problem: `is a ${typeof value}, not a JSON value` };
  if (depth >= MAX_DEPTH) return { ok: false, path, problem: `is nested more than ${MAX_DEPTH} levels deep` };
  if (ancestors.has(value)) return { ok: false, path, problem: 'refers back to itself' };
  if (value instanceof Date) return { ok: false, path, problem: 'is a Date; use seconds since 1970 (NumericDate) or an ISO string' };
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        if (++budget.members > MAX_MEMBERS) return { ok: false, path, problem: 'is too large' };
        const item: unknown = value[i];
        if (item === undefined) return { ok: false, path: `${path}[${i}]`, problem: 'is undefined, which JSON would turn into null' };
        const r = copy(item, `${path}[${i}]`, depth + 1, ancestors, budget);
        if (!r.ok) return r;
        out.push(r.value);
      }
      return { ok: true, value: out };
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return { ok: false, path, problem: 'is not a plain object' };
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const name of Object.keys(value)) {
      if (++budget.members > MAX_MEMBERS) return { ok: false, path, problem: 'is too large' };
      if (name === '__proto__') return { ok: false, path: `${path}.__proto__`, problem: 'is a member named "__proto__", which receivers that merge claims into objects would turn into a prototype' };
      const item: unknown = (value as Record<string, unknown>)[name];
      if (item === undefined) continue; // an unset optional member: left out, as JSON.stringify does
      const r = copy(item, `${path}.${name}`, depth + 1, ancestors, budget);
      if (!r.ok) return r;
      out[name] = r.value;
    }
    return { ok: true, value: out };
  } finally {
    ancestors.delete(value);
  }
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
