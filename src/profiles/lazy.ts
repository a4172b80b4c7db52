// Loads the profile adapter (dist/profiles.js) the first time it is needed:
// when a `*.jwt.yaml` document (or a `.vscode/jwt-presets/*.yaml` preset) is open, the Token Editor
// opens, or a profile command runs (the commands, in commands/table.ts, call load()). Only types
// come from the adapter here, so the main bundle stays free of the YAML parser and the schema validator.

import * as vscode from 'vscode';
import type * as ProfilesModule from './index';
import type { ProfilesApi } from './index';
import { Commands, Views } from '../commands/ids';
import type { KeyRingReader } from '../keys/keyRingApi';
import { log } from '../log';
import { isPresetUri, isProfileUri } from './profileFiles';

/** The profile adapter's registrations (for `context.subscriptions`) and the loader of its bundle. */
export function registerProfiles(context: vscode.ExtensionContext, keyRing: KeyRingReader): { load: () => ProfilesApi; disposables: vscode.Disposable[] } {
  let api: ProfilesApi | undefined;
  const load = (): ProfilesApi => {
    if (!api) {
      // A relative require of the sibling bundle; the build leaves it external.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require('./profiles.js') as typeof ProfilesModule;
      api = module.activateProfiles(
        context,
        keyRing,
        { signToken: Commands.signProfileToken, copyEmbedUrl: Commands.copyEmbedUrl, copyEmbedSnippet: Commands.copyEmbedSnippet, openTokenEditor: Commands.openTokenEditor, copyIntegrationCode: Commands.copyIntegrationCode },
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
  // Registering is cheap; the editor itself comes with the profile bundle when a profile is first opened in it.
  const tokenEditor: vscode.CustomTextEditorProvider = {
    resolveCustomTextEditor: (document, panel, token) => load().tokenEditor.resolveCustomTextEditor(document, panel, token),
  };
  // Documents opened before activation get no open event: look at them now.
  setTimeout(() => vscode.workspace.textDocuments.forEach(loadFor), 0);
  const disposables = [
    vscode.workspace.onDidOpenTextDocument(loadFor),
    vscode.window.registerCustomEditorProvider(Views.tokenEditor, tokenEditor, { supportsMultipleEditorsPerDocument: true }),
    { dispose: () => api?.dispose() },
  ];
  return { load, disposables };
}
