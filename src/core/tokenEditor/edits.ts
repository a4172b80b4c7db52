// Form edits to a profile (`*.jwt.yaml`) as minimal text edits. The Token
// Editor and the YAML text edit the same document, so a form change must touch
// only the bytes it is about: comments, blank lines, key order, quoting and
// line endings elsewhere stay byte-identical. Block layouts are edited by
// source ranges; every result is re-parsed and checked, and layouts the range
// edits do not handle (explicit `? key`, anchored block values, `{ a }`) go
// through yaml's Document API, trimmed to the region that changed.

import { isAlias, isMap, isNode, isScalar, isCollection, parse, visit } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { Result } from '../base/types';
import { parseYaml } from '../text/yamlLimits';
import { fail } from '../base/result';
import { isPlainObject } from '../base/guards';

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

const MAX_TEXT = 1_000_000; // same bound as parseProfile
const MAX_PATH = 4;
const MAX_VALUE_DEPTH = 32;
const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: true, logLevel: 'error', what: 'profile' } as const;

type AnyPair = Pair<unknown, unknown>;
type Plan = { edits: TextEdit[] } | 'fallback';

/** The text edits for one form change; ok:false (never a throw) when the YAML or the path does not allow it. */
export function editProfile(text: string, edit: ProfileEdit): Result<{ edits: TextEdit[] }> {
  try {
    return editUnchecked(text, edit);
  } catch (e) {
    return fail('INTERNAL', `The change could not be made (${e instanceof Error ? e.message : String(e)}); make it in the YAML text.`);
  }
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

/** Edits that touch become one, so an editor never has to order an insert against a deletion at the same offset. */
function joinTouching(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const prev = out.at(-1);
    if (prev && prev.end === e.start) out[out.length - 1] = { start: prev.start, end: e.end, newText: prev.newText + e.newText };
    else out.push({ ...e });
  }
  return out;
}


function editUnchecked(text: string, edit: ProfileEdit): Result<{ edits: TextEdit[] }> {
  if (text.length > MAX_TEXT) return fail('TOO_LARGE', 'This profile is over 1 MB; edit it as text.');
  const problem = checkEdit(edit);
  if (problem) return fail('EDIT_REFUSED', problem);

  // Bounded like parseProfile: the form refuses what the diagnostics refuse.
  const parsed = parseYaml(text, PARSE_OPTIONS);
  if (!parsed.ok) return fail('YAML_LIMIT', `${parsed.hit.message} Edit it as text.`);
  const doc = parsed.doc;
  const first = doc.errors[0];
  if (first) {
    return fail('EDIT_REFUSED', `The profile is not valid YAML (${first.message.split('\n')[0]}); fix the text, then use the form again.`);
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    return fail('EDIT_REFUSED', 'The profile must be a mapping of keys (preset:, key:, claims:, …) at the top level; fix the YAML text first.');
  }

  const walk = walkPath(doc, edit.path);
  if ('refuse' in walk) return fail('EDIT_REFUSED', walk.refuse);
  const found = walk.steps.length === edit.path.length && walk.steps.at(-1)?.pair !== undefined;
  if (edit.op === 'remove' && !found) return { ok: true, edits: [] };
  if (edit.op === 'rename') {
    const label = edit.path.join('.');
    if (!found) return fail('EDIT_REFUSED', `There is no \`${label}\` to rename.`);
    if (edit.to === edit.path.at(-1)) return { ok: true, edits: [] };
    const map = walk.steps.at(-1)?.map;
    if (map && pairOf(map, edit.to)) {
      return fail('EDIT_REFUSED', `\`${[...edit.path.slice(0, -1), edit.to].join('.')}\` already exists; remove or rename that one first.`);
    }
  }

  const shared = [...walk.steps.map((s) => s.map), walk.steps.at(-1)?.pair?.value].find((n) => isNode(n) && n.anchor);
  if (isNode(shared)) {
    return fail('EDIT_REFUSED', `This part of the profile is shared through the YAML anchor &${shared.anchor}, so the change would reach every *${shared.anchor} too; edit it in the YAML text.`);
  }

  const expected = expectedData(doc.toJS({ maxAliasCount: 50 }), edit);
  const ctx = new Context(text, doc);
  const plan = planDirect(ctx, edit, walk.steps);
  if (plan !== 'fallback' && producesData(text, plan.edits, expected)) return { ok: true, edits: joinTouching(plan.edits) };

  const viaDoc = viaDocument(text, ctx.eol, edit, doc);
  if (viaDoc && producesData(text, viaDoc, expected)) return { ok: true, edits: viaDoc };
  return fail('EDIT_REFUSED', 'This change could not be made without disturbing the rest of the file; make it in the YAML text.');
}

function checkEdit(edit: ProfileEdit): string | undefined {
  const path = edit.path as unknown;
  if (!Array.isArray(path) || path.length === 0 || path.length > MAX_PATH) return `A profile path has 1 to ${MAX_PATH} keys.`;
  if (path.some((k) => typeof k !== 'string' || k.length === 0)) return 'Every key in a profile path must be a non-empty string.';
  if (edit.op === 'rename' && (typeof edit.to !== 'string' || edit.to.length === 0)) return 'A key cannot be renamed to an empty name.';
  if (edit.op === 'set') return checkValue(edit.value, 0);
  if (edit.op !== 'remove' && edit.op !== 'rename') return `Unknown edit "${String((edit as { op: unknown }).op)}".`;
  return undefined;
}

/** JSON-compatible only: what the form can produce and the YAML can hold without tags. */
function checkValue(v: unknown, depth: number): string | undefined {
  if (depth > MAX_VALUE_DEPTH) return 'The value is nested too deeply.';
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : 'Numbers must be finite.';
  if (Array.isArray(v)) {
    for (const x of v) {
      const p = checkValue(x, depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  if (isPlainObject(v)) {
    for (const x of Object.values(v)) {
      const p = checkValue(x, depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  return `A value of type ${v instanceof Object ? v.constructor.name : typeof v} cannot be written to a profile; use strings, numbers, booleans, null, lists and plain objects.`;
}

// ---------------------------------------------------------------- path walk

interface Step {
  /** The mapping this step's key is looked up in; undefined when that mapping does not exist yet (or is an empty value). */
  map?: YAMLMap<unknown, unknown>;
  pair?: AnyPair;
}

/** Steps down the path as far as it exists; refuses when a step meets a scalar or list (the user must fix that first). */
function walkPath(doc: Document, path: ProfilePath): { steps: Step[] } | { refuse: string } {
  const steps: Step[] = [];
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string;
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) {
      steps.push({});
      break;
    }
    if (!isMap(node)) {
      const where = path.slice(0, i).join('.');
      const what = isAlias(node) ? `an alias (*${node.source})` : isCollection(node) ? 'a list' : `a scalar (${String((node as { source?: unknown; value?: unknown }).source ?? (node as { value?: unknown }).value)})`;
      return { refuse: `\`${where}\` is ${what}, not a mapping: change it to a mapping in the YAML (for example \`${path[i - 1]}: {}\`) first.` };
    }
    const pair = pairOf(node, key);
    steps.push({ map: node, pair });
    if (!pair) break;
    node = pair.value;
  }
  return { steps };
}

function pairOf(map: YAMLMap<unknown, unknown>, key: string): AnyPair | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
}

// ---------------------------------------------------------------- text geometry

class Context {
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

function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || (isScalar(v) && v.value === null && !!v.range && v.range[0] === v.range[1]);
}

/** Where the last line of a pair's value ends (for a null value: the key's line). */
function pairLastLine(ctx: Context, pair: AnyPair, colon: number): { brk: number; next: number } {
  const v = pair.value as Node | null;
  if (isEmptyValue(v) || !v?.range) return ctx.lineEnd(colon);
  const end = v.range[1];
  return ctx.lineEnd(end > 0 && ctx.text[end - 1] === '\n' ? end - 1 : end);
}

// ---------------------------------------------------------------- direct edits

function planDirect(ctx: Context, edit: ProfileEdit, steps: Step[]): Plan {
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

function hasProps(v: Node): boolean {
  return Boolean((v as { tag?: string }).tag || v.anchor);
}

/** Where a value's tag/anchor starts: the first thing after the `:` on the key's line, or -1. */
function propsStart(ctx: Context, pair: AnyPair): number {
  const colon = ctx.colonAfter(pair.key as Node);
  const v = pair.value as Node;
  if (colon < 0 || !v.range) return -1;
  const m = /^[ \t]+[!&]/.exec(ctx.text.slice(colon + 1, v.range[0]));
  return m ? colon + m[0].length : -1;
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

function flowItemEnd(p: AnyPair): number {
  const k = (p.key as Node).range?.[1] ?? -1;
  const v = p.value as Node | null;
  return v?.range && !isEmptyValue(v) ? Math.max(k, v.range[1]) : k;
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

// ---------------------------------------------------------------- scalars

const PLAIN_FIRST = /^[\p{L}\p{N}_/.$~^=<>()+;\\]/u;
const PLAIN_REST = /^[\p{L}\p{N}_/.$~^=<>()+;\\@:' !%&*?-]*$/u;
const plainCache = new Map<string, boolean>();

/** YAML text for a JSON value in flow style; it reads back as exactly that value. */
function flowText(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return scalarText(v);
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(flowText).join(', ')}]`;
  const entries = Object.entries(v as object);
  return entries.length ? `{ ${entries.map(([k, x]) => `${scalarText(k)}: ${flowText(x)}`).join(', ')} }` : '{}';
}

/** Plain when every YAML reader (1.2 and 1.1, block and flow, key and value) reads it back unchanged; else double-quoted. */
function scalarText(s: string): string {
  return isPlainSafe(s) ? s : doubleQuoted(s);
}

function isPlainSafe(s: string): boolean {
  if (!PLAIN_FIRST.test(s) || !PLAIN_REST.test(s.slice(1)) || s.length > 200) return false;
  if (s.endsWith(' ') || s.endsWith(':') || s.includes(': ')) return false;
  const cached = plainCache.get(s);
  if (cached !== undefined) return cached;
  let ok = false;
  try {
    // Five parses of at most 200 characters each: small enough to need no bounds.
    const same = (yaml: string, expected: unknown, version: '1.1' | '1.2' = '1.2'): boolean => deepEqual(parse(yaml, { version, logLevel: 'silent' }), expected);
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

// ---------------------------------------------------------------- checking and the fallback

/** The data the edit should produce, built without touching `data`. */
function expectedData(data: unknown, edit: ProfileEdit): unknown {
  const at = (node: unknown, i: number): unknown => {
    const obj = isPlainObject(node) ? node : {};
    const key = edit.path[i] as string;
    if (i < edit.path.length - 1) return { ...obj, [key]: at(Object.hasOwn(obj, key) ? obj[key] : undefined, i + 1) };
    const { [key]: old, ...rest } = obj;
    if (edit.op === 'set') return { ...rest, [key]: edit.value };
    if (edit.op === 'rename') return { ...rest, [edit.to]: old };
    return rest;
  };
  return at(data, 0);
}

function producesData(text: string, edits: readonly TextEdit[], expected: unknown): boolean {
  const parsed = parseYaml(applyTextEdits(text, edits), PARSE_OPTIONS);
  if (!parsed.ok) return false;
  const doc = parsed.doc;
  if (doc.errors.length) return false;
  const data = doc.toJS({ maxAliasCount: 50 }) as unknown;
  return deepEqual(data ?? {}, expected);
}

/** yaml's Document API for layouts the range edits do not cover (it changes `doc`, which is not used after); one edit spanning only what changed. */
function viaDocument(text: string, eol: string, edit: ProfileEdit, doc: Document): TextEdit[] | undefined {
  let out: string;
  try {
    if (edit.op === 'set') {
      const old = doc.getIn(edit.path, true);
      const node = doc.createNode(edit.value);
      // Keep the comments yaml attached to the node being replaced.
      if (isNode(old)) Object.assign(node, { comment: old.comment, commentBefore: old.commentBefore, spaceBefore: old.spaceBefore });
      doc.setIn(edit.path, node);
    }
    else if (edit.op === 'remove') doc.deleteIn(edit.path);
    else {
      const parent = edit.path.length > 1 ? doc.getIn(edit.path.slice(0, -1), true) : doc.contents;
      const pair = isMap(parent) ? pairOf(parent, edit.path.at(-1) as string) : undefined;
      if (!pair) return undefined;
      pair.key = doc.createNode(edit.to);
    }
    out = doc.toString({ lineWidth: 0 });
  } catch {
    return undefined; // e.g. `claims: ~` on the path: yaml will not descend into a scalar
  }
  if (eol === '\r\n') out = out.replace(/\r?\n/g, '\r\n');
  let start = 0;
  while (start < text.length && start < out.length && text[start] === out[start]) start++;
  let tail = 0;
  while (tail < text.length - start && tail < out.length - start && text[text.length - 1 - tail] === out[out.length - 1 - tail]) tail++;
  return [{ start, end: text.length - tail, newText: out.slice(start, out.length - tail) }];
}


function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}
