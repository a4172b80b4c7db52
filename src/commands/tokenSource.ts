import * as vscode from 'vscode';
import { findTokens } from '../core/token/findTokens';
import { tokenAtColumn } from '../core/token/lineScan';

const BEARER = /^\s*bearer\s+/i;
/** The clipboard is read up to this much when looking for a token. */
const MAX_CLIPBOARD = 4 * 1024 * 1024;

/**
 * The token a command works on: the selection, the token at the cursor, or
 * one pasted into an input box (offered from the clipboard). A leading
 * "Bearer " is dropped. Undefined when the person cancels.
 */
export async function pickTokenText(title: string, maxTokenLength: number): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const selected = editor.document.getText(editor.selection);
    if (selected.trim()) return selected.replace(BEARER, '').trim();
    const cursor = editor.selection.active;
    const found = tokenAtColumn(editor.document.lineAt(cursor.line).text, cursor.character, maxTokenLength);
    if (found) return found.text;
  }
  const clipboard = await vscode.env.clipboard.readText();
  const fromClipboard = findTokens(clipboard.slice(0, MAX_CLIPBOARD), 0, undefined, { maxTokens: 1 })[0];
  const typed = await vscode.window.showInputBox({
    title,
    prompt: 'Paste a JWT or JWE (a leading "Bearer " is ignored)',
    placeHolder: 'eyJhbGciOi…',
    value: fromClipboard?.text ?? '',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Paste a token'),
  });
  return typed === undefined ? undefined : typed.replace(BEARER, '').trim();
}
