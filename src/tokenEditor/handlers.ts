// What the host does for the page's requests: apply a form edit to the text,
// sign the profile, show the YAML at a line, save what was typed, show a key's
// JWK. The session (session.ts) routes each message here and keeps the state.

import * as vscode from 'vscode';
import { applyTextEdits, decodeToken, editProfile, ringKeyNamer, verifyToken } from '../core';
import { Commands } from '../commands/ids';
import type { HostMessage, ProfileEdit, SignedView } from '../shared/protocol';
import type { TokenEditorServices } from './services';

/** How a handler talks back to the page. */
export interface PageChannel {
  post(message: HostMessage): void;
  /** Sends the model of the document as it is now. */
  postModel(): void;
  /**
   * Sends the model of the text an edit is about to make (the document's next version), before VS Code has
   * applied it: the page shows the result without waiting for the edit's round trip through the workbench.
   */
  postPredictedModel(text: string, version: number): void;
}

export async function applyEdit(document: vscode.TextDocument, change: ProfileEdit, page: PageChannel): Promise<void> {
  // Edits name a path, not offsets, and run one at a time: each is worked out on the text as it is now.
  const result = editProfile(document.getText(), change);
  if (!result.ok) {
    page.post({ type: 'failed', action: 'edit', message: result.error.message });
    page.postModel();
    return;
  }
  if (result.edits.length === 0) return;
  page.postPredictedModel(applyTextEdits(document.getText(), result.edits), document.version + 1);
  const edit = new vscode.WorkspaceEdit();
  for (const e of result.edits) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  }
  if (!(await vscode.workspace.applyEdit(edit))) {
    const readOnly = vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) === false;
    // The page has the predicted model: the document's own comes first, so the error stays under it.
    page.postModel();
    page.post({ type: 'failed', action: 'edit', message: readOnly ? 'This file is read-only: the change was not made.' : 'The file changed while the change was being made; try it again.' });
  }
}

/** Signs (and encrypts, when the profile asks) a token from the document, and says whether the ring verifies it. */
export async function signProfile(services: TokenEditorServices, document: vscode.TextDocument): Promise<SignedView> {
  const version = document.version;
  const { token, jws, encrypted } = await services.sign(document);
  const ring = services.keyRing;
  const report = await verifyToken(jws, await ring.verificationKeys(), { keyName: ringKeyNamer(ring.entries()) });
  const signed: SignedView = {
    token,
    segments: token.split('.').map((s) => s.length),
    encrypted,
    signature: { ok: report.signature === 'valid', message: report.message },
    version,
  };
  const decoded = decodeToken(jws);
  const exp = decoded.ok ? decoded.token.claims?.exp : undefined;
  if (typeof exp === 'number') signed.exp = exp;
  return signed;
}

/**
 * Ctrl+S in the page: VS Code saves at once, and the edit of the field being
 * typed in (sent just before this) may land after that save; save again so
 * what was on screen is what is saved. An unsaved profile is left to VS
 * Code's own Save (it asks where, and the form follows).
 */
export async function saveTyped(document: vscode.TextDocument, page: PageChannel): Promise<void> {
  if (document.isUntitled || !document.isDirty) return;
  if (!(await document.save())) page.post({ type: 'failed', action: 'edit', message: 'The file could not be saved: save it again with Ctrl+S.' });
}

export async function openText(document: vscode.TextDocument, line?: number): Promise<void> {
  // Where the YAML is already on screen it is brought forward there; only otherwise does it open beside
  // the form, so asking again (or following several problem links) never keeps splitting the window.
  const shown = vscode.window.visibleTextEditors.find((e) => e.document === document);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.Beside });
  if (line !== undefined && line >= 1 && line <= document.lineCount) {
    const at = new vscode.Position(line - 1, document.lineAt(line - 1).firstNonWhitespaceCharacterIndex);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

/** Shows the public JWK of ring key `id` with the extension's own command; a failure is told to the page. */
export function showKey(id: string, onError: (error: unknown) => void): void {
  // Not awaited, like generateKey: the command may ask before it shows anything, and the page stays usable.
  void Promise.resolve(vscode.commands.executeCommand(Commands.showKeyJwk, id)).catch(onError);
}
