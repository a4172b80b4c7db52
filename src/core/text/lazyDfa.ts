// Running a compiled pattern: the automaton's state sets cached as a lazy
// DFA while a value is read, falling back to plain simulation when the cache
// fills, and giving up (remembered, so the message can say so) past
// WORK_BUDGET.

import * as automaton from './patternAutomaton';
import * as syntax from './patternSyntax';
import type { CharMatcher, Look } from './patternSyntax';
import type { Nfa as NfaType } from './patternAutomaton';

// Local bindings, read once: the loops below run per character, and a module system that links
// imports through getters (CommonJS output) would otherwise pay a call on every use.
const { ASSERT, build, CHAR, EPS, LOOK, MATCH, Nfa, patch, SPLIT } = automaton;
const { Assertion, assertionHolds, isWordCode, PatternReader } = syntax;

interface DState {
  /** States entered by the last character (before following empty moves). */
  kernel: Int32Array;
  atStart: boolean;
  prevWord: boolean;
  /** Next state per ASCII character: index into states, -1 unknown, -2 a match ends here. */
  ascii?: Int32Array;
  /** Next state per other character, or (with lookarounds) per character and their answers. */
  other: Map<number, number>;
}

const MATCHED = -2;
/**
 * What a single test may spend beyond one cached step per character, counted
 * in states visited (a few nanoseconds each): about 20 ms. A value and
 * pattern that need more (an automaton with thousands of states over a long
 * value) are refused rather than matched slowly.
 */
export const WORK_BUDGET = 4_000_000;
/** What building one cache entry costs beyond the states it visits, in the same units. */
const MISS_COST = 200;
const MAX_CACHED_STATES = 2_000;
const MAX_CACHED_INTS = 1_000_000;
/** Cache states a pattern keeps from one test to the next. */
const KEPT_STATES = 64;

/** A compiled pattern with the `test` ajv calls; never backtracks. */
export class LinearPattern {
  private readonly nfa: NfaType;
  private readonly start: number;
  private readonly matchers: CharMatcher[];
  private readonly looks: Look[];
  /** True when no path from the start reaches a character or a match without passing `^`. */
  private readonly anchored: boolean;
  private states: DState[] = [];
  private byKey = new Map<string, number>();
  private cachedInts = 0;
  /** States visited while building cache entries in this call to test. */
  private work = 0;
  /** Cache states made in this call to test. */
  private created = 0;
  /** The last values given up on (WORK_BUDGET spent), for the message that says so. */
  private readonly gaveUp: string[] = [];
  // Scratch for empty-move closures: a generation mark per state.
  private readonly mark: Int32Array;
  private generation = 0;
  private readonly stack: Int32Array;
  private readonly closure: Int32Array;
  private readonly kernelA: Int32Array;
  private readonly kernelB: Int32Array;

  constructor(readonly source: string) {
    const reader = new PatternReader(source);
    const ast = reader.parse();
    this.nfa = new Nfa();
    const frag = build(this.nfa, ast);
    const match = this.nfa.add(MATCH);
    patch(this.nfa, frag.outs, match);
    this.start = frag.start;
    this.matchers = reader.matchers;
    this.looks = reader.looks;
    const n = this.nfa.kind.length;
    this.mark = new Int32Array(n);
    this.stack = new Int32Array(n * 2 + 2);
    this.closure = new Int32Array(n);
    this.kernelA = new Int32Array(n);
    this.kernelB = new Int32Array(n);
    this.anchored = this.isAnchored();
  }

  /** True when `test` gave up on this value rather than answering. */
  gaveUpOn(text: string): boolean {
    return this.gaveUp.includes(text);
  }

  toString(): string {
    return `/${this.source}/u`;
  }

  /** Whether the value matches; false, and remembered as given up on, when the automaton for it costs more than WORK_BUDGET. */
  test(text: string): boolean {
    this.work = 0;
    this.created = 0;
    // What one long value built is not kept for the next: the patterns of a preset stay small between calls.
    if (this.states.length > KEPT_STATES) this.resetCache();
    const withLooks = this.looks.length > 0;
    let state = this.stateFor(new Int32Array(0), true, false);
    let i = 0;
    while (i < text.length) {
      const cp = text.codePointAt(i) as number;
      const s = this.states[state] as DState;
      let next: number | undefined;
      let mask = 0;
      if (withLooks) {
        mask = this.lookMask(text, i);
        next = s.other.get(cp * 256 + mask);
      } else next = cp < 128 ? s.ascii?.[cp] : s.other.get(cp);
      if (next === undefined || next === -1) {
        if (this.created > MAX_CACHED_STATES) return this.simulate(text, i, s.kernel, s.atStart, s.prevWord);
        next = this.step(state, cp, mask);
        if (this.work > WORK_BUDGET) return this.giveUp(text);
      }
      if (next === MATCHED) return true;
      state = next;
      i += cp > 0xffff ? 2 : 1;
      if (this.anchored && (this.states[state] as DState).kernel.length === 0) return false;
    }
    const last = this.states[state] as DState;
    return this.matchesAtEnd(text, last.kernel, last.kernel.length, last.atStart, last.prevWord);
  }

  private giveUp(text: string): false {
    if (this.gaveUp.length >= 8) this.gaveUp.shift();
    this.gaveUp.push(text);
    return false;
  }

  private matchesAtEnd(text: string, kernel: Int32Array, size: number, atStart: boolean, prevWord: boolean): boolean {
    const count = this.follow(kernel, size, atStart, prevWord, -1, this.looks.length > 0 ? this.lookMask(text, text.length) : 0);
    for (let k = 0; k < count; k++) if (this.nfa.kind[this.closure[k] as number] === MATCH) return true;
    return false;
  }

  /**
   * The same walk without the cache, once this value has met more states than
   * the cache holds (the automaton is exponential in the pattern, as for
   * `[ab]*a[ab]{20}`): each character costs the states it reaches, nothing more.
   */
  private simulate(text: string, from: number, kernel: Int32Array, atStartIn: boolean, prevWordIn: boolean): boolean {
    const { kind, arg, out1 } = this.nfa;
    let cur = this.kernelA;
    let spare = this.kernelB;
    cur.set(kernel);
    let size = kernel.length;
    let atStart = atStartIn;
    let prevWord = prevWordIn;
    const withLooks = this.looks.length > 0;
    for (let i = from; i < text.length; ) {
      const cp = text.codePointAt(i) as number;
      const count = this.follow(cur, size, atStart, prevWord, cp, withLooks ? this.lookMask(text, i) : 0);
      this.work += count + size;
      if (this.work > WORK_BUDGET) return this.giveUp(text);
      const gen = ++this.generation;
      let nextSize = 0;
      for (let k = 0; k < count; k++) {
        const q = this.closure[k] as number;
        if (kind[q] === MATCH) return true;
        if ((this.matchers[arg[q] as number] as CharMatcher).test(cp)) {
          const t = out1[q] as number;
          if (this.mark[t] !== gen) {
            this.mark[t] = gen;
            spare[nextSize++] = t;
          }
        }
      }
      [cur, spare] = [spare, cur];
      size = nextSize;
      atStart = false;
      prevWord = isWordCode(cp);
      i += cp > 0xffff ? 2 : 1;
      if (this.anchored && size === 0) return false;
    }
    return this.matchesAtEnd(text, cur, size, atStart, prevWord);
  }

  /** Bit i: lookaround i holds at `at`. */
  private lookMask(text: string, at: number): number {
    let mask = 0;
    for (let i = 0; i < this.looks.length; i++) if (this.lookHolds(this.looks[i] as Look, text, at)) mask |= 1 << i;
    return mask;
  }

  private lookHolds(look: Look, text: string, at: number): boolean {
    const items = look.items;
    let pos = at;
    let ok = true;
    for (let k = 0; ok && k < items.length; k++) {
      const item = items[look.ahead ? k : items.length - 1 - k] as number;
      if (item < 0) {
        ok = assertionHolds(-1 - item, text, pos);
        continue;
      }
      let cp: number;
      if (look.ahead) {
        if (pos >= text.length) ok = false;
        else {
          cp = text.codePointAt(pos) as number;
          ok = (this.matchers[item] as CharMatcher).test(cp);
          pos += cp > 0xffff ? 2 : 1;
        }
      } else if (pos <= 0) ok = false;
      else {
        const low = text.charCodeAt(pos - 1);
        const high = pos >= 2 ? text.charCodeAt(pos - 2) : 0;
        const pair = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
        pos -= pair ? 2 : 1;
        cp = text.codePointAt(pos) as number;
        ok = (this.matchers[item] as CharMatcher).test(cp);
      }
    }
    return ok !== look.negate;
  }

  /** Follows empty moves from the kernel (and the start, for a match that begins here); returns how many states it holds. */
  private follow(kernel: Int32Array, size: number, atStart: boolean, prevWord: boolean, nextCp: number, mask: number): number {
    const { kind, arg, out1, out2 } = this.nfa;
    if (this.generation > 0x7ffffff0) {
      this.mark.fill(0);
      this.generation = 0;
    }
    const gen = ++this.generation;
    const mark = this.mark;
    const stack = this.stack;
    const closure = this.closure;
    let sp = 0;
    let count = 0;
    for (let k = size - 1; k >= 0; k--) stack[sp++] = kernel[k] as number;
    stack[sp++] = this.start;
    const atEnd = nextCp < 0;
    const nextWord = !atEnd && isWordCode(nextCp);
    while (sp > 0) {
      const q = stack[--sp] as number;
      if (q < 0 || mark[q] === gen) continue;
      mark[q] = gen;
      switch (kind[q]) {
        case CHAR:
        case MATCH:
          closure[count++] = q;
          break;
        case EPS:
          stack[sp++] = out1[q] as number;
          break;
        case SPLIT:
          stack[sp++] = out2[q] as number;
          stack[sp++] = out1[q] as number;
          break;
        case ASSERT: {
          const a = arg[q] as number;
          const ok = a === Assertion.Start ? atStart : a === Assertion.End ? atEnd : (prevWord !== nextWord) === (a === Assertion.WordBoundary);
          if (ok) stack[sp++] = out1[q] as number;
          break;
        }
        case LOOK:
          if (mask & (1 << (arg[q] as number))) stack[sp++] = out1[q] as number;
          break;
      }
    }
    return count;
  }

  private step(from: number, cp: number, mask: number): number {
    const s = this.states[from] as DState;
    const count = this.follow(s.kernel, s.kernel.length, s.atStart, s.prevWord, cp, mask);
    this.work += count + s.kernel.length + MISS_COST;
    const { kind, arg, out1 } = this.nfa;
    const closure = this.closure;
    const next = this.stack; // free again once follow returns
    const gen = ++this.generation;
    let size = 0;
    let matched = false;
    for (let k = 0; k < count; k++) {
      const q = closure[k] as number;
      if (kind[q] === MATCH) matched = true;
      else if ((this.matchers[arg[q] as number] as CharMatcher).test(cp)) {
        const t = out1[q] as number;
        if (this.mark[t] !== gen) {
          this.mark[t] = gen;
          next[size++] = t;
        }
      }
    }
    const result = matched ? MATCHED : this.stateFor(next.slice(0, size).sort(), false, isWordCode(cp));
    // stateFor may have emptied the cache; only a state still in it keeps the transition.
    if (this.states[from] === s) {
      if (this.looks.length > 0) s.other.set(cp * 256 + mask, result);
      else if (cp < 128) (s.ascii ??= new Int32Array(128).fill(-1))[cp] = result;
      else s.other.set(cp, result);
    }
    return result;
  }

  private stateFor(kernel: Int32Array, atStart: boolean, prevWord: boolean): number {
    // State ids are below MAX_STATES, so one UTF-16 unit each makes a compact key.
    let key = atStart ? (prevWord ? 'S' : 's') : prevWord ? 'W' : 'w';
    for (let i = 0; i < kernel.length; i += 1024) key += String.fromCharCode(...kernel.subarray(i, i + 1024));
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    // Start the cache again: the walk goes on from the new state, so the time per character stays bounded.
    if (this.states.length >= MAX_CACHED_STATES || this.cachedInts + kernel.length + 128 > MAX_CACHED_INTS) this.resetCache();
    this.states.push({ kernel, atStart, prevWord, other: new Map() });
    this.cachedInts += kernel.length + 128;
    this.created++;
    this.byKey.set(key, this.states.length - 1);
    return this.states.length - 1;
  }

  private resetCache(): void {
    this.states = [];
    this.byKey = new Map();
    this.cachedInts = 0;
  }

  private isAnchored(): boolean {
    const { kind, arg, out1, out2 } = this.nfa;
    const seen = new Uint8Array(kind.length);
    const stack = [this.start];
    while (stack.length > 0) {
      const q = stack.pop() as number;
      if (q < 0 || seen[q]) continue;
      seen[q] = 1;
      const k = kind[q];
      if (k === CHAR || k === MATCH) return false;
      if (k === ASSERT && arg[q] === Assertion.Start) continue;
      if (k === SPLIT) stack.push(out2[q] as number);
      stack.push(out1[q] as number);
    }
    return true;
  }
}

