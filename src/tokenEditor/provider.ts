// The Token Editor: a custom text editor over `*.jwt.yaml`. The webview is a
// form over the same TextDocument as the YAML text, so undo, redo, save and
// dirty state are VS Code's own. Form changes arrive as path edits and become
// minimal text edits; every document change sends the whole (small) model back.

import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { decodeToken, editorModel, editProfile, parseProfile, ringKeyNamer, verifyToken } from '../core';
import type { Preset, ProfileKeyInfo } from '../core';
import { Commands, Views } from '../commands/ids';
import { Disposable } from '../disposable';
import type { KeyRingReader } from '../keys/keyRingApi';
import { profileDisplayName } from '../profiles/profileFiles';
import { closeTextTabs } from './textTabs';
import type { FailedAction, HostMessage, OutputAction, ProfileEdit, SignedView, WebviewMessage, WebviewUiState } from '../shared/protocol';
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

/** What a form leaves behind for the form that follows its profile to the file it was saved as. */
interface Handoff {
  signed: SignedView | undefined;
  ui: WebviewUiState | undefined;
}

/** A form, watched so that it can follow its profile when that profile is saved as another file. */
interface FormWatch {
  readonly document: vscode.TextDocument;
  /** The text (and document version) before the save emptied the untitled buffer. */
  text: string;
  version: number;
  session: TokenEditorSession | undefined;
  viewColumn: vscode.ViewColumn | undefined;
  active: boolean;
  /** When the form closed (Save from the form makes VS Code replace it with the text editor of the file saved). */
  closedAt?: number;
  handoff: Handoff;
}

/** How long a closed form stays watched. */
const CLOSED_FORM_KEPT_MS = 10_000;
/** A form closed at most this long before a save is one VS Code closed for that save; earlier, the person closed it. */
const CLOSED_FOR_SAVE_MS = 1_000;
/** How long, after a file is written, the buffer it came from may take to be emptied or its form to be replaced. */
const FOLLOW_WAIT_MS = 3_000;

/** How long a form waits before showing an unsaved buffer as empty (a save empties it, and the form moves on). */
const EMPTIED_BUFFER_SHOWN_MS = 1_000;

/** Text as compared across a save: save participants may trim trailing whitespace and final line breaks. */
function comparable(text: string): string {
  // By hand, not with a regular expression: a run of spaces before another character would make `[ \t]+$` backtrack.
  const lines = text.split('\n').map((line) => line.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

/** A form still open, or one VS Code closed for the save at `savedAt` (not one the person closed before it). */
function openOrClosedFor(watch: FormWatch, savedAt: number): boolean {
  return watch.session !== undefined || (watch.closedAt ?? 0) >= savedAt - CLOSED_FOR_SAVE_MS;
}

/** An untitled buffer that a save has emptied (VS Code reverts it, a moment after the file is written) or closed. */
function emptiedBySave(document: vscode.TextDocument): boolean {
  return document.isClosed || document.getText() === '';
}

export class TokenEditorProvider extends Disposable implements vscode.CustomTextEditorProvider {
  /** Every open form, and those closed a moment ago. */
  private readonly forms = new Set<FormWatch>();
  /** State handed to the form about to open on a saved file, by that file's URI. */
  private readonly arriving = new Map<string, Handoff>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly services: TokenEditorServices,
  ) {
    super();
    this._register(vscode.workspace.onDidSaveTextDocument((doc) => void this.followSave(doc)));
  }

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const key = document.uri.toString();
    const handoff = this.arriving.get(key);
    this.arriving.delete(key);
    const session = new TokenEditorSession(document, panel, this.extensionUri, this.services, handoff);
    this.watch(document, session, panel);
    panel.onDidDispose(() => session.dispose());
  }

  /** Keeps what is needed to bring the form back on the file its profile is saved as. */
  private watch(document: vscode.TextDocument, session: TokenEditorSession, panel: vscode.WebviewPanel): void {
    const watch: FormWatch = {
      document,
      text: document.getText(),
      version: document.version,
      session,
      viewColumn: panel.viewColumn,
      active: panel.active,
      handoff: { signed: undefined, ui: undefined },
    };
    this.forms.add(watch);
    session.onState = (text, version, handoff) => {
      // The save empties the untitled buffer; the text before that is the one saved.
      if (text !== '') {
        watch.text = text;
        watch.version = version;
      }
      watch.handoff = handoff;
    };
    panel.onDidChangeViewState(() => {
      watch.viewColumn = panel.viewColumn ?? watch.viewColumn;
      watch.active = panel.active;
    });
    panel.onDidDispose(() => {
      if (watch.session !== session) return;
      watch.session = undefined;
      watch.closedAt = Date.now();
      setTimeout(() => this.forms.delete(watch), CLOSED_FORM_KEPT_MS);
    });
  }

  /**
   * A profile was saved as a file (Save or Save As, from the form or from its
   * text): every form on the document it came from opens on the saved file
   * where it was, with its state, and the old forms go, so no edit lands on an
   * emptied buffer.
   */
  private async followSave(saved: vscode.TextDocument): Promise<void> {
    if (saved.uri.scheme === 'untitled') return;
    const savedAt = Date.now();
    const source = await this.sourceOf(saved, savedAt);
    if (!source) return;
    const watches = [...this.forms].filter((w) => w.document === source && openOrClosedFor(w, savedAt));
    for (const w of watches) this.forms.delete(w);
    const open = watches.flatMap((w) => (w.session ? [w.session] : []));
    for (const session of open) session.moveTo(saved);
    const key = saved.uri.toString();
    // Saved over a file that already has a form: that form shows it; the old forms just go.
    const alreadyShown = [...this.forms].some((w) => w.session && w.document.uri.toString() === key);
    const first = watches.find((w) => w.active) ?? watches[0];
    const handoff = first ? this.handoffFor(first, saved) : undefined;
    try {
      if (!alreadyShown) {
        // One form per column the old ones were in, the active one's state first.
        const columns = [...new Set(watches.map((w) => w.viewColumn ?? vscode.ViewColumn.Active))];
        for (const viewColumn of columns) {
          if (handoff) this.arriving.set(key, handoff);
          const active = watches.some((w) => w.active && (w.viewColumn ?? vscode.ViewColumn.Active) === viewColumn);
          await vscode.commands.executeCommand('vscode.openWith', saved.uri, Views.tokenEditor, { viewColumn, preserveFocus: !active });
          // Save from the form makes VS Code put the text editor of the saved file where the form was: that tab goes.
          // (A text tab the person kept in the form's own group goes too; that loses nothing: the YAML is saved.)
          closeTextTabs(saved.uri, viewColumn);
        }
      }
    } catch (error) {
      this.services.log.error('Token Editor: could not open the saved profile in the form', error);
      const name = profileDisplayName(saved.uri, (uri) => vscode.workspace.asRelativePath(uri));
      void vscode.window.showWarningMessage(`JWT Studio: the profile was saved as ${name}, but the Token Editor could not open it there. Open it again with "JWT: Open in Token Editor".`);
    } finally {
      this.arriving.delete(key);
      for (const session of open) session.close();
    }
  }

  /**
   * The document `saved` came from: an unsaved buffer the save emptied (its
   * forms open or closed for this save), else a saved file whose form VS Code
   * replaced for a Save As. Waits a moment for either to show; undefined when
   * the save was an ordinary one.
   */
  private async sourceOf(saved: vscode.TextDocument, savedAt: number): Promise<vscode.TextDocument | undefined> {
    const key = saved.uri.toString();
    const text = comparable(saved.getText());
    // Compared now: a dirty file VS Code closes after a Save As of it is reverted, and its text changes.
    const same = [...this.forms].filter((w) => w.document.uri.toString() !== key && comparable(w.text) === text && openOrClosedFor(w, savedAt));
    if (same.length === 0) return undefined;
    for (const deadline = savedAt + FOLLOW_WAIT_MS; ; ) {
      const found = same.filter((w) => openOrClosedFor(w, savedAt));
      const unsaved = found.filter((w) => w.document.isUntitled && emptiedBySave(w.document));
      // The untitled buffer New Token made has the path it is saved to: prefer it.
      const pick = unsaved.find((w) => w.document.uri.path === saved.uri.path) ?? unsaved[0] ?? found.find((w) => !w.document.isUntitled && w.session === undefined);
      if (pick) return pick.document;
      if (Date.now() > deadline || found.length === 0) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The state for the form on the saved file: the token stays current only when nothing changed after it was signed. */
  private handoffFor(watch: FormWatch, saved: vscode.TextDocument): Handoff {
    const signed = watch.handoff.signed;
    if (!signed) return watch.handoff;
    return { ...watch.handoff, signed: { ...signed, version: signed.version === watch.version ? saved.version : -1 } };
  }
}

class TokenEditorSession extends Disposable {
  private ready = false;
  private closed = false;
  /** Page messages run one after another, so a Sign sent right after an edit signs the edited text. */
  private queue: Promise<void> = Promise.resolve();
  /** The last signed token, kept in memory only, so a page reloaded (tab hidden and shown) shows it again. */
  private signed: SignedView | undefined;
  /** The page's layout state as it last reported it (open sections, focus, scroll): handed on when the form follows a save. */
  private ui: WebviewUiState | undefined;
  /** The saved file this unsaved profile became: edits still arriving from the page go there, never to a new untitled buffer. */
  private movedTo: vscode.TextDocument | undefined;
  /** Told of every text and state change (the provider watches unsaved profiles with it). */
  onState: ((text: string, version: number, handoff: Handoff) => void) | undefined;

  constructor(
    private readonly document: vscode.TextDocument,
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly services: TokenEditorServices,
    handoff?: Handoff,
  ) {
    super();
    this.signed = handoff?.signed;
    this.ui = handoff?.ui;
    const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [root] };
    panel.webview.html = pageHtml(panel.webview, root, document, handoff?.ui);
    this._register(panel.webview.onDidReceiveMessage((message: unknown) => this.enqueue(message)));
    this._register(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document !== document || event.contentChanges.length === 0) return;
        this.report();
        // The save of an unsaved profile empties its buffer, and the form follows the saved file instead of showing
        // that; an unsaved buffer emptied by hand shows as empty a moment later.
        if (document.isUntitled && document.getText() === '') {
          setTimeout(() => this.postModel(), EMPTIED_BUFFER_SHOWN_MS);
          return;
        }
        this.postModel();
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

  /** The document edits go to: the saved file once this unsaved profile has been saved. */
  private get target(): vscode.TextDocument {
    return this.movedTo ?? this.document;
  }

  /** This unsaved profile was saved as `saved`: from now on the page's edits go there. */
  moveTo(saved: vscode.TextDocument): void {
    this.movedTo = saved;
  }

  /** Closes the form (a form on the saved file has taken its place). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.panel.dispose();
    } catch {
      // VS Code disposed it already.
    }
  }

  /** VS Code may dispose the panel a moment before it tells the session; a disposed panel is not visible. */
  private panelVisible(): boolean {
    try {
      return this.panel.visible;
    } catch {
      return false;
    }
  }

  private report(): void {
    this.onState?.(this.document.getText(), this.document.version, { signed: this.signed, ui: this.ui });
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
    if (!this.ready || this.closed || this.movedTo || !this.panelVisible()) return;
    const model = editorModel(this.document.getText(), { presets: this.services.presets(), keys: this.services.keys(), now: Date.now() });
    this.post({ type: 'model', model, version: this.document.version, fileName: displayName(this.document) });
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
        case 'uiState':
          this.ui = message.state;
          this.report();
          return;
        case 'saveTyped':
          return await this.saveTyped();
        case 'showKey':
          // Not awaited, like generateKey: the command may ask before it shows anything, and the page stays usable.
          void Promise.resolve(vscode.commands.executeCommand(Commands.showKeyJwk, message.id)).catch((error: unknown) => {
            this.post({ type: 'failed', action: 'showKey', message: this.services.describeFailure(ACTION_NAMES.showKey, error) });
          });
          return;
      }
    } catch (error) {
      const action = message.type === 'output' ? message.action : message.type === 'ready' || message.type === 'uiState' || message.type === 'saveTyped' ? 'edit' : message.type;
      this.post({ type: 'failed', action, message: this.services.describeFailure(ACTION_NAMES[action], error) });
    }
  }

  /**
   * Ctrl+S in the page: VS Code saves at once, and the edit of the field being
   * typed in (sent just before this) may land after that save; save again so
   * what was on screen is what is saved. An unsaved profile is left to VS
   * Code's own Save (it asks where, and the form follows).
   */
  private async saveTyped(): Promise<void> {
    const document = this.target;
    if (document.isUntitled || !document.isDirty) return;
    if (!(await document.save())) this.post({ type: 'failed', action: 'edit', message: 'The file could not be saved: save it again with Ctrl+S.' });
  }

  private async openText(line?: number): Promise<void> {
    // Where the YAML is already on screen it is brought forward there; only otherwise does it open beside
    // the form, so asking again (or following several problem links) never keeps splitting the window.
    const document = this.target;
    const shown = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.Beside });
    if (line !== undefined && line >= 1 && line <= document.lineCount) {
      const at = new vscode.Position(line - 1, document.lineAt(line - 1).firstNonWhitespaceCharacterIndex);
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  private async edit(change: ProfileEdit): Promise<void> {
    // Edits name a path, not offsets, and run one at a time: each is worked out on the text as it is now.
    const document = this.target;
    const result = editProfile(document.getText(), change);
    if (!result.ok) {
      this.post({ type: 'failed', action: 'edit', message: result.error.message });
      this.postModel();
      return;
    }
    if (result.edits.length === 0) return;
    const edit = new vscode.WorkspaceEdit();
    for (const e of result.edits) {
      edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
    }
    if (!(await vscode.workspace.applyEdit(edit))) {
      const readOnly = vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) === false;
      this.post({ type: 'failed', action: 'edit', message: readOnly ? 'This file is read-only: the change was not made.' : 'The file changed while the change was being made; try it again.' });
      this.postModel();
    }
  }

  // Failures in sign and output reach the page through receive(), which names the action.
  private async sign(): Promise<void> {
    const document = this.target;
    const version = document.version;
    const { token, jws, encrypted } = await this.services.sign(document);
    const ring = this.services.keyRing;
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
    this.signed = signed;
    this.report();
    this.post({ type: 'signed', signed });
  }

  private async output(action: OutputAction, snippet?: string): Promise<void> {
    const message = await this.services.output(this.target, action, snippet);
    if (message) this.post({ type: 'done', action, message });
  }

  /** Runs the key generator, limited to what the preset accepts, and names the new key in `key:`. */
  private async generateKey(): Promise<void> {
    const algorithms = parseProfile(this.target.getText(), { presets: this.services.presets() }).preset?.alg.allowed;
    const id = await vscode.commands.executeCommand<string | undefined>(Commands.generateKey, algorithms ? { algorithms } : undefined);
    if (typeof id !== 'string' || this.closed) return;
    this.enqueue({ type: 'edit', edit: { op: 'set', path: ['key'], value: id } } satisfies WebviewMessage);
    this.queue = this.queue.then(() => this.post({ type: 'done', action: 'generateKey', message: `Key '${id}' generated and chosen for this profile.` }));
  }
}

/** The profile's name for the page: workspace-relative, or "name.jwt.yaml (unsaved)". */
function displayName(document: vscode.TextDocument): string {
  return profileDisplayName(document.uri, (uri) => vscode.workspace.asRelativePath(uri));
}

function pageHtml(webview: vscode.Webview, root: vscode.Uri, document: vscode.TextDocument, ui: WebviewUiState | undefined): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css'));
  const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `img-src ${webview.cspSource}`].join('; ');
  const title = escapeHtml(`Token Editor: ${displayName(document)}`);
  // Layout handed on from the form this one replaces (a saved unsaved profile); the page checks it like its own saved state.
  const state = ui ? ` data-ui-state="${escapeHtml(JSON.stringify(ui))}"` : '';
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
<main id="app" aria-label="${title}"${state}><p class="loading">Loading…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
