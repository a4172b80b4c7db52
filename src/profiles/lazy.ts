// Loads the profile adapter (dist/profiles.js) the first time it is needed:
// when a `*.jwt.yaml` document (or a `.vscode/jwt-presets/*.yaml` preset) is open or a profile command runs. Only types
// come from the adapter here, so the main bundle stays free of the YAML
// parser and the schema validator.

import * as vscode from 'vscode';
import type * as ProfilesModule from './index';
import type { ProfilesApi } from './index';
import { Commands, Views } from '../commands/ids';
import type { KeyRingReader } from '../keys/keyRingApi';
import { log } from '../log';
import { isPresetUri, isProfileUri } from './profileFiles';


type ProfileCommand = 'signToken' | 'copyEmbedUrl' | 'copyEmbedSnippet' | 'openEmbedUrl' | 'newProfile';

export function registerProfiles(context: vscode.ExtensionContext, keyRing: KeyRingReader): vscode.Disposable[] {
  let api: ProfilesApi | undefined;
  const load = (): ProfilesApi => {
    if (!api) {
      // A relative require of the sibling bundle; the build leaves it external.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require('./profiles.js') as typeof ProfilesModule;
      api = module.activateProfiles(
        context,
        keyRing,
        { signToken: Commands.signProfileToken, copyEmbedUrl: Commands.copyEmbedUrl, copyEmbedSnippet: Commands.copyEmbedSnippet, openTokenEditor: Commands.openTokenEditor },
        log(),
      );
      log().info('Profile support loaded');
    }
    return api;
  };
  const loadFor = (doc: vscode.TextDocument): void => {
    if (api || !(isProfileUri(doc.uri) || isPresetUri(doc.uri))) return;
    try {
      load();
    } catch (error) {
      log().error('Loading profile support failed', error);
    }
  };
  const command = (id: string, name: ProfileCommand) =>
    vscode.commands.registerCommand(id, async (uri?: unknown) => {
      try {
        await load()[name](uri instanceof vscode.Uri ? uri : undefined);
      } catch (error) {
        log().error(`Profile command ${name} failed`, error);
        void vscode.window.showErrorMessage('JWT Studio: the profile command failed. See the "JWT Studio" log for details.');
      }
    });
  // Registering is cheap; the editor itself comes with the profile bundle when a profile is first opened in it.
  const tokenEditor: vscode.CustomTextEditorProvider = {
    resolveCustomTextEditor: (document, panel, token) => load().tokenEditor.resolveCustomTextEditor(document, panel, token),
  };
  // Documents opened before activation get no open event: look at them now.
  setTimeout(() => vscode.workspace.textDocuments.forEach(loadFor), 0);
  return [
    vscode.workspace.onDidOpenTextDocument(loadFor),
    command(Commands.signProfileToken, 'signToken'),
    command(Commands.copyEmbedUrl, 'copyEmbedUrl'),
    command(Commands.copyEmbedSnippet, 'copyEmbedSnippet'),
    command(Commands.openEmbedUrl, 'openEmbedUrl'),
    command(Commands.newTokenProfile, 'newProfile'),
    vscode.window.registerCustomEditorProvider(Views.tokenEditor, tokenEditor, { supportsMultipleEditorsPerDocument: true }),
    vscode.commands.registerCommand(Commands.openTokenEditor, async (uri?: unknown) => {
      const target = uri instanceof vscode.Uri ? uri : activeTabUri();
      if (!target || !isProfileUri(target)) {
        void vscode.window.showErrorMessage('JWT Studio: open a *.jwt.yaml profile first (or create one with "JWT: New Token").');
        return;
      }
      await vscode.commands.executeCommand('vscode.openWith', target, Views.tokenEditor);
    }),
    { dispose: () => api?.dispose() },
  ];
}

/** The file of the active tab, text or custom editor (the palette can be opened from either). */
function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
}
