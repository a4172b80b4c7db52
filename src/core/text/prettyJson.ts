// prettyJson: JSON text re-indented for display from the original text, so
// numbers and escapes stay as written; and rawTopLevelValues, the source text
// of chosen top-level members. Both read the text through the JSON scanner.

import { deceptiveKind, escapeCodePoint, escapeCodeUnit, isHighSurrogate, isLowSurrogate, joinSurrogates } from '../base/deceptiveChars';
import { decodeStringLiteral, scanJson, Tok } from './jsonScanner';
import type { JsonSyntaxError, ScanHandler } from './jsonScanner';
import { visibleText } from './visibleText';

/** Displays and checks stop descending below this nesting depth. */
export const MAX_RENDER_DEPTH = 64;

export interface PrettyJsonOptions {
  /** Spaces per level (default 2; 0 renders on one line). */
  indent?: number;
  /** Containers nested deeper than this are shown as `{…}` / `[…]` (default 64). */
  maxDepth?: number;
  /** Output is cut at about this many characters, followed by a truncation marker (default 1 MiB). */
  maxLength?: number;
}

export const PRETTY_TRUNCATED_MARKER = '… (truncated)';

/** Source text of a string literal with raw dangerous characters written as \uXXXX. */
function visibleLiteral(text: string, start: number, end: number): string {
  let out = '';
  let runStart = start;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x7f) continue;
    if (isHighSurrogate(code)) {
      const low = text.charCodeAt(i + 1);
      if (isLowSurrogate(low) && i + 1 < end) {
        const cp = joinSurrogates(code, low);
        if (deceptiveKind(cp) !== 0) {
          out += text.slice(runStart, i) + escapeCodePoint(cp);
          runStart = i + 2;
        }
        i++;
        continue;
      }
    } else if (!isLowSurrogate(code) && deceptiveKind(code) === 0) {
      continue;
    }
    out += text.slice(runStart, i) + escapeCodeUnit(code);
    runStart = i + 1;
  }
  return out + text.slice(runStart, end);
}

/**
 * Re-indents JSON text for display, from the original text: numbers stay
 * exactly as written, escapes stay as written, raw invisible/bidi/control
 * characters in strings become `\uXXXX`, content deeper than `maxDepth` is
 * collapsed to `…`, and output is cut at `maxLength` with a marker.
 * Never throws. Text that is not valid JSON is returned as written (made
 * visible and capped), so a caller can still show it.
 */
export function prettyJson(text: string, opts: PrettyJsonOptions = {}): string {
  if (typeof text !== 'string') return '';
  const indentSize = Math.max(0, Math.min(16, Math.floor(opts.indent ?? 2)));
  const maxDepth = Math.max(0, Math.floor(opts.maxDepth ?? MAX_RENDER_DEPTH));
  const maxLength = Math.max(16, Math.floor(opts.maxLength ?? 1024 * 1024));
  const compact = indentSize === 0;
  const unit = ' '.repeat(indentSize);
  const indents: string[] = [''];
  const newlineIndent = (level: number): string => {
    if (compact) return '';
    while (indents.length <= level) indents.push('\n' + unit.repeat(indents.length));
    return level === 0 ? '\n' : (indents[level] as string);
  };
  indents[0] = '\n';

  const parts: string[] = [];
  let length = 0;
  let full = false;
  const emit = (piece: string): void => {
    if (full) return;
    if (length + piece.length > maxLength) {
      let cut = maxLength - length;
      if (cut > 0 && isHighSurrogate(piece.charCodeAt(cut - 1))) cut--;
      parts.push(piece.slice(0, Math.max(0, cut)));
      full = true;
      return;
    }
    parts.push(piece);
    length += piece.length;
  };

  let depth = 0; // emitted nesting
  let skipping = 0; // >0 while inside a collapsed container (its own nesting count)
  const hasItems: boolean[] = [];
  let afterKey = false;

  const beforeValue = (): void => {
    if (afterKey) {
      afterKey = false;
      return;
    }
    if (depth === 0) return;
    emit(hasItems[depth - 1] ? ',' + newlineIndent(depth) : newlineIndent(depth));
    hasItems[depth - 1] = true;
  };

  const handler: ScanHandler = {
    open(kind) {
      if (skipping > 0) {
        skipping++;
        return;
      }
      beforeValue();
      if (depth >= maxDepth) {
        emit(kind === 'object' ? '{…}' : '[…]');
        skipping = 1;
        return;
      }
      emit(kind === 'object' ? '{' : '[');
      hasItems[depth] = false;
      depth++;
    },
    close(kind) {
      if (skipping > 0) {
        skipping--;
        return;
      }
      depth--;
      if (hasItems[depth]) emit(newlineIndent(depth));
      emit(kind === 'object' ? '}' : ']');
    },
    key(start, f) {
      if (skipping > 0) return;
      beforeValue();
      emit((f.rawNeedsEscape ? visibleLiteral(text, start, f.end) : text.slice(start, f.end)) + (compact ? ':' : ': '));
      afterKey = true;
    },
    value(tok, start, end, f) {
      if (skipping > 0) return;
      beforeValue();
      if (tok === Tok.String && f && f.rawNeedsEscape) emit(visibleLiteral(text, start, end));
      else emit(text.slice(start, end));
    },
  };

  let error: JsonSyntaxError | null;
  try {
    error = scanJson(text, handler);
  } catch {
    error = { offset: 0, message: 'could not be rendered' };
  }
  if (error) return visibleText(text, maxLength);
  let out = parts.join('');
  if (full) out += (compact ? ' ' : '\n') + PRETTY_TRUNCATED_MARKER;
  return out;
}

/**
 * Source text of the top-level members named in `names` (the last occurrence,
 * which is the one JSON.parse keeps). Objects and arrays are given as `{…}` / `[…]`.
 * Returns an empty map when `text` is not a valid JSON object.
 */
export function rawTopLevelValues(text: string, names: readonly string[]): Map<string, string> {
  const wanted = new Set(names);
  const found = new Map<string, string>();
  if (typeof text !== 'string') return found;
  let depth = 0;
  let rootIsObject = false;
  let currentKey: string | null = null;
  const handler: ScanHandler = {
    open(kind) {
      if (depth === 0) rootIsObject = kind === 'object';
      else if (depth === 1 && currentKey !== null && wanted.has(currentKey)) found.set(currentKey, kind === 'object' ? '{…}' : '[…]');
      depth++;
    },
    close() {
      depth--;
    },
    key(start, f) {
      currentKey = depth === 1 ? decodeStringLiteral(text, start, f.end, f.hasEscapes) : currentKey;
    },
    value(_tok, start, end) {
      if (depth === 1 && currentKey !== null && wanted.has(currentKey)) found.set(currentKey, text.slice(start, end));
    },
  };
  let error: JsonSyntaxError | null;
  try {
    error = scanJson(text, handler);
  } catch {
    error = { offset: 0, message: 'failed' };
  }
  if (error || !rootIsObject) found.clear();
  return found;
}
