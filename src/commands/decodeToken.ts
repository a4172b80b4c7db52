import * as vscode from 'vscode';
import { findTokens } from '../core';
import type { DecodedDocuments } from '../decode/decodedDocuments';
import { tokenAtPosition } from '../decode/tokenAtPosition';

const BEARER = /^\s*bearer\s+/i;

/**
 * JWT: Decode Token — takes, in order, the selection, the token at the cursor,
 * a token on the clipboard, or asks for one.
 */
export async function decodeTokenCommand(documents: DecodedDocuments, maxTokenLength: number): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const selected = editor.document.getText(editor.selection);
    if (selected.trim()) {
      await documents.open(selected.replace(BEARER, '').trim());
      return;
    }
    const found = tokenAtPosition(editor.document, editor.selection.active, maxTokenLength);
    if (found) {
      await documents.open(found.text);
      return;
    }
  }
  const clipboard = await vscode.env.clipboard.readText();
  const fromClipboard = findTokens(clipboard.slice(0, 4 * 1024 * 1024), 0, undefined, { maxTokens: 1 })[0];
  const typed = await vscode.window.showInputBox({
    title: 'JWT: Decode Token',
    prompt: 'Paste a JWT or JWE (a leading "Bearer " is ignored)',
    placeHolder: 'eyJhbGciOi…',
    value: fromClipboard?.text ?? '',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Paste a token to decode'),
  });
  if (typed === undefined) return;
  await documents.open(typed.replace(BEARER, '').trim());
}
