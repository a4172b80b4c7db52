// Reading a pattern for the linear-time engine (linearPattern.ts): the
// ECMAScript syntax with the `u` flag into a small tree, with every single
// character or class left to the native engine (CharMatcher) and what one
// pass cannot do refused with a reason (Refused).

/** Most states a pattern may expand to (`x{0,63}` is 127 of them). */
export const MAX_STATES = 2_000;
/** Longest pattern source accepted. */
export const MAX_PATTERN_CHARS = 1_000;
/** Most lookarounds in one pattern: their answers at a position are part of the cache key. */
export const MAX_LOOKAROUNDS = 8;
/** Most characters all lookarounds of a pattern check together: each is checked by hand at every position of a value. */
export const MAX_LOOKAROUND_ITEMS = 32;

export type Ast =
  | { t: 'char'; m: number }
  | { t: 'seq'; items: Ast[] }
  | { t: 'alt'; alts: Ast[] }
  | { t: 'rep'; body: Ast; min: number; max: number }
  | { t: 'assert'; kind: Assertion }
  | { t: 'look'; look: number };

/** A lookaround of fixed characters and assertions, checked by hand at one position. */
export interface Look {
  ahead: boolean;
  negate: boolean;
  /** Character matcher indexes, or -1 - Assertion for an assertion. */
  items: number[];
}

export const enum Assertion { Start, End, WordBoundary, NotWordBoundary }

export class Refused extends Error {}

/** One character class: the native engine decides, once per character met. */
export class CharMatcher {
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

export class PatternReader {
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


export function isWordCode(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f;
}

export function assertionHolds(kind: Assertion, text: string, pos: number): boolean {
  if (kind === Assertion.Start) return pos === 0;
  if (kind === Assertion.End) return pos === text.length;
  const before = pos > 0 && isWordCode(text.charCodeAt(pos - 1));
  const after = pos < text.length && isWordCode(text.charCodeAt(pos));
  return (before !== after) === (kind === Assertion.WordBoundary);
}
