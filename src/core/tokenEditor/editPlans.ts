// Range edits: a form change written into the profile's own text at the
// source ranges yaml reports, so comments, order, quoting and line endings
// elsewhere stay byte-identical. A layout these do not handle returns
// 'fallback' (editCheck.ts has the Document-API route).

import { isCollection, isScalar } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import { isPlainObject } from '../base/guards';
import { flowText, scalarText } from '../text/yamlWrite';
import type { AnyPair, Plan, ProfileEdit, ProfilePath, Step, TextEdit } from './editTypes';
import type { Context } from './editGeometry';
import { flowItemEnd, hasProps, isEmptyValue, pairLastLine, propsStart } from './editGeometry';

export function planDirect(ctx: Context, edit: ProfileEdit, steps: Step[]): Plan {
  const last = steps.at(-1) as Step;
  const depth = steps.length - 1;
  if (edit.op === 'rename') {
    const key = last.pair?.key as Node;
    if (!key.range) return 'fallback';
    return { edits: [{ start: key.range[0], end: key.range[1], newText: scalarText(edit.to) }] };
  }
  if (edit.op === 'remove') return planRemove(ctx, steps);
  if (last.pair) return planReplace(ctx, last.pair, last.map as YAMLMap<unknown, unknown>, edit.value);
  // Missing from `depth` down: nest the rest of the path around the value.
  const keys = edit.path.slice(depth);
  if (last.map) return planInsert(ctx, last.map, keys, edit.value, depth > 0 ? steps[depth - 1] : undefined);
  if (depth === 0) return planInsertRoot(ctx, keys, edit.value);
  const parent = steps[depth - 1] as Step;
  return planFillEmpty(ctx, parent, keys, edit.value);
}

function planReplace(ctx: Context, pair: AnyPair, map: YAMLMap<unknown, unknown>, value: unknown): Plan {
  const v = pair.value as Node | null;
  const key = pair.key as Node;
  if (!map.flow && key.range && ctx.startsLine(key.range[0])) {
    const indent = ctx.column(key.range[0]);
    const block = blockValue(value, indent + ctx.unit(), ctx.unit(), indent + (key.range[1] - key.range[0]) + 2);
    if ('lines' in block) return planReplaceWithLines(ctx, pair, block.lines);
  }
  const newText = flowText(value);
  if (isEmptyValue(v)) {
    const colon = ctx.colonAfter(pair.key as Node);
    return colon < 0 ? 'fallback' : { edits: [{ start: colon + 1, end: colon + 1, newText: ' ' + newText }] };
  }
  if (!v?.range) return 'fallback';
  const blockScalar = isScalar(v) && (v.type === 'BLOCK_LITERAL' || v.type === 'BLOCK_FOLDED');
  if (blockScalar) {
    // Replace the `|` header and drop the content lines, keeping any comment after the header.
    const header = /^[|>][-+0-9]*/.exec(ctx.text.slice(v.range[0]))?.[0] ?? '';
    const headerLine = ctx.lineEnd(v.range[0]);
    const lastLine = pairLastLine(ctx, pair, 0);
    const edits: TextEdit[] = [{ start: v.range[0], end: v.range[0] + header.length, newText }];
    if (lastLine.brk > headerLine.brk) edits.push({ start: headerLine.brk, end: lastLine.brk, newText: '' });
    return { edits };
  }
  if (isCollection(v) && !v.flow) {
    if (map.flow || hasProps(v)) return 'fallback';
    // A block collection becomes a flow value on the key's line; its own lines go.
    const colon = ctx.colonAfter(pair.key as Node);
    if (colon < 0) return 'fallback';
    const keyLine = ctx.lineEnd(colon);
    const lastLine = pairLastLine(ctx, pair, colon);
    const edits: TextEdit[] = [{ start: colon + 1, end: colon + 1, newText: ' ' + newText }];
    if (lastLine.brk > keyLine.brk) edits.push({ start: keyLine.brk, end: lastLine.brk, newText: '' });
    return { edits };
  }
  // A tag or anchor (`!!str 5`, `&a 5`) goes with the old value: it would misread the new one.
  const start = hasProps(v) ? propsStart(ctx, pair) : v.range[0];
  if (start < 0) return 'fallback';
  if (ctx.text.slice(start, v.range[1]) === newText) return { edits: [] };
  return { edits: [{ start, end: v.range[1], newText }] };
}

/** A value becomes lines below its key: what was on the key's line after the `:` goes (a comment stays), and so do the old value's own lines. */
function planReplaceWithLines(ctx: Context, pair: AnyPair, lines: readonly string[]): Plan {
  const v = pair.value as Node | null;
  const colon = ctx.colonAfter(pair.key as Node);
  if (colon < 0 || (v && hasProps(v))) return 'fallback';
  const keyLine = ctx.lineEnd(colon);
  const lastLine = pairLastLine(ctx, pair, colon);
  const edits: TextEdit[] = [];
  if (!isEmptyValue(v) && v?.range && v.range[0] < keyLine.brk) {
    const blockScalar = isScalar(v) && (v.type === 'BLOCK_LITERAL' || v.type === 'BLOCK_FOLDED');
    // The part of the old value on the key's line: a block scalar's header, or a whole scalar / flow value.
    const end = blockScalar ? v.range[0] + (/^[|>][-+0-9]*/.exec(ctx.text.slice(v.range[0]))?.[0].length ?? 0) : v.range[1];
    if (!blockScalar && end > keyLine.brk) return 'fallback'; // a flow value over several lines
    edits.push({ start: colon + 1, end, newText: '' });
  }
  edits.push({ start: keyLine.brk, end: Math.max(keyLine.brk, lastLine.brk), newText: lines.map((l) => ctx.eol + l).join('') });
  return { edits };
}

function planRemove(ctx: Context, steps: Step[]): Plan {
  const { map, pair } = steps.at(-1) as Step & { map: YAMLMap<unknown, unknown>; pair: AnyPair };
  const key = pair.key as Node;
  if (!key.range) return 'fallback';
  const index = map.items.indexOf(pair);
  if (map.flow) {
    if (!map.range) return 'fallback';
    if (map.items.length === 1) return { edits: [{ start: map.range[0] + 1, end: map.range[1] - 1, newText: '' }] };
    const startOf = (p: AnyPair): number => (p.key as Node).range?.[0] ?? -1;
    if (index < map.items.length - 1) {
      const next = map.items[index + 1] as AnyPair;
      return { edits: [{ start: key.range[0], end: startOf(next), newText: '' }] };
    }
    const prev = map.items[index - 1] as AnyPair;
    return { edits: [{ start: flowItemEnd(prev), end: flowItemEnd(pair), newText: '' }] };
  }
  const colon = ctx.colonAfter(key);
  if (colon < 0 || !ctx.startsLine(key.range[0])) return 'fallback';
  const indent = ctx.column(key.range[0]);
  let start = ctx.lineStart(key.range[0]);
  const end = ctx.skipComments(pairLastLine(ctx, pair, colon).next, indent + 1);
  // A file without a final newline keeps lacking one.
  if (end === ctx.text.length && !ctx.text.endsWith('\n') && start > 0) start -= ctx.text[start - 2] === '\r' ? 2 : 1;
  const edits: TextEdit[] = [{ start, end, newText: '' }];
  if (map.items.length === 1 && steps.length > 1) {
    // Leave `parent: {}` rather than `parent:` (null), so it still reads as a mapping.
    const parentKey = (steps[steps.length - 2] as Step).pair?.key as Node;
    const parentColon = ctx.colonAfter(parentKey);
    if (parentColon < 0) return 'fallback';
    edits.push({ start: parentColon + 1, end: parentColon + 1, newText: ' {}' });
  }
  return { edits };
}

function planInsert(ctx: Context, map: YAMLMap<unknown, unknown>, keys: ProfilePath, value: unknown, holder?: Step): Plan {
  if (map.flow) {
    if (!map.range) return 'fallback';
    // `claims: {}` is "nothing yet", not a chosen style: in a block mapping it becomes a block like the rest of the file.
    const inside = ctx.text.slice(map.range[0] + 1, map.range[1] - 1);
    if (map.items.length === 0 && inside.trim() === '' && holder?.pair && holder.map && !holder.map.flow && !map.anchor && !(map as { tag?: string }).tag) {
      const key = holder.pair.key as Node;
      if (key.range && ctx.startsLine(key.range[0])) {
        const lines = blockLines(ctx, keys, value, ctx.column(key.range[0]) + ctx.unit());
        return planReplaceWithLines(ctx, holder.pair, lines);
      }
    }
    const item = `${scalarText(keys[0] as string)}: ${flowText(nest(keys.slice(1), value))}`;
    const lastItem = map.items.at(-1);
    if (lastItem) return { edits: [{ start: flowItemEnd(lastItem), end: flowItemEnd(lastItem), newText: `, ${item}` }] };
    if (inside.trim() !== '') return 'fallback';
    return { edits: [{ start: map.range[0] + 1, end: map.range[1] - 1, newText: ` ${item} ` }] };
  }
  if (map === ctx.doc.contents) return planInsertRoot(ctx, keys, value);
  const lastPair = map.items.at(-1);
  const firstKey = map.items[0]?.key as Node | undefined;
  if (!lastPair || !firstKey?.range || !ctx.startsLine(firstKey.range[0])) return 'fallback';
  const colon = ctx.colonAfter(lastPair.key as Node);
  if (colon < 0) return 'fallback';
  const indent = ctx.column(firstKey.range[0]);
  // After the last item and any comment lines indented as its items; a less indented comment introduces what follows.
  const at = ctx.skipComments(pairLastLine(ctx, lastPair, colon).next, indent);
  return { edits: [insertLines(ctx, at, blockLines(ctx, keys, value, indent))] };
}

/** New top-level keys go at the end of the file. */
function planInsertRoot(ctx: Context, keys: ProfilePath, value: unknown): Plan {
  return { edits: [insertLines(ctx, ctx.text.length, blockLines(ctx, keys, value, 0))] };
}

/** `parent:` with no value (or `~`) gets its first child. */
function planFillEmpty(ctx: Context, parent: Step, keys: ProfilePath, value: unknown): Plan {
  const pair = parent.pair as AnyPair;
  const key = pair.key as Node;
  const v = pair.value as Node | null;
  if (parent.map?.flow || !key.range || !ctx.startsLine(key.range[0])) return 'fallback';
  if (!isEmptyValue(v) && (!v?.range || hasProps(v))) return 'fallback';
  return planReplaceWithLines(ctx, pair, blockLines(ctx, keys, value, ctx.column(key.range[0]) + ctx.unit()));
}

/** `a:` / `  b:` / `    c: value` lines for a path that does not exist yet. */
function blockLines(ctx: Context, keys: ProfilePath, value: unknown, indent: number): string[] {
  const nested = keys.slice(0, -1).reduceRight<Record<string, unknown>>((inner, k) => ({ [k]: inner }), { [keys.at(-1) as string]: value });
  return entryLines(nested, indent, ctx.unit());
}

/** Columns a value may take on its key's line before it is written as lines below the key. */
const LINE_WIDTH = 80;

/**
 * A JSON value in block style, as the rest of a hand-written profile is:
 * scalars, empty collections and lists of scalars (or of short lists) that fit
 * on the key's line stay there in flow style (`[twitter, ada]`); mappings and
 * longer lists become lines at `indent`. `column` is where an inline value would start.
 */
function blockValue(value: unknown, indent: number, unit: number, column: number): { inline: string } | { lines: string[] } {
  if (value === null || typeof value !== 'object') return { inline: flowText(value) };
  if (Array.isArray(value)) {
    if (value.length === 0) return { inline: '[]' };
    const flat = value.every((x) => x === null || typeof x !== 'object' || (Array.isArray(x) && x.every((y) => y === null || typeof y !== 'object')));
    const text = flowText(value);
    if (flat && column + text.length <= LINE_WIDTH) return { inline: text };
    const pad = ' '.repeat(indent);
    const lines: string[] = [];
    for (const item of value) {
      if (isPlainObject(item) && Object.keys(item).length > 0) {
        // `- a: 1` / `  b: 2`: the mapping starts on the dash's line.
        const inner = entryLines(item, indent + 2, unit);
        lines.push(`${pad}- ${(inner[0] as string).slice(indent + 2)}`, ...inner.slice(1));
        continue;
      }
      const r = blockValue(item, indent + unit, unit, indent + 2);
      if ('inline' in r) lines.push(`${pad}- ${r.inline}`);
      else lines.push(`${pad}-`, ...r.lines);
    }
    return { lines };
  }
  const entries = Object.keys(value);
  return entries.length === 0 ? { inline: '{}' } : { lines: entryLines(value as Record<string, unknown>, indent, unit) };
}

/** `key: value` lines of a mapping at `indent`, nested values below their keys. */
function entryLines(map: Record<string, unknown>, indent: number, unit: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [k, x] of Object.entries(map)) {
    const key = scalarText(k);
    const r = blockValue(x, indent + unit, unit, indent + key.length + 2);
    if ('inline' in r) lines.push(`${pad}${key}: ${r.inline}`);
    else lines.push(`${pad}${key}:`, ...r.lines);
  }
  return lines;
}

function insertLines(ctx: Context, at: number, lines: string[]): TextEdit {
  const body = lines.join(ctx.eol);
  const atLineStart = at === 0 || ctx.text[at - 1] === '\n';
  // Text without a final newline stays without one.
  const newText = atLineStart ? body + ctx.eol : ctx.eol + body;
  return { start: at, end: at, newText };
}

function nest(keys: ProfilePath, value: unknown): unknown {
  return keys.reduceRight<unknown>((inner, k) => ({ [k]: inner }), value);
}
