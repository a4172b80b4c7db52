// One open form: the webview panel over one profile document. It posts the
// model on every change of the document, and runs the page's messages one
// after another through its handler table (one handler per message type).

import * as vscode from 'vscode';
import { editorModel, parseProfile } from '../core';
import { Commands } from '../commands/ids';
import { Disposable } from '../disposable';
import type { FailedAction, HandlerTable, HostMessage, OutputAction, SignedView, WebviewMessage, WebviewUiState } from '../shared/protocol';
import { dispatch, isWebviewMessage } from '../shared/protocol';
import type { FollowingForm, Handoff } from './formWatch';
import type { PageChannel } from './handlers';
import { applyEdit, openText, saveTyped, showKey, signProfile } from './handlers';
import { displayName, pageHtml } from './pageHtml';
import type { TokenEditorServices } from './services';

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
  copyCode: 'Copy Integration Code',
};

/** How long a form waits before showing an unsaved buffer as empty (a save empties it, and the form moves on). */
const EMPTIED_BUFFER_SHOWN_MS = 1_000;

/** What a failure of `message` is reported as. */
function failedAction(message: WebviewMessage): FailedAction {
  return message.type === 'output' ? message.action : message.type === 'ready' || message.type === 'uiState' || message.type === 'saveTyped' ? 'edit' : message.type;
}

export class TokenEditorSession extends Disposable implements FollowingForm, PageChannel {
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
  /** The text and version of the last model posted ahead of its edit (postPredictedModel), until the edit lands. */
  private predicted: { text: string; version: number } | undefined;
  /** Told of every text and state change (the provider watches unsaved profiles with it). */
  onState: ((text: string, version: number, handoff: Handoff) => void) | undefined;
  /** Told when the page has loaded and asked for its first model. */
  onShown: (() => void) | undefined;

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
        // The page already has the model of this text, posted when the form's edit was worked out.
        const predicted = this.predicted;
        this.predicted = undefined;
        if (predicted && predicted.version === document.version && predicted.text === document.getText()) return;
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

  post(message: HostMessage): void {
    // Nothing is posted before the page listens; the page asks again with `ready` after a reload.
    if (!this.ready || this.closed) return;
    void this.panel.webview.postMessage(message);
  }

  postModel(): void {
    this.predicted = undefined;
    this.postModelOf(this.document.getText(), this.document.version);
  }

  postPredictedModel(text: string, version: number): void {
    this.predicted = this.postModelOf(text, version) ? { text, version } : undefined;
  }

  private postModelOf(text: string, version: number): boolean {
    // A hidden page is gone (its context is not retained); it asks with `ready` when it comes back.
    if (!this.ready || this.closed || this.movedTo || !this.panelVisible()) return false;
    const model = editorModel(text, { presets: this.services.presets(), keys: this.services.keys(), now: Date.now() });
    this.post({ type: 'model', model, version, fileName: displayName(this.document) });
    return true;
  }

  /** What the host does with each page message; failures are reported to the page by receive(). */
  private readonly handlers: HandlerTable<WebviewMessage, Promise<void> | void> = {
    ready: () => {
      this.ready = true;
      this.postModel();
      if (this.signed) this.post({ type: 'signed', signed: this.signed });
      this.onShown?.();
    },
    edit: (message) => applyEdit(this.target, message.edit, this),
    sign: () => this.sign(),
    output: (message) => this.output(message.action, message.snippet),
    generateKey: () => {
      // Not awaited: the key generator asks several questions, and the page stays usable meanwhile.
      void this.generateKey();
    },
    openText: (message) => openText(this.target, message.line),
    uiState: (message) => {
      this.ui = message.state;
      this.report();
    },
    saveTyped: () => saveTyped(this.target, this),
    showKey: (message) =>
      showKey(message.id, (error) => {
        this.post({ type: 'failed', action: 'showKey', message: this.services.describeFailure(ACTION_NAMES.showKey, error) });
      }),
    copyCode: async () => {
      const message = await this.services.integrationCode(this.target);
      if (message) this.post({ type: 'done', action: 'copyCode', message });
    },
  };

  private async receive(raw: unknown): Promise<void> {
    if (!isWebviewMessage(raw)) {
      this.services.log.warn('Token Editor: ignored a malformed message from the page');
      return;
    }
    const message: WebviewMessage = raw;
    try {
      await dispatch(this.handlers, message);
    } catch (error) {
      const action = failedAction(message);
      this.post({ type: 'failed', action, message: this.services.describeFailure(ACTION_NAMES[action], error) });
    }
  }

  // Failures in sign and output reach the page through receive(), which names the action.
  private async sign(): Promise<void> {
    const signed = await signProfile(this.services, this.target);
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
