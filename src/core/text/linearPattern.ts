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
// at each position, and its answer becomes part of the cache key.

/** Most states a pattern may expand to (`x{0,63}` is 127 of them). */
export const MAX_STATES = 2_000;
/** Longest pattern source accepted. */
export const MAX_PATTERN_CHARS = 1_000;
/** Most lookarounds in one pattern: their answers at a position are part of the cache key. */
const MAX_LOOKAROUNDS = 8;
/** Most characters all lookarounds of a pattern check together: each is checked by hand at every position of a value. */
const MAX_LOOKAROUND_ITEMS = 32;

type Ast =
  | { t: 'char'; m: number }
  | { t: 'seq'; items: Ast[] }
  | { t: 'alt'; alts: Ast[] }
  | { t: 'rep'; body: Ast; min: number; max: number }
  | { t: 'assert'; kind: Assertion }
  | { t: 'look'; look: number };

/** A lookaround of fixed characters and assertions, checked by hand at one position. */
interface Look {
  ahead: boolean;
  negate: boolean;
  /** Character matcher indexes, or -1 - Assertion for an assertion. */
  items: number[];
}

const enum Assertion { Start, End, WordBoundary, NotWordBoundary }

class Refused extends Error {}

/** One character class: the native engine decides, once per character met. */
class CharMatcher {
  private readonly re: RegExp;
  private readonly ascii = new Int8Array(128).fill(-1);
  private other = new Map<number, boolean>();
  constructor(source: string) {
    this.re = new RegExp(`^(?:${source})$`, 'u');
  }
  test(cp: number): boolean {
    if (cp < 128) {
      let v = this.ascii[cp] as number;
      if (v < 0) this.ascii[cp] = v = this.re.test(String.fromCharCode(cp)) ? 1 : 0;
      return v === 1;
    }
    let v = this.other.get(cp);
    if (v === undefined) {
      v = this.re.test(String.fromCodePoint(cp));
      if (this.other.size > 4096) this.other = new Map();
      this.other.set(cp, v);
    }
    return v;
  }
}

// ---------------------------------------------------------------- reading the pattern

const SYNTAX_CHARS = '^$\\.*+?()[]{}|/';

class PatternReader {
  pos = 0;
  readonly matchers: CharMatcher[] = [];
  readonly matcherIndex = new Map<string, number>();
  readonly looks: Look[] = [];
  constructor(readonly src: string) {}

  parse(): Ast {
    const ast = this.alternation();
    if (this.pos < this.src.length) throw new Refused(`unexpected "${this.src[this.pos]}" at ${this.pos + 1}`);
    return ast;
  }

  private alternation(): Ast {
    const alts = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      alts.push(this.sequence());
    }
    return alts.length === 1 ? (alts[0] as Ast) : { t: 'alt', alts };
  }

  private sequence(): Ast {
    const items: Ast[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const atom = this.term();
      items.push(this.quantified(atom));
    }
    return items.length === 1 ? (items[0] as Ast) : { t: 'seq', items };
  }

  private quantified(atom: Ast): Ast {
    const s = this.src;
    let min: number;
    let max: number;
    const c = s[this.pos];
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const close = s.indexOf('}', this.pos);
      const body = close < 0 ? '' : s.slice(this.pos + 1, close);
      const comma = body.indexOf(',');
      const lo = comma < 0 ? body : body.slice(0, comma);
      const hi = comma < 0 ? body : body.slice(comma + 1);
      if (!isDigits(lo) || (hi !== '' && !isDigits(hi))) return atom; // the native check already refused anything else
      min = Number(lo);
      max = hi === '' ? Infinity : Number(hi);
      this.pos = close;
    } else return atom;
    this.pos++;
    if (s[this.pos] === '?') this.pos++; // lazy or greedy: the same for a yes/no match
    if (min > MAX_STATES || (max !== Infinity && max > MAX_STATES)) throw new Refused(`the repeat {${min}${max === min ? '' : `,${max === Infinity ? '' : max}`}} is larger than ${MAX_STATES}`);
    return { t: 'rep', body: atom, min, max };
  }

  private term(): Ast {
    const s = this.src;
    const c = s[this.pos] as string;
    if (c === '^') {
      this.pos++;
      return { t: 'assert', kind: Assertion.Start };
    }
    if (c === '$') {
      this.pos++;
      return { t: 'assert', kind: Assertion.End };
    }
    if (c === '(') return this.group();
    if (c === '[') {
      const start = this.pos;
      this.pos++;
      if (s[this.pos] === '^') this.pos++;
      while (this.pos < s.length && s[this.pos] !== ']') this.pos += s[this.pos] === '\\' ? 2 : 1;
      this.pos++;
      return this.char(s.slice(start, this.pos));
    }
    if (c === '.') {
      this.pos++;
      return this.char('.');
    }
    if (c === '\\') return this.escape();
    const cp = s.codePointAt(this.pos) as number;
    const text = String.fromCodePoint(cp);
    this.pos += text.length;
    return this.char(text);
  }

  private group(): Ast {
    const s = this.src;
    this.pos++;
    let look: 'ahead' | 'behind' | undefined;
    let prefix = '';
    if (s.startsWith('?:', this.pos)) this.pos += 2;
    else if (s.startsWith('?=', this.pos) || s.startsWith('?!', this.pos)) [look, prefix] = ['ahead', s.slice(this.pos, this.pos + 2)];
    else if (s.startsWith('?<=', this.pos) || s.startsWith('?<!', this.pos)) [look, prefix] = ['behind', s.slice(this.pos, this.pos + 3)];
    else if (s.startsWith('?<', this.pos)) this.pos = s.indexOf('>', this.pos) + 1; // a named group
    if (look) {
      const start = this.pos;
      this.pos += prefix.length;
      const inner = this.alternation();
      this.pos++; // ')'
      const problem = lookaroundProblem(inner);
      if (problem) throw new Refused(`the lookaround (${s.slice(start, this.pos)} holds ${problem}, which cannot be checked in one pass`);
      if (this.looks.length >= MAX_LOOKAROUNDS) throw new Refused(`it has more than ${MAX_LOOKAROUNDS} lookarounds`);
      const items = flatten(inner);
      const total = this.looks.reduce((sum, l) => sum + l.items.length, items.length);
      if (total > MAX_LOOKAROUND_ITEMS) throw new Refused(`its lookarounds check ${total} characters in all, more than ${MAX_LOOKAROUND_ITEMS}`);
      this.looks.push({ ahead: look === 'ahead', negate: prefix.endsWith('!'), items });
      return { t: 'look', look: this.looks.length - 1 };
    }
    const inner = this.alternation();
    this.pos++; // ')'
    return inner;
  }

  private escape(): Ast {
    const s = this.src;
    const start = this.pos;
    const c = s[this.pos + 1] as string;
    this.pos += 2;
    if (c === 'b' || c === 'B') return { t: 'assert', kind: c === 'b' ? Assertion.WordBoundary : Assertion.NotWordBoundary };
    if ((c >= '1' && c <= '9') || c === 'k') throw new Refused(`the backreference ${c === 'k' ? s.slice(start, s.indexOf('>', start) + 1) : '\\' + c} cannot be checked in one pass`);
    if (c === 'p' || c === 'P' || (c === 'u' && s[this.pos] === '{')) this.pos = s.indexOf('}', this.pos) + 1;
    else if (c === 'u') {
      this.pos += 4;
      const unit = parseInt(s.slice(start + 2, start + 6), 16);
      // \uD83D\uDE00 is one character under `u`.
      if (unit >= 0xd800 && unit <= 0xdbff && s.startsWith('\\u', this.pos)) {
        const low = parseInt(s.slice(this.pos + 2, this.pos + 6), 16);
        if (low >= 0xdc00 && low <= 0xdfff) this.pos += 6;
      }
    } else if (c === 'x') this.pos += 2;
    else if (c === 'c') this.pos += 1;
    else if (!'dDwWsStnvfr0-'.includes(c) && !SYNTAX_CHARS.includes(c)) throw new Refused(`unknown escape \\${c}`);
    return this.char(s.slice(start, this.pos));
  }

  private char(source: string): Ast {
    let m = this.matcherIndex.get(source);
    if (m === undefined) {
      m = this.matchers.length;
      this.matchers.push(new CharMatcher(source));
      this.matcherIndex.set(source, m);
    }
    return { t: 'char', m };
  }
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 0x30 || s.charCodeAt(i) > 0x39) return false;
  return true;
}

/** The characters and assertions of a lookaround, in order. */
function flatten(ast: Ast): number[] {
  if (ast.t === 'char') return [ast.m];
  if (ast.t === 'assert') return [-1 - ast.kind];
  if (ast.t === 'seq') return ast.items.flatMap(flatten);
  return [];
}

/** A lookaround is checked at one position, so it may hold only fixed characters and assertions. */
function lookaroundProblem(ast: Ast): string | undefined {
  switch (ast.t) {
    case 'rep': return 'a quantifier';
    case 'look': return 'another lookaround';
    case 'alt': return 'an alternation';
    case 'seq':
      for (const item of ast.items) {
        const p = lookaroundProblem(item);
        if (p) return p;
      }
      return undefined;
    default: return undefined;
  }
}

// ---------------------------------------------------------------- the automaton

const CHAR = 0;
const SPLIT = 1;
const ASSERT = 2;
const LOOK = 3;
const EPS = 4;
const MATCH = 5;

class Nfa {
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
interface Frag { start: number; outs: number[] }

function patch(nfa: Nfa, outs: number[], to: number): void {
  for (const o of outs) {
    if (o & 1) nfa.out2[o >> 1] = to;
    else nfa.out1[o >> 1] = to;
  }
}

function build(nfa: Nfa, ast: Ast): Frag {
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

function isWordCode(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f;
}

/** A compiled pattern with the `test` ajv calls; never backtracks. */
export class LinearPattern {
  private readonly nfa: Nfa;
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

function assertionHolds(kind: Assertion, text: string, pos: number): boolean {
  if (kind === Assertion.Start) return pos === 0;
  if (kind === Assertion.End) return pos === text.length;
  const before = pos > 0 && isWordCode(text.charCodeAt(pos - 1));
  const after = pos < text.length && isWordCode(text.charCodeAt(pos));
  return (before !== after) === (kind === Assertion.WordBoundary);
}

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
