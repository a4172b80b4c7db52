import type * as vscode from 'vscode';
import { findTokens, type FoundToken } from '../core';

/**
 * The token under `position`, looking only at that line: tokens never hold
 * whitespace, so one line is enough, and the scan is bounded by the token
 * length limit on each side of the cursor (minified files have huge lines).
 */
export function tokenAtPosition(
  document: vscode.TextDocument,
  position: vscode.Position,
  maxTokenLength: number,
): FoundToken | undefined {
  const line = document.lineAt(position.line).text;
  const at = position.character;
  const from = Math.max(0, at - maxTokenLength);
  const to = Math.min(line.length, at + maxTokenLength);
  const window = line.slice(from, to);
  const found = findTokens(window, at - from, at - from + 1, { maxTokens: 4, maxTokenLength });
  const hit = found.find((t) => t.start <= at - from && at - from <= t.end);
  return hit ? { ...hit, start: hit.start + from, end: hit.end + from } : undefined;
}
