// JSON Schema `pattern`s from workspace presets are matched against profile
// values, and both come from the workspace. JavaScript's RegExp backtracks:
// `^(a+)+$` takes seconds on thirty characters, and even `\s*x?\s*$` is
// quadratic. So patterns run here instead, as an automaton that reads each
// character of the value once (Thompson's construction, with the sets of
// states it reaches cached as they are met): the time is linear in the value
// whatever the pattern, and a value whose automaton would cost more than
// WORK_BUDGET is refused as too long to check rather than matched slowly.
// The syntax is the one ajv uses (ECMAScript, `u` flag);
// what an automaton cannot do in one pass is refused with a reason when the
// preset is read: backreferences, lookarounds that hold a quantifier,
// alternation, group or another lookaround, and patterns that expand to more
// than MAX_STATES states.
//
// Single characters (a literal, `.`, `\d`, `[a-z]`, `\p{L}`, …) are still
// tested by the native engine, one character at a time and once per
// character met: that takes constant time and keeps every detail of the
// syntax exact. A lookaround of fixed characters (`(?!/)`) is checked by hand
// at each position, and its answer becomes part of the cache key.//
// This file is the entry: the compile cache and ajv's `code.regExp`. The
// pattern is read in patternSyntax.ts, built into an automaton in
// patternAutomaton.ts and run in lazyDfa.ts.

import { LinearPattern } from './lazyDfa';
import { MAX_PATTERN_CHARS, MAX_STATES, Refused } from './patternSyntax';

export { LinearPattern, WORK_BUDGET } from './lazyDfa';
export { MAX_PATTERN_CHARS, MAX_STATES } from './patternSyntax';

/** Why a pattern cannot be used, or undefined when it can. */
export function patternProblem(source: string): string | undefined {
  const compiled = compilePattern(source);
  return compiled instanceof LinearPattern ? undefined : compiled.message;
}

const compiled = new Map<string, LinearPattern | Error>();

/** The pattern compiled for linear matching, or an Error that says why it is refused; compiled once per source. */
export function compilePattern(source: string): LinearPattern | Error {
  let c = compiled.get(source);
  if (!c) {
    c = compileUncached(source);
    if (compiled.size >= 128) compiled.clear();
    compiled.set(source, c);
  }
  return c;
}

/** True when matching `value` against `source` was given up (see WORK_BUDGET). */
export function patternGaveUp(source: string, value: unknown): boolean {
  const c = compiled.get(source);
  return typeof value === 'string' && c instanceof LinearPattern && c.gaveUpOn(value);
}

function compileUncached(source: string): LinearPattern | Error {
  if (source.length > MAX_PATTERN_CHARS) return new Error(`The pattern is ${source.length} characters long; at most ${MAX_PATTERN_CHARS} are accepted.`);
  try {
    new RegExp(source, 'u');
  } catch (e) {
    return new Error(`The pattern is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return new LinearPattern(source);
  } catch (e) {
    const why = e instanceof Refused ? e.message : 'it could not be read';
    return new Error(`The pattern ${JSON.stringify(source)} is refused: ${why}. Patterns are matched in one pass over the value, so backreferences, repeats above ${MAX_STATES} states and lookarounds holding more than fixed characters are not supported.`);
  }
}

/** ajv's `code.regExp`: every pattern a schema holds is compiled here; a refused one makes the schema fail to compile. */
export const linearRegExp = Object.assign(
  (source: string, _flags: string): LinearPattern => {
    const compiled = compilePattern(source);
    if (compiled instanceof Error) throw compiled;
    return compiled;
  },
  { code: 'linearRegExp' },
);
