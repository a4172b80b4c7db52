// Offsets of YAML nodes, so every diagnostic points at the exact text it is about.

import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair } from 'yaml';

export interface ProfileDiagnostic {
  /** [start, end) offsets into the YAML text. */
  start: number;
  end: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  code: string;
  message: string;
}

export type Range = readonly [number, number];

export function nodeRange(node: unknown): Range | undefined {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  return r ? [r[0], r[1]] : undefined;
}

/** Pairs of the larger mappings by key text, built on the first lookup: one diagnostic per key must not rescan the mapping. */
const pairIndex = new WeakMap<object, { size: number; byKey: Map<string, Pair<Node, Node>> }>();
const INDEX_FROM = 16;

/** The pair for `key` in a map node (the first, when a key repeats). */
export function pairOf(map: unknown, key: string | number): Pair<Node, Node> | undefined {
  if (!isMap(map)) return undefined;
  const wanted = String(key);
  if (map.items.length < INDEX_FROM) {
    for (const item of map.items) {
      if (isPair(item) && isScalar(item.key) && String(item.key.value) === wanted) return item as Pair<Node, Node>;
    }
    return undefined;
  }
  let index = pairIndex.get(map);
  if (!index || index.size !== map.items.length) {
    const byKey = new Map<string, Pair<Node, Node>>();
    for (const item of map.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const text = String(item.key.value);
      if (!byKey.has(text)) byKey.set(text, item as Pair<Node, Node>);
    }
    index = { size: map.items.length, byKey };
    pairIndex.set(map, index);
  }
  return index.byKey.get(wanted);
}

/** Walks a document by a path of keys and indexes; returns the deepest pair found (for key ranges) and the node at the end. */
export function locate(doc: Document, path: ReadonlyArray<string | number>): { node?: unknown; keyRange?: Range; valueRange?: Range; depth: number } {
  let node: unknown = doc.contents;
  let keyRange: Range | undefined;
  let depth = 0;
  for (const step of path) {
    if (isMap(node)) {
      const pair = pairOf(node, step);
      if (!pair) break;
      keyRange = nodeRange(pair.key);
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step];
      if (item === undefined) break;
      node = item;
      keyRange = nodeRange(item);
    } else break;
    depth += 1;
  }
  return { node, keyRange, valueRange: nodeRange(node), depth };
}

/** The best range for a path: the value when found, else the nearest key above it, else the start of the text. */
export function rangeFor(doc: Document, path: ReadonlyArray<string | number>, prefer: 'key' | 'value' = 'value'): Range {
  const found = locate(doc, path);
  if (found.depth === path.length) {
    const r = prefer === 'key' ? found.keyRange ?? found.valueRange : found.valueRange ?? found.keyRange;
    if (r) return trimRange(r);
  }
  if (found.keyRange) return found.keyRange;
  return [0, 0];
}

function trimRange(r: Range): Range {
  return r[1] > r[0] ? r : [r[0], r[0]];
}

/** Start and end of the line holding `offset`, without the line break. */
export function lineRangeAt(text: string, offset: number): Range {
  const at = Math.max(0, Math.min(offset, text.length));
  const start = text.lastIndexOf('\n', at - 1) + 1;
  let end = text.indexOf('\n', at);
  if (end === -1) end = text.length;
  if (end > start && text[end - 1] === '\r') end -= 1;
  return [start, end];
}
