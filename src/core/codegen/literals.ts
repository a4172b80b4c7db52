// The one string-literal encoder of each language the integration code is
// written in, the one way text from a profile or preset enters a comment, and
// identifiers. Every value that reaches generated code (claims, header
// members, embed values, names) goes through `stringLiteral`, so a quote, a
// backslash, a newline, `${…}` / `#{…}` / `$var` interpolation, a bidi or
// invisible character stays data in every language: the output is printable
// ASCII only, each other character written as the language's escape.

export type CodeLanguage = 'node' | 'node-jsonwebtoken' | 'python' | 'go' | 'java' | 'csharp' | 'php' | 'ruby';

/** A language's escape for one code point that is not printed as itself. */
type Escape = (cp: number) => string;

const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');

/** \uXXXX for each UTF-16 unit (JavaScript, Java, C#: strings are UTF-16, surrogate pairs escape as two units). */
const utf16Units: Escape = (cp) => {
  if (cp <= 0xffff) return `\\u${hex(cp, 4)}`;
  const v = cp - 0x10000;
  return `\\u${hex(0xd800 + (v >> 10), 4)}\\u${hex(0xdc00 + (v & 0x3ff), 4)}`;
};
/** \uXXXX or \UXXXXXXXX (Python, Go: strings are code points or UTF-8; a surrogate half is not a character there). */
const codePoint8: Escape = (cp) => (cp <= 0xffff ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`);
/** \u{X…} (PHP, Ruby). */
const braced: Escape = (cp) => `\\u{${hex(cp, 4)}}`;
/** Java: \u escapes are read before the lexer, so \u000A would end the line and \u0022 the string; ASCII controls are octal. */
const java: Escape = (cp) => (cp < 0x20 || cp === 0x7f ? `\\${cp.toString(8).padStart(3, '0')}` : utf16Units(cp));

interface LiteralRules {
  quote: '"' | "'";
  /** Printable ASCII characters that need a backslash besides the quote and the backslash. */
  extra: string;
  escape: Escape;
  /** Languages whose strings cannot hold a lone surrogate: it is written as U+FFFD, which is what UTF-8 encoding makes of it. */
  surrogatesReplaced: boolean;
  /** \b and \f (JSON-style short escapes), where the language has them. */
  shortBf: boolean;
}

const RULES: Record<CodeLanguage, LiteralRules> = {
  node: { quote: "'", extra: '', escape: utf16Units, surrogatesReplaced: false, shortBf: true },
  'node-jsonwebtoken': { quote: "'", extra: '', escape: utf16Units, surrogatesReplaced: false, shortBf: true },
  python: { quote: '"', extra: '', escape: codePoint8, surrogatesReplaced: true, shortBf: true },
  go: { quote: '"', extra: '', escape: codePoint8, surrogatesReplaced: true, shortBf: true },
  java: { quote: '"', extra: '', escape: java, surrogatesReplaced: false, shortBf: true },
  csharp: { quote: '"', extra: '', escape: utf16Units, surrogatesReplaced: false, shortBf: false },
  // "$name" and "{$…}" interpolate in double-quoted PHP strings.
  php: { quote: '"', extra: '$', escape: braced, surrogatesReplaced: true, shortBf: false },
  // "#{…}", "#@ivar" and "#$global" interpolate in double-quoted Ruby strings.
  ruby: { quote: '"', extra: '#', escape: braced, surrogatesReplaced: true, shortBf: true },
};

const SHORT: Record<number, string> = { 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t' };
const SHORT_BF: Record<number, string> = { 0x08: '\\b', 0x0c: '\\f' };

/** A string literal of `text` in `lang`: printable ASCII only, everything else escaped; never interpolated. */
export function stringLiteral(lang: CodeLanguage, text: string): string {
  const rules = RULES[lang];
  let out = rules.quote;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    let cp = unit;
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
        i += 1;
      }
    }
    const lone = cp >= 0xd800 && cp <= 0xdfff;
    if (lone && rules.surrogatesReplaced) cp = 0xfffd;
    const ch = String.fromCharCode(cp);
    if (cp === 0x5c || ch === rules.quote || (cp < 0x80 && rules.extra.includes(ch))) out += `\\${ch}`;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (SHORT[cp] !== undefined) out += SHORT[cp];
    else if (rules.shortBf && SHORT_BF[cp] !== undefined) out += SHORT_BF[cp];
    else out += rules.escape(cp);
  }
  return out + rules.quote;
}

/** What ends a comment, or changes how the code around it is read, in each language. */
interface CommentRules {
  /** A star then a slash closes a block comment (the C family; a line may stand in a doc comment). */
  blockEnd: boolean;
  /** "?>" leaves PHP code, even inside a comment. */
  phpEnd: boolean;
  /** Java reads \u escapes before the lexer, comments included: a backslash is written U+005C. */
  backslash: boolean;
  /** "coding:" in the first two lines sets Python's source encoding (PEP 263): unicode_escape reads "\u000a" as a line break. */
  coding: boolean;
}

const COMMENT_RULES: Record<CodeLanguage, CommentRules> = {
  node: { blockEnd: true, phpEnd: false, backslash: false, coding: false },
  'node-jsonwebtoken': { blockEnd: true, phpEnd: false, backslash: false, coding: false },
  python: { blockEnd: false, phpEnd: false, backslash: false, coding: true },
  go: { blockEnd: true, phpEnd: false, backslash: false, coding: false },
  java: { blockEnd: true, phpEnd: false, backslash: true, coding: false },
  csharp: { blockEnd: true, phpEnd: false, backslash: false, coding: false },
  php: { blockEnd: true, phpEnd: true, backslash: false, coding: false },
  ruby: { blockEnd: false, phpEnd: false, backslash: false, coding: true },
};

/**
 * Text as it may stand in a comment of `lang`: printable ASCII, every other character (a line break, a bidi
 * control) written U+XXXX, and what would end the comment or change how the file is read broken up: "*" "/",
 * PHP's "?>", Java's backslash (a \u in a comment is still read as a character), Python's "coding:". Every
 * comment line a generator writes goes through here whole, so no text from a preset or profile is missed.
 */
export function commentText(lang: CodeLanguage, text: string): string {
  const rules = COMMENT_RULES[lang];
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    out += cp >= 0x20 && cp < 0x7f && !(rules.backslash && cp === 0x5c) ? ch : `U+${hex(cp, 4)}`;
  }
  if (rules.blockEnd) out = out.replaceAll('*/', '*U+002F');
  if (rules.phpEnd) out = out.replaceAll('?>', '?U+003E');
  if (rules.coding) out = out.replace(/coding([:=])/g, (_, c: string) => `codingU+${hex(c.charCodeAt(0), 4)}`);
  return out;
}

/** Text from a preset or profile cut to `max` characters for a comment or message ("..." says it was cut). */
export function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/** What is said of text with half of a UTF-16 surrogate pair (after what holds it). */
export const LONE_SURROGATE = 'holds half of a UTF-16 surrogate pair, which is not text in most languages; remove it.';

/** True when the text holds half of a UTF-16 surrogate pair: Python, Go, PHP and Ruby strings cannot. */
export function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/** camelCase of identifier words (`['external', 'user', 'id']` → externalUserId); Go spells ID and URL in capitals. */
export function camelCase(words: readonly string[], go = false): string {
  return words
    .map((w, i) => {
      if (i === 0) return w;
      if (go && (w === 'id' || w === 'url')) return w.toUpperCase();
      return w.charAt(0).toUpperCase() + w.slice(1);
    })
    .join('');
}

export function snakeCase(words: readonly string[]): string {
  return words.join('_');
}
