// Checking an edit's result and the fallback: the data the edit should
// produce, whether a set of text edits produces it, and yaml's Document API for
// layouts the range edits do not handle, trimmed to the region that changed.

import { isMap, isNode } from 'yaml';
import type { Document } from 'yaml';
import { isPlainObject } from '../base/guards';
import { parseYaml } from '../text/yamlLimits';
import { deepEqual } from '../text/yamlWrite';
import type { ProfileEdit, TextEdit } from './editTypes';
import { applyTextEdits, pairOf, PARSE_OPTIONS } from './editTypes';

/** The data the edit should produce, built without touching `data`. */
export function expectedData(data: unknown, edit: ProfileEdit): unknown {
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

export function producesData(text: string, edits: readonly TextEdit[], expected: unknown): boolean {
  const parsed = parseYaml(applyTextEdits(text, edits), PARSE_OPTIONS);
  if (!parsed.ok) return false;
  const doc = parsed.doc;
  if (doc.errors.length) return false;
  const data = doc.toJS({ maxAliasCount: 50 }) as unknown;
  return deepEqual(data ?? {}, expected);
}

/** yaml's Document API for layouts the range edits do not cover (it changes `doc`, which is not used after); one edit spanning only what changed. */
export function viaDocument(text: string, eol: string, edit: ProfileEdit, doc: Document): TextEdit[] | undefined {
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
