// Form edits to a profile (`*.jwt.yaml`) as minimal text edits. The Token
// Editor and the YAML text edit the same document, so a form change must touch
// only the bytes it is about: comments, blank lines, key order, quoting and
// line endings elsewhere stay byte-identical. Block layouts are edited by
// source ranges; every result is re-parsed and checked, and layouts the range
// edits do not handle (explicit `? key`, anchored block values, `{ a }`) go
// through yaml's Document API, trimmed to the region that changed.

//
// Files: edits.ts (this entry: editProfile), editTypes.ts (types, applying
// edits), editGeometry.ts (lines and ranges), editPlans.ts (the range edits),
// editCheck.ts (the result check and the Document-API fallback).

import { isAlias, isMap, isNode, isScalar, isCollection } from 'yaml';
import type { Document } from 'yaml';
import type { Result } from '../base/types';
import { parseYaml } from '../text/yamlLimits';
import { fail } from '../base/result';
import { isPlainObject } from '../base/guards';
import type { ProfileEdit, ProfilePath, Step, TextEdit } from './editTypes';
import { pairOf, PARSE_OPTIONS } from './editTypes';
import { Context } from './editGeometry';
import { planDirect } from './editPlans';
import { expectedData, producesData, viaDocument } from './editCheck';

export type { ProfileEdit, ProfilePath, TextEdit } from './editTypes';
export { applyTextEdits } from './editTypes';

const MAX_TEXT = 1_000_000; // same bound as parseProfile
const MAX_PATH = 4;
const MAX_VALUE_DEPTH = 32;

/** The text edits for one form change; ok:false (never a throw) when the YAML or the path does not allow it. */
export function editProfile(text: string, edit: ProfileEdit): Result<{ edits: TextEdit[] }> {
  try {
    return editUnchecked(text, edit);
  } catch (e) {
    return fail('INTERNAL', `The change could not be made (${e instanceof Error ? e.message : String(e)}); make it in the YAML text.`);
  }
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
