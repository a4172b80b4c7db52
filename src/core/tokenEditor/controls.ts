// Where the Token Editor shows diagnostics that are not on a row: beside the
// form control for their part of the profile (preset, key, algorithm …), with
// the 1-based line each one links to.

import { isMap, isPair, isScalar } from 'yaml';
import type { ProfileDiagnostic } from '../text/yamlRanges';
import { nodeRange } from '../text/yamlRanges';
import type { EditorModel, FormControl } from './modelTypes';

const CONTROL_OF: Record<string, FormControl> = { preset: 'preset', key: 'key', alg: 'alg', ttl: 'ttl', registered: 'registered', claims: 'claims', embed: 'embed', encrypt: 'encrypt' };

/**
 * Diagnostics not on a row that lie on a top-level property the form has a
 * control for. A key whose algorithm differs from a written `alg` is reported
 * on the key; the form shows it under the algorithm, where the choice was made.
 */
export function placeOnControls(
  top: unknown,
  diagnostics: readonly ProfileDiagnostic[],
  used: Set<ProfileDiagnostic>,
  algWritten: boolean,
  lineOf: (offset: number) => number,
): EditorModel['controlMessages'] {
  const out: EditorModel['controlMessages'] = {};
  const spans: Array<{ control: FormControl; start: number; end: number }> = [];
  if (isMap(top)) {
    for (const pair of top.items) {
      if (!isScalar(pair.key)) continue;
      const control = Object.hasOwn(CONTROL_OF, String(pair.key.value)) ? CONTROL_OF[String(pair.key.value)] : undefined;
      const k = nodeRange(pair.key);
      if (!control || !k) continue;
      const v = nodeRange(pair.value) ?? k;
      spans.push({ control, start: k[0], end: Math.max(k[1], v[1], k[0] + 1) });
    }
  }
  for (const d of diagnostics) {
    if (used.has(d)) continue;
    let control: FormControl | undefined = d.code === 'KEY_MISSING' ? 'key' : d.code === 'PRESET_MISSING' ? 'preset' : spans.find((sp) => d.start >= sp.start && d.start < sp.end)?.control;
    if (control === 'key' && d.code === 'KEY_ALG_MISMATCH' && algWritten) control = 'alg';
    if (!control) continue;
    used.add(d);
    (out[control] ??= []).push({ severity: d.severity, code: d.code, message: d.message, line: lineOf(d.start) });
  }
  return out;
}

export function scalarText(top: unknown, name: string): string | undefined {
  if (!isMap(top)) return undefined;
  const pair = top.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === name);
  if (!pair || !isScalar(pair.value)) return undefined;
  const v = pair.value.value;
  return v === null || v === undefined ? undefined : String(v);
}

/** 1-based line of an offset, from an index of line starts built once. */
export function lineCounter(text: string): (offset: number) => number {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    // The number of lines that start at or before the offset (a line break itself belongs to its line).
    let lo = 0;
    let hi = starts.length;
    const at = Math.min(offset, text.length);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((starts[mid] as number) <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
