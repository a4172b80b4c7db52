// Finds tokens in a few lines of a document (the visible ranges, the line
// under the mouse) without touching the rest. Tokens hold no whitespace, so a
// token never spans lines; on very long lines (minified code, logs) only the
// requested columns plus one token length on each side are looked at.

import { findTokens, mayHoldToken, type FoundToken } from './findTokens';

/** The part of a text document the scan needs; a VS Code TextDocument fits after a small adapter. */
export interface LineSource {
  readonly lineCount: number;
  lineText(line: number): string;
}

export interface LineRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

export interface LineToken extends FoundToken {
  /** Zero-based line; `start` / `end` are columns on it. */
  line: number;
}

export interface ScanLinesOptions {
  /** Tokens longer than this are not reported (default 64 KiB). */
  maxTokenLength?: number;
  /** Stop after this many tokens in all (default 500). */
  maxTokens?: number;
  /** Look at no more than this many lines in all (default 2 000). */
  maxLines?: number;
  /** Look at no more than this many characters in all (default 4 M). */
  maxChars?: number;
}

/** Every token overlapping the given ranges, in range order, each once; bounded by lines, characters and count. */
export function findTokensInLines(source: LineSource, ranges: readonly LineRange[], options: ScanLinesOptions = {}): LineToken[] {
  const maxTokenLength = Math.max(1, options.maxTokenLength ?? 64 * 1024);
  const maxTokens = Math.max(0, options.maxTokens ?? 500);
  let linesLeft = Math.max(0, options.maxLines ?? 2000);
  let charsLeft = Math.max(0, options.maxChars ?? 4 * 1024 * 1024);
  const out: LineToken[] = [];
  const seen = new Set<string>();
  for (const range of ranges) {
    const first = Math.max(0, range.startLine);
    const last = Math.min(source.lineCount - 1, range.endLine);
    for (let line = first; line <= last; line++) {
      if (linesLeft-- <= 0 || charsLeft <= 0 || out.length >= maxTokens) return out;
      const text = source.lineText(line);
      const from = line === range.startLine ? Math.max(0, Math.min(text.length, range.startCharacter)) : 0;
      const to = line === range.endLine ? Math.max(from, Math.min(text.length, range.endCharacter)) : text.length;
      // The cheap test first: every token starts like a header (eyJ, eyA, ew…).
      const windowStart = Math.max(0, from - maxTokenLength);
      const windowEnd = Math.min(text.length, to + maxTokenLength, windowStart + charsLeft);
      if (!mayHoldToken(text, windowStart)) {
        charsLeft -= Math.min(text.length, windowEnd - windowStart);
        continue;
      }
      charsLeft -= windowEnd - windowStart;
      const window = windowStart === 0 && windowEnd === text.length ? text : text.slice(windowStart, windowEnd);
      const found = findTokens(window, from - windowStart, Math.min(to, windowEnd) - windowStart, {
        maxTokens: maxTokens - out.length,
        maxTokenLength,
        before: windowStart > 0 ? text.charAt(windowStart - 1) : undefined,
      });
      for (const token of found) {
        const start = token.start + windowStart;
        const key = `${line}:${start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ ...token, start, end: token.end + windowStart, line });
      }
    }
  }
  return out;
}

/** The token under a column of one line (the hover's whole scan), if any. */
export function tokenAtColumn(text: string, column: number, maxTokenLength: number): FoundToken | undefined {
  const from = Math.max(0, column - maxTokenLength);
  const to = Math.min(text.length, column + maxTokenLength);
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  const at = column - from;
  const found = findTokens(window, at, at + 1, { maxTokens: 4, maxTokenLength, before: from > 0 ? text.charAt(from - 1) : undefined });
  const hit = found.find((t) => t.start <= at && at <= t.end);
  return hit ? { ...hit, start: hit.start + from, end: hit.end + from } : undefined;
}
