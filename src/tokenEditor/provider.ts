// src/tokenEditor/: the Token Editor's host side, a custom text editor over
// `*.jwt.yaml`. This file is the entry: the provider VS Code calls for each
// form. session.ts runs one form (the page's messages, through a handler
// table, and the model it is sent), handlers.ts does what the page asks,
// formWatch.ts makes forms follow a profile saved as another file, pageHtml.ts
// builds the page's HTML, textTabs.ts closes the text tabs a form replaces.
// The page itself is webview/; the model it shows is src/core/tokenEditor/.
//
// The webview is a form over the same TextDocument as the YAML text, so undo,
// redo, save and dirty state are VS Code's own. Form changes arrive as path
// edits and become minimal text edits; every document change sends the whole
// (small) model back.

import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import { SaveFollower } from './formWatch';
import type { TokenEditorServices } from './services';
import { TokenEditorSession } from './session';

export type { TokenEditorServices } from './services';

export class TokenEditorProvider extends Disposable implements vscode.CustomTextEditorProvider {
  /** Every open form, followed to the file its profile is saved as. */
  private readonly follower: SaveFollower;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly services: TokenEditorServices,
  ) {
    super();
    this.follower = new SaveFollower(services.log);
    this._register(vscode.workspace.onDidSaveTextDocument((doc) => void this.follower.followSave(doc)));
  }

  /** Waiters for a form's page to show, by document URI (see formShown). */
  private readonly shownWaiters = new Map<string, (() => void)[]>();

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const handoff = this.follower.takeHandoff(document.uri);
    const session = new TokenEditorSession(document, panel, this.extensionUri, this.services, handoff);
    const key = document.uri.toString();
    session.onShown = () => {
      const waiters = this.shownWaiters.get(key) ?? [];
      this.shownWaiters.delete(key);
      for (const done of waiters) done();
    };
    this.follower.watch(document, session, panel);
    panel.onDidDispose(() => session.dispose());
  }

  /**
   * True once a form on `uri` has loaded its page (ask before opening it), false after `timeoutMs` without one:
   * until then VS Code may not count the form as an editor of the document.
   */
  formShown(uri: vscode.Uri, timeoutMs: number): Promise<boolean> {
    const key = uri.toString();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const rest = (this.shownWaiters.get(key) ?? []).filter((w) => w !== done);
        if (rest.length > 0) this.shownWaiters.set(key, rest);
        else this.shownWaiters.delete(key);
        resolve(false);
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.shownWaiters.set(key, [...(this.shownWaiters.get(key) ?? []), done]);
    });
  }
}
