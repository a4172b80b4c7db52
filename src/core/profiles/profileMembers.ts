// Members that reach prototypes: header names refused outright, the
// prototype-free copies a profile's sections are held in, and the walk that
// finds "__proto__" and "constructor.prototype" keys at any depth.

import { isAlias, isMap, isScalar, isSeq } from 'yaml';

/** Header member names that lead from an object to a prototype when code merges data into objects. */
export const PROTOTYPE_NAMES: readonly string[] = ['__proto__', 'constructor'];
/** YAML nodes looked at when searching a section for those names (the text is at most 1 MB). */
const MAX_NODES_WALKED = 200_000;

/**
 * A mapping's own members in an object with no prototype: a member named
 * "__proto__" stays plain data, and a name the profile does not have (say
 * "toString") is never found by inheritance.
 */
export function ownMembers(source: Record<string, unknown> | undefined): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  if (source) for (const name of Object.keys(source)) out[name] = source[name];
  return out;
}

/**
 * Keys named "__proto__" at any depth of a section, and "constructor" keys
 * holding a mapping with "prototype" (the path deep merges follow to
 * Object.prototype); the header's own top-level names are left to the
 * header check, which refuses both. Walks the YAML nodes, not the
 * JavaScript value: aliases are not expanded and every key keeps its range.
 * Iterative, and bounded in nodes.
 */
export function prototypeKeys(node: unknown, skipTopLevelNames: boolean): Array<{ name: string; key: unknown }> {
  const out: Array<{ name: string; key: unknown }> = [];
  const stack: Array<{ node: unknown; top: boolean }> = [{ node, top: true }];
  let walked = 0;
  while (stack.length > 0 && walked < MAX_NODES_WALKED) {
    const { node: current, top } = stack.pop() as { node: unknown; top: boolean };
    walked += 1;
    if (isAlias(current)) continue;
    if (isMap(current)) {
      for (const pair of current.items) {
        const key = pair.key;
        const name = isScalar(key) ? String(key.value) : undefined;
        const checked = !(top && skipTopLevelNames);
        if (checked && name === '__proto__') out.push({ name, key });
        else if (checked && name === 'constructor' && isMap(pair.value) && pair.value.items.some((p) => isScalar(p.key) && String(p.key.value) === 'prototype')) out.push({ name, key });
        if (pair.value !== null && pair.value !== undefined) stack.push({ node: pair.value, top: false });
      }
    } else if (isSeq(current)) {
      for (const item of current.items) stack.push({ node: item, top: false });
    }
  }
  return out;
}
