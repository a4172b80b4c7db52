// The automaton of a pattern: Thompson's construction over the tree that
// patternSyntax.ts reads, as parallel arrays of states (kind, argument, two
// exits), at most MAX_STATES of them.

import { MAX_STATES, Refused } from './patternSyntax';
import type { Ast } from './patternSyntax';

export const CHAR = 0;
export const SPLIT = 1;
export const ASSERT = 2;
export const LOOK = 3;
export const EPS = 4;
export const MATCH = 5;

export class Nfa {
  kind: number[] = [];
  arg: number[] = [];
  out1: number[] = [];
  out2: number[] = [];

  add(kind: number, arg = 0): number {
    if (this.kind.length >= MAX_STATES) throw new Refused(`it expands to more than ${MAX_STATES} states`);
    this.kind.push(kind);
    this.arg.push(arg);
    this.out1.push(-1);
    this.out2.push(-1);
    return this.kind.length - 1;
  }
}

/** A fragment: its entry state and the dangling exits to patch (state id * 2 + which out). */
export interface Frag { start: number; outs: number[] }

export function patch(nfa: Nfa, outs: number[], to: number): void {
  for (const o of outs) {
    if (o & 1) nfa.out2[o >> 1] = to;
    else nfa.out1[o >> 1] = to;
  }
}

export function build(nfa: Nfa, ast: Ast): Frag {
  switch (ast.t) {
    case 'char': {
      const s = nfa.add(CHAR, ast.m);
      return { start: s, outs: [s * 2] };
    }
    case 'assert': {
      const s = nfa.add(ASSERT, ast.kind);
      return { start: s, outs: [s * 2] };
    }
    case 'look': {
      const s = nfa.add(LOOK, ast.look);
      return { start: s, outs: [s * 2] };
    }
    case 'seq': {
      if (ast.items.length === 0) {
        const s = nfa.add(EPS);
        return { start: s, outs: [s * 2] };
      }
      let first: Frag | undefined;
      let prev: Frag | undefined;
      for (const item of ast.items) {
        const f = build(nfa, item);
        if (prev) patch(nfa, prev.outs, f.start);
        else first = f;
        prev = f;
      }
      return { start: (first as Frag).start, outs: (prev as Frag).outs };
    }
    case 'alt': {
      const frags = ast.alts.map((a) => build(nfa, a));
      let start = (frags[frags.length - 1] as Frag).start;
      for (let i = frags.length - 2; i >= 0; i--) {
        const s = nfa.add(SPLIT);
        nfa.out1[s] = (frags[i] as Frag).start;
        nfa.out2[s] = start;
        start = s;
      }
      return { start, outs: frags.flatMap((f) => f.outs) };
    }
    case 'rep': {
      // body{min}, then body* or (body(body…)?)? up to max.
      const entry = nfa.add(EPS);
      let outs = [entry * 2];
      for (let i = 0; i < ast.min; i++) {
        const f = build(nfa, ast.body);
        patch(nfa, outs, f.start);
        outs = f.outs;
      }
      if (ast.max === Infinity) {
        const loop = nfa.add(SPLIT);
        patch(nfa, outs, loop);
        const f = build(nfa, ast.body);
        nfa.out1[loop] = f.start;
        patch(nfa, f.outs, loop);
        return { start: entry, outs: [loop * 2 + 1] };
      }
      const skips: number[] = [];
      for (let i = ast.min; i < ast.max; i++) {
        const s = nfa.add(SPLIT);
        patch(nfa, outs, s);
        const f = build(nfa, ast.body);
        nfa.out1[s] = f.start;
        skips.push(s * 2 + 1);
        outs = f.outs;
      }
      return { start: entry, outs: [...outs, ...skips] };
    }
  }
}

