// The Token Editor: a custom text editor over `*.jwt.yaml`. The webview is a
// form over the same TextDocument as the YAML text, so undo, redo, save and
// dirty state are VS Code's own. Form changes arrive as path edits and become
// minimal text edits; every document change sends the whole (small) model back.

import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { decodeToken, editorModel, editProfile, parseProfile, verifyToken } from '../core';
import type { Preset, ProfileKeyInfo } from '../core';
import { Commands } from '../commands/ids';
import { Disposable } from '../disposable';
import type { KeyRingReader } from '../keys/keyRingApi';
import type { FailedAction, HostMessage, OutputAction, ProfileEdit, SignedView, WebviewMessage } from '../shared/protocol';
import { isWebviewMessage } from '../shared/protocol';

/** Names for failures, in the words of the page's buttons. */
const ACTION_NAMES: Record<FailedAction, string> = {
  sign: 'Sign',
  edit: 'The change',
  copyToken: 'Copy Token',
  copyUrl: 'Copy Embed URL',
  copySnippet: 'Copy Snippet',
  openUrl: 'Open URL',
  generateKey: 'Generate new key',
  openText: 'Edit as YAML',
  showKey: 'Show JWK',
};

/** What the editor needs from the profile adapter; signing stays there so every path signs the same way. */
export interface TokenEditorServices {
  readonly keyRing: KeyRingReader;
  presets(): Preset[];
  /** The ring's public index as profiles see it, kids included. */
  keys(): ProfileKeyInfo[];
  /** Fires when presets or keys change. */
  readonly onDidChange: vscode.Event<void>;
  /** Signs (and encrypts, when the profile asks) a token from the document. */
  sign(doc: vscode.TextDocument): Promise<{ token: string; jws: string; encrypted: boolean }>;
  /** Runs an output action with a freshly signed token; the result says what happened, undefined when the user cancelled. */
  output(doc: vscode.TextDocument, action: OutputAction, snippet?: string): Promise<string | undefined>;
  /** The message to show for a failure: its own text for problems the user can fix, else a pointer to the log. */
  describeFailure(what: string, error: unknown): string;
  readonly log: vscode.LogOutputChannel;
}

export class TokenEditorProvider implements vscode.CustomTextEditorProvider {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly services: TokenEditorServices,
  ) {}

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const session = new TokenEditorSession(document, panel, this.extensionUri, this.services);
    panel.onDidDispose(() => session.dispose());
  }
}

class TokenEditorSession extends Disposable {
  private ready = false;
  private closed = false;
  /** Page messages run one after another, so a Sign sent right after an edit signs the edited text. */
  private queue: Promise<void> = Promise.resolve();
  /** The last signed token, kept in memory only, so a page reloaded (tab hidden and shown) shows it again. */
  private signed: SignedView | undefined;

  constructor(
    private readonly document: vscode.TextDocument,
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly services: TokenEditorServices,
  ) {
    super();
    const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [root] };
    panel.webview.html = pageHtml(panel.webview, root, document);
    this._register(panel.webview.onDidReceiveMessage((message: unknown) => this.enqueue(message)));
    this._register(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === document && event.contentChanges.length > 0) this.postModel();
      }),
    );
    this._register(services.onDidChange(() => this.postModel()));
    // Models are skipped while hidden; a page that survived hiding catches up when it shows again
    // (only then: a model on every focus change would re-render under someone's typing for nothing).
    let wasVisible = panel.visible;
    this._register(
      panel.onDidChangeViewState(() => {
        if (panel.visible && !wasVisible) this.postModel();
        wasVisible = panel.visible;
      }),
    );
  }

  override dispose(): void {
    this.closed = true;
    super.dispose();
  }

  private enqueue(raw: unknown): void {
    this.queue = this.queue.then(() => this.receive(raw)).catch((error: unknown) => {
      this.services.log.error('Token Editor: a request from the page failed', error);
    });
  }

  private post(message: HostMessage): void {
    // Nothing is posted before the page listens; the page asks again with `ready` after a reload.
    if (!this.ready || this.closed) return;
    void this.panel.webview.postMessage(message);
  }

  private postModel(): void {
    // A hidden page is gone (its context is not retained); it asks with `ready` when it comes back.
    if (!this.ready || !this.panel.visible) return;
    const model = editorModel(this.document.getText(), { presets: this.services.presets(), keys: this.services.keys(), now: Date.now() });
    this.post({ type: 'model', model, version: this.document.version, fileName: vscode.workspace.asRelativePath(this.document.uri) });
  }

  private async receive(raw: unknown): Promise<void> {
    if (!isWebviewMessage(raw)) {
      this.services.log.warn('Token Editor: ignored a malformed message from the page');
      return;
    }
    const message: WebviewMessage = raw;
    try {
      switch (message.type) {
        case 'ready':
          this.ready = true;
          this.postModel();
          if (this.signed) this.post({ type: 'signed', signed: this.signed });
          return;
        case 'edit':
          return await this.edit(message.edit);
        case 'sign':
          return await this.sign();
        case 'output':
          return await this.output(message.action, message.snippet);
        case 'generateKey':
          // Not awaited: the key generator asks several questions, and the page stays usable meanwhile.
          void this.generateKey();
          return;
        case 'openText':
          return await this.openText(message.line);
        case 'showKey':
          // Not awaited, like generateKey: the command may ask before it shows anything, and the page stays usable.
          void Promise.resolve(vscode.commands.executeCommand('jwtStudio.showKeyJwk', message.id)).catch((error: unknown) => {
            this.post({ type: 'failed', action: 'showKey', message: this.services.describeFailure(ACTION_NAMES.showKey, error) });
          });
          return;
      }
    } catch (error) {
      const action = message.type === 'output' ? message.action : message.type === 'ready' ? 'edit' : message.type;
      this.post({ type: 'failed', action, message: this.services.describeFailure(ACTION_NAMES[action], error) });
    }
  }

  private async openText(line?: number): Promise<void> {
    // Where the YAML is already on screen it is brought forward there; only otherwise does it open beside
    // the form, so asking again (or following several problem links) never keeps splitting the window.
    const shown = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    const editor = await vscode.window.showTextDocument(this.document, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.Beside });
    if (line !== undefined && line >= 1 && line <= this.document.lineCount) {
      const at = new vscode.Position(line - 1, this.document.lineAt(line - 1).firstNonWhitespaceCharacterIndex);
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  private async edit(change: ProfileEdit): Promise<void> {
    // Edits name a path, not offsets, and run one at a time: each is worked out on the text as it is now.
    const result = editProfile(this.document.getText(), change);
    if (!result.ok) {
      this.post({ type: 'failed', action: 'edit', message: result.error.message });
      this.postModel();
      return;
    }
    if (result.edits.length === 0) return;
    const edit = new vscode.WorkspaceEdit();
    for (const e of result.edits) {
      edit.replace(this.document.uri, new vscode.Range(this.document.positionAt(e.start), this.document.positionAt(e.end)), e.newText);
    }
    if (!(await vscode.workspace.applyEdit(edit))) {
      const readOnly = vscode.workspace.fs.isWritableFileSystem(this.document.uri.scheme) === false;
      this.post({ type: 'failed', action: 'edit', message: readOnly ? 'This file is read-only: the change was not made.' : 'The file changed while the change was being made; try it again.' });
      this.postModel();
    }
  }

  // Failures in sign and output reach the page through receive(), which names the action.
  private async sign(): Promise<void> {
    const version = this.document.version;
    const { token, jws, encrypted } = await this.services.sign(this.document);
    const report = await verifyToken(jws, await this.services.keyRing.verificationKeys());
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
    this.signed = signed;
    this.post({ type: 'signed', signed });
  }

  private async output(action: OutputAction, snippet?: string): Promise<void> {
    const message = await this.services.output(this.document, action, snippet);
    if (message) this.post({ type: 'done', action, message });
  }

  /** Runs the key generator, limited to what the preset accepts, and names the new key in `key:`. */
  private async generateKey(): Promise<void> {
    const algorithms = parseProfile(this.document.getText(), { presets: this.services.presets() }).preset?.alg.allowed;
    const id = await vscode.commands.executeCommand<string | undefined>(Commands.generateKey, algorithms ? { algorithms } : undefined);
    if (typeof id !== 'string' || this.closed) return;
    this.enqueue({ type: 'edit', edit: { op: 'set', path: ['key'], value: id } } satisfies WebviewMessage);
    this.queue = this.queue.then(() => this.post({ type: 'done', action: 'generateKey', message: `Key '${id}' generated and chosen for this profile.` }));
  }
}

function pageHtml(webview: vscode.Webview, root: vscode.Uri, document: vscode.TextDocument): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css'));
  const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `img-src ${webview.cspSource}`].join('; ');
  const title = escapeHtml(`Token Editor: ${vscode.workspace.asRelativePath(document.uri)}`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${title}</title>
</head>
<body>
<main id="app" aria-label="${title}"><p class="loading">Loading…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
