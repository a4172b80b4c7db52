import type * as vscode from 'vscode';
import type { LineRange, LineSource } from '../core';

/** A document as the core's line scan sees it. */
export function linesOf(document: vscode.TextDocument): LineSource {
  return { lineCount: document.lineCount, lineText: (line) => document.lineAt(line).text };
}

export function lineRangeOf(range: vscode.Range): LineRange {
  return { startLine: range.start.line, startCharacter: range.start.character, endLine: range.end.line, endCharacter: range.end.character };
}
