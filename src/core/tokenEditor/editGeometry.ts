// Text geometry of a profile for the range edits: lines, columns, the file's
// indentation step, where a key's colon and a pair's last line are.

import { isMap, isScalar, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import type { AnyPair } from './editTypes';

export class Context {
  readonly eol: string;
  private unitCache: number | undefined;
  constructor(readonly text: string, readonly doc: Document) {
    const nl = text.indexOf('\n');
    this.eol = nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
  }
  lineStart(p: number): number {
    return this.text.lastIndexOf('\n', p - 1) + 1;
  }
  column(p: number): number {
    return p - this.lineStart(p);
  }
  /** The line holding `p`: where its break starts (before any \r) and where the next line starts. */
  lineEnd(p: number): { brk: number; next: number } {
    const nl = this.text.indexOf('\n', p);
    if (nl === -1) return { brk: this.text.length, next: this.text.length };
    return { brk: nl > 0 && this.text[nl - 1] === '\r' ? nl - 1 : nl, next: nl + 1 };
  }
  /** Only spaces before `p` on its line: the key starts its own line. */
  startsLine(p: number): boolean {
    return /^ *$/.test(this.text.slice(this.lineStart(p), p));
  }
  /** Skips whole comment lines indented at least `minIndent`: they belong to the block above. */
  skipComments(p: number, minIndent: number): number {
    let at = p;
    while (at < this.text.length) {
      const { next } = this.lineEnd(at);
      const line = this.text.slice(at, next);
      const m = /^( *)#/.exec(line);
      if (!m || (m[1] as string).length < minIndent) break;
      at = next;
    }
    return at;
  }
  /** The indentation step of the file: first nested block mapping, else 2. */
  unit(): number {
    if (this.unitCache !== undefined) return this.unitCache;
    let unit = 2;
    if (this.doc.contents) visit(this.doc, {
      Pair: (_k, pair) => {
        const v = pair.value;
        const k = pair.key as Node | null;
        if (isMap(v) && !v.flow && v.items[0] && isScalar(v.items[0].key) && k?.range) {
          const step = this.column((v.items[0].key as Node).range?.[0] ?? 0) - this.column(k.range[0]);
          if (step > 0) {
            unit = step;
            return visit.BREAK;
          }
        }
        return undefined;
      },
    });
    this.unitCache = unit;
    return unit;
  }
  /** Offset of the `:` after a key, or -1 (explicit `? key` and `{ a }` have none on the key's line). */
  colonAfter(key: Node): number {
    const from = key.range?.[1] ?? -1;
    if (from < 0) return -1;
    const m = /^[ \t]*:/.exec(this.text.slice(from, from + 200));
    return m ? from + m[0].length - 1 : -1;
  }
}

export function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || (isScalar(v) && v.value === null && !!v.range && v.range[0] === v.range[1]);
}

/** Where the last line of a pair's value ends (for a null value: the key's line). */
export function pairLastLine(ctx: Context, pair: AnyPair, colon: number): { brk: number; next: number } {
  const v = pair.value as Node | null;
  if (isEmptyValue(v) || !v?.range) return ctx.lineEnd(colon);
  const end = v.range[1];
  return ctx.lineEnd(end > 0 && ctx.text[end - 1] === '\n' ? end - 1 : end);
}

export function hasProps(v: Node): boolean {
  return Boolean((v as { tag?: string }).tag || v.anchor);
}

/** Where a value's tag/anchor starts: the first thing after the `:` on the key's line, or -1. */
export function propsStart(ctx: Context, pair: AnyPair): number {
  const colon = ctx.colonAfter(pair.key as Node);
  const v = pair.value as Node;
  if (colon < 0 || !v.range) return -1;
  const m = /^[ \t]+[!&]/.exec(ctx.text.slice(colon + 1, v.range[0]));
  return m ? colon + m[0].length : -1;
}

export function flowItemEnd(p: AnyPair): number {
  const k = (p.key as Node).range?.[1] ?? -1;
  const v = p.value as Node | null;
  return v?.range && !isEmptyValue(v) ? Math.max(k, v.range[1]) : k;
}
