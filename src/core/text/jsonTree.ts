// A JSON value as a tree over its source text, for code that takes JSON apart
// and puts it back together (SD-JWT disclosures placed into the claims they
// belong to): every leaf keeps its text as written, so integers beyond 2^53 and
// escapes survive, and every member keeps its name as written beside the
// decoded one. Built by the JSON scanner (no recursion while reading), bounded
// in depth; written back as compact JSON text that prettyJson can re-indent.

import { decodeStringLiteral, scanJson, Tok } from './jsonScanner';
import type { ScanHandler } from './jsonScanner';

export type RawJson = RawObject | RawArray | RawLeaf;

export interface RawObject {
  type: 'object';
  members: RawMember[];
}

export interface RawArray {
  type: 'array';
  items: RawJson[];
}

export interface RawLeaf {
  type: 'string' | 'number' | 'literal';
  /** The value's source text (a string with its quotes and escapes). */
  raw: string;
  /** The decoded value of a string. */
  text?: string;
}

export interface RawMember {
  /** The name's source text, quotes included. */
  rawName: string;
  name: string;
  value: RawJson;
}

/** The tree of valid JSON text nested at most `maxDepth` deep, or undefined. Never throws. */
export function rawJsonTree(text: string, maxDepth: number): RawJson | undefined {
  const stack: Array<RawObject | RawArray> = [];
  let root: RawJson | undefined;
  let pendingName: { rawName: string; name: string } | undefined;
  let tooDeep = false;
  const place = (node: RawJson): void => {
    const parent = stack[stack.length - 1];
    if (!parent) root = node;
    else if (parent.type === 'array') parent.items.push(node);
    else if (pendingName) {
      parent.members.push({ ...pendingName, value: node });
      pendingName = undefined;
    }
  };
  const handler: ScanHandler = {
    open(kind) {
      if (stack.length >= maxDepth) {
        tooDeep = true;
        throw new RangeError('too deep');
      }
      const node: RawObject | RawArray = kind === 'object' ? { type: 'object', members: [] } : { type: 'array', items: [] };
      place(node);
      stack.push(node);
    },
    close() {
      stack.pop();
    },
    key(start, facts) {
      pendingName = { rawName: text.slice(start, facts.end), name: decodeStringLiteral(text, start, facts.end, facts.hasEscapes) };
    },
    value(tok, start, end, facts) {
      const raw = text.slice(start, end);
      if (tok === Tok.String) place({ type: 'string', raw, text: decodeStringLiteral(text, start, end, facts?.hasEscapes ?? true) });
      else place({ type: tok === Tok.Number ? 'number' : 'literal', raw });
    },
  };
  try {
    if (typeof text !== 'string' || scanJson(text, handler) !== null) return undefined;
  } catch {
    return undefined;
  }
  return tooDeep ? undefined : root;
}

/** Compact JSON text of a tree, every leaf and name as written. */
export function writeRawJson(node: RawJson): string {
  const parts: string[] = [];
  write(node, parts);
  return parts.join('');
}

function write(node: RawJson, parts: string[]): void {
  if (node.type === 'object') {
    parts.push('{');
    node.members.forEach((member, k) => {
      if (k > 0) parts.push(',');
      parts.push(member.rawName, ':');
      write(member.value, parts);
    });
    parts.push('}');
  } else if (node.type === 'array') {
    parts.push('[');
    node.items.forEach((item, k) => {
      if (k > 0) parts.push(',');
      write(item, parts);
    });
    parts.push(']');
  } else {
    parts.push(node.raw);
  }
}

/** The decoded string of a leaf, or undefined for anything else. */
export function rawString(node: RawJson | undefined): string | undefined {
  return node?.type === 'string' ? node.text : undefined;
}
