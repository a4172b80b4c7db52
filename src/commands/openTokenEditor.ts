// JWT: Open Token Editor — opens the form on a profile; the editor itself comes with the profile bundle.
import * as vscode from 'vscode';
import { isProfileUri } from '../profiles/profileFiles';
import { Views } from './ids';

/** Opens the Token Editor on the profile given, or on the active tab's (text or form). */
export async function openTokenEditorCommand(uri: vscode.Uri | undefined): Promise<void> {
  const target = uri ?? activeTabUri();
  if (!target || !isProfileUri(target)) {
    void vscode.window.showErrorMessage('JWT Studio: open a *.jwt.yaml profile first (or create one with "JWT: New Token").');
    return;
  }
  await vscode.commands.executeCommand('vscode.openWith', target, Views.tokenEditor);
}

/** The file of the active tab, text or custom editor (the palette can be opened from either). */
function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
}
