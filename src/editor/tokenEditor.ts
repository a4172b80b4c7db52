// The Token Editor: a custom text editor over `*.jwt.yaml`. The webview is a
// form over the same TextDocument as the YAML text, so undo, redo, save and
// dirty state are VS Code's own. Form changes arrive as path edits and become
// minimal text edits; every document change sends the whole (small) model back.

import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { editorModel, editProfile, parseProfile, verifyToken } from '../core';
import type { Preset } from '../core';
import type { KeyRingReader } from '../keys/keyRingApi';
import type { HostMessage, OutputAction, SignedView, WebviewMessage } from '../shared/protocol';
import { isWebviewMessage } from '../shared/protocol';

export const TOKEN_EDITOR_VIEW_TYPE = 'jwtStudio.tokenEditor';

/** What the editor needs from the profile adapter; signing stays there so every path signs the same way. */
export interface TokenEditorServices {
  readonly keyRing: KeyRingReader;
  presets(): Preset[];
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

class TokenEditorSession {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private disposed = false;

  constructor(
    private readonly document: vscode.TextDocument,
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly services: TokenEditorServices,
  ) {
    const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [root] };
    panel.webview.html = pageHtml(panel.webview, root, document);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === document && event.contentChanges.length > 0) this.postModel();
      }),
      services.onDidChange(() => this.postModel()),
      // A panel brought back to the front may have missed nothing, but times in the preview have moved on.
      panel.onDidChangeViewState(() => {
        if (panel.visible) this.postModel();
      }),
    );
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
  }

  private post(message: HostMessage): void {
    // Nothing is posted before the page listens; the page asks again with `ready` after a reload.
    if (!this.ready || this.disposed) return;
    void this.panel.webview.postMessage(message);
  }

  private postModel(): void {
    if (!this.ready) return;
    const keys = this.services.keyRing.entries().map((e) => ({ id: e.id, alg: e.alg, use: e.use, kty: e.kty, hasPrivate: e.hasPrivate, kid: e.kid }));
    const model = editorModel(this.document.getText(), { presets: this.services.presets(), keys, now: Date.now() });
    this.post({ type: 'model', model, version: this.document.version, fileName: vscode.workspace.asRelativePath(this.document.uri) });
  }

  private async receive(raw: unknown): Promise<void> {
    if (!isWebviewMessage(raw)) {
      this.services.log.warn('Token Editor: ignored a malformed message from the page');
      return;
    }
    const message: WebviewMessage = raw;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.postModel();
        return;
      case 'edit':
        return this.edit(message);
      case 'sign':
        return this.sign();
      case 'output':
        return this.output(message.action, message.snippet);
      case 'generateKey':
        return this.generateKey();
      case 'openText':
        await vscode.commands.executeCommand('vscode.openWith', this.document.uri, 'default', vscode.ViewColumn.Beside);
        return;
    }
  }

  private async edit(message: Extract<WebviewMessage, { type: 'edit' }>): Promise<void> {
    // Edits name a path, not offsets, so one made against an older version still lands where it was meant.
    const result = editProfile(this.document.getText(), message.edit);
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
      this.post({ type: 'failed', action: 'edit', message: 'The change could not be written to the file; is it read-only?' });
      this.postModel();
    }
  }

  private async sign(): Promise<void> {
    try {
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
      const exp = expOf(jws);
      if (exp !== undefined) signed.exp = exp;
      this.post({ type: 'signed', signed });
    } catch (error) {
      this.post({ type: 'failed', action: 'sign', message: this.services.describeFailure('Sign', error) });
    }
  }

  private async output(action: OutputAction, snippet?: string): Promise<void> {
    try {
      const message = await this.services.output(this.document, action, snippet);
      if (message) this.post({ type: 'done', action, message });
    } catch (error) {
      this.post({ type: 'failed', action, message: this.services.describeFailure(action, error) });
    }
  }

  /** Runs the key command and, when a new signing key appears in the ring, names it in `key:`. */
  private async generateKey(): Promise<void> {
    const before = new Set(this.services.keyRing.entries().map((e) => e.id));
    const added = new Promise<string | undefined>((resolve) => {
      const listener = this.services.keyRing.onDidChange(() => {
        const fresh = this.services.keyRing.entries().find((e) => !before.has(e.id) && e.use !== 'enc');
        if (fresh) {
          listener.dispose();
          resolve(fresh.id);
        }
      });
      // The command resolves only after its closing notification; the key is saved well before.
      // Offer only what the profile's preset accepts.
      const algorithms = parseProfile(this.document.getText(), { presets: this.services.presets() }).preset?.alg.allowed;
      void Promise.resolve(vscode.commands.executeCommand('jwtStudio.generateKey', algorithms ? { algorithms } : undefined)).finally(() => {
        setTimeout(() => {
          listener.dispose();
          resolve(undefined);
        }, 1000);
      });
    });
    const id = await added;
    if (!id) return;
    await this.edit({ type: 'edit', edit: { op: 'set', path: ['key'], value: id }, version: this.document.version });
    this.post({ type: 'done', action: 'generateKey', message: `Key '${id}' generated and chosen for this profile.` });
  }
}

function expOf(jws: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp : undefined;
  } catch {
    return undefined;
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
