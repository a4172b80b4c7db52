/*
 * webview/: the Token Editor's page, bundled to dist/webview/main.js; this file
 * is the entry. render.ts draws the page from the model (one file per section:
 * tokenSection, registeredSection, fields, encryptSection, outputSection),
 * incoming.ts checks what the host sends, values.ts and jsonText.ts hold the
 * pure conversions the controls need.
 *
 * The Token Editor page: a form over a `*.jwt.yaml` profile, rendered with lit
 * from the EditorModel the host sends; every change goes back as a typed
 * message (src/shared/protocol.ts). The page keeps no copy of the profile, and
 * the signed token lives only in memory (never in setState).
 *
 * Element ids (stable; tests and focus restore rely on them). <n> is the claim
 * or parameter name as written when it matches [A-Za-z0-9][A-Za-z0-9_-]*,
 * otherwise "-" followed by its UTF-8 bytes in hex (values.ts idPart).
 *   header      open-text, docs-link, read-only (banner)
 *   sections    section-<s> (<details>), section-<s>-header (<summary>);
 *               <s> = token | registered | claims | embed | encrypt | output
 *   token       preset, key, alg, ttl-5m, ttl-15m, ttl-1h, ttl-custom, expiry
 *   generated   registered-iat, registered-exp, registered-nbf, registered-jti
 *   claims      claim-name-<n>, claim-value-<n>, claim-remove-<n>, add-claim-name, add-claim
 *   embed       embed-name-<n>, embed-value-<n>, embed-remove-<n>, add-embed-name, add-embed
 *   encryption  encrypt, encrypt-key, encrypt-alg, encrypt-enc
 *   output      preview-header, preview-payload, preview-message, sign, signed-token,
 *               signature-status, signed-stale, copy-token, copy-url, open-url, snippet, copy-snippet,
 *               copy-code, copy-code-hint
 *   page        problems, status
 */

import './main.css';
import './elements';
import { render } from 'lit';
import type { ClaimType, EditorModel, HandlerTable, HostMessage, ProfileEdit, SignedView, WebviewMessage, WebviewUiState } from '../src/shared/protocol';
import { dispatch } from '../src/shared/protocol';
import { parseHostMessage, restoreUiState } from './incoming';
import type { FieldSection, PageActions, PageView, Status } from './page';
import { renderLoading, renderPage } from './render';
import { nextEpoch, trackTyping } from './synced';
import type { VsCodeApi } from './vscodeApi';

/** How often the "Expires at …" lines move on with the clock. */
const CLOCK_MS = 30_000;
const SCROLL_SAVE_MS = 200;

class TokenEditorPage implements PageActions {
  private model: EditorModel | undefined;
  private version = 0;
  private fileName = '';
  private signed: SignedView | undefined;
  private signing = false;
  private status: Status | undefined;
  private snippet: string | undefined;
  private readonly errors = new Map<string, { message: string; basis: string }>();
  private readonly drafts: Record<FieldSection, string> = { claim: '', embed: '' };
  private readonly rounds: Record<FieldSection, number> = { claim: 0, embed: 0 };
  private readonly addTypes: Record<FieldSection, ClaimType> = { claim: 'string', embed: 'string' };
  private readonly leftDrafts: Record<FieldSection, boolean> = { claim: false, embed: false };
  /** Number claims the person chose to see as a date, or as a number (page memory only). */
  private readonly shown = new Map<string, ClaimType>();
  /** Values of iss / sub while switched off (page memory only, never setState). */
  private readonly kept = new Map<string, unknown>();
  /** Where focus goes after the next model, and the control that had it when that was decided. */
  private pendingFocus: { id: string; from: string } | undefined;
  private restored = false;
  private scrollTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly vscode: VsCodeApi,
    private readonly app: HTMLElement,
    private readonly ui: WebviewUiState,
  ) {}

  start(): void {
    // The host's HTML carries its own placeholder; lit renders beside existing children, so clear them.
    this.app.replaceChildren();
    this.draw();
    trackTyping(document);
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
    document.addEventListener('focusin', (event) => this.rememberFocus(event));
    document.addEventListener('keydown', (event) => this.onKeydown(event));
    window.addEventListener('scroll', () => this.rememberScroll(), { passive: true });
    setInterval(() => {
      if (this.model) this.draw();
    }, CLOCK_MS);
    this.send({ type: 'ready' });
  }

  // ------------------------------------------------------------ incoming

  private receive(data: unknown): void {
    const message = parseHostMessage(data);
    if (message) dispatch(this.handlers, message);
  }

  /** What the page does with each host message. */
  private readonly handlers: HandlerTable<HostMessage> = {
    model: (message) => {
      // An error stays until the profile changes after it (a refused edit is followed by an unchanged model).
      if (this.status?.error && this.status.version !== message.version) this.status = undefined;
      this.model = message.model;
      this.version = message.version;
      this.fileName = message.fileName;
      // A new model may be the host undoing a refused edit: controls not being typed in follow it.
      nextEpoch();
      this.draw();
      void this.afterModel();
    },
    signed: (message) => {
      this.signed = message.signed;
      this.signing = false;
      // The signature line says how it went; an older status would be stale.
      this.status = undefined;
      this.draw();
      // Ctrl+Enter signs from anywhere: bring the result into view without moving focus.
      void settled(this.app).then(() => (document.getElementById('signature-status') ?? document.getElementById('signed-token'))?.scrollIntoView({ block: 'nearest' }));
    },
    failed: (message) => {
      if (message.action === 'sign') this.signing = false;
      if (message.action === 'edit') {
        this.pendingFocus = undefined;
        nextEpoch();
      }
      this.status = { text: message.message, error: true, version: this.version };
      this.draw();
    },
    done: (message) => {
      this.status = { text: message.message, error: false };
      this.draw();
    },
  };

  /** After the first model: the scroll position and focus from before a reload; later: focus that follows an edit. */
  private async afterModel(): Promise<void> {
    await settled(this.app);
    if (!this.restored) {
      this.restored = true;
      requestAnimationFrame(() => {
        if (this.ui.scrollY) window.scrollTo(0, this.ui.scrollY);
        const el = this.ui.focus ? document.getElementById(this.ui.focus) : null;
        if (el) focusControl(el, true);
      });
      return;
    }
    const pending = this.pendingFocus;
    this.pendingFocus = undefined;
    if (!pending) return;
    // Only when the person has not moved on: focus fell to the body (its control was replaced) or stayed put.
    const target = document.getElementById(pending.id);
    if (target && (focusLost() || document.activeElement?.id === pending.from)) focusControl(target, false);
  }

  // ------------------------------------------------------------ rendering

  private draw(): void {
    const model = this.model;
    render(model ? renderPage({ view: this.view(model), act: this }) : renderLoading(), this.app);
    void settled(this.app).then(() => describeInside(this.app));
  }

  private view(model: EditorModel): PageView {
    return {
      model,
      version: this.version,
      fileName: this.fileName,
      signed: this.signed,
      signing: this.signing,
      status: this.status,
      snippet: this.snippet,
      now: Date.now(),
      addRound: (section) => this.rounds[section],
      isOpen: (section, byDefault) => this.ui.open[section] ?? byDefault,
      errorFor: (id, basis) => {
        const error = this.errors.get(id);
        return error && error.basis === basis ? error.message : undefined;
      },
      shownAs: (name) => this.shown.get(name),
      remembered: (name) => this.kept.get(name),
      addType: (section) => this.addTypes[section],
      leftDraft: (section) => (this.leftDrafts[section] && this.drafts[section].trim() !== '' ? this.drafts[section].trim() : undefined),
    };
  }

  // ------------------------------------------------------------ actions (PageActions)

  edit(edit: ProfileEdit): void {
    if (!this.model?.editable) return;
    // The next action replaces the last one's status (a note made for this very edit stays).
    if (this.status && !this.status.forEdit) this.status = undefined;
    else if (this.status) this.status.forEdit = false;
    this.send({ type: 'edit', edit });
  }

  send(message: WebviewMessage): void {
    this.vscode.postMessage(message);
  }

  sign(): void {
    if (!this.model?.editable || this.signing) return;
    commitTyping();
    this.signing = true;
    this.status = undefined;
    this.send({ type: 'sign' });
    this.draw();
  }

  output(message: Extract<WebviewMessage, { type: 'output' | 'copyCode' }>): void {
    // "Copied" from the last action must not stand for this one.
    this.status = undefined;
    this.send(message);
    this.draw();
  }

  showAs(name: string, type: ClaimType | undefined): void {
    if (type === undefined) this.shown.delete(name);
    else this.shown.set(name, type);
  }

  remember(name: string, value: unknown): void {
    if (value === undefined) this.kept.delete(name);
    else this.kept.set(name, value);
  }

  setAddType(section: FieldSection, type: ClaimType): void {
    this.addTypes[section] = type;
    this.draw();
  }

  note(text: string, error: boolean): void {
    // A conversion's note is made for the edit that follows it: that edit must not clear it.
    this.status = { text, error, forEdit: !error };
    this.draw();
  }

  toggle(section: string, open: boolean): void {
    this.ui.open[section] = open;
    this.save();
  }

  setError(id: string, message: string | undefined, basis: string): void {
    const had = this.errors.has(id);
    if (message === undefined) this.errors.delete(id);
    else this.errors.set(id, { message, basis });
    if (had || message !== undefined) this.draw();
  }

  resync(): void {
    nextEpoch();
    this.draw();
  }

  chooseSnippet(name: string): void {
    this.snippet = name;
    this.draw();
  }

  draft(section: FieldSection): string {
    return this.drafts[section];
  }

  leaveDraft(section: FieldSection): void {
    if (this.leftDrafts[section] || this.drafts[section].trim() === '') return;
    this.leftDrafts[section] = true;
    this.draw();
  }

  setDraft(section: FieldSection, text: string): void {
    const was = this.drafts[section];
    this.drafts[section] = text;
    this.leftDrafts[section] = false;
    // The type box follows the name: a schema claim's type is the schema's.
    if (was !== text) this.draw();
  }

  resetAddBox(section: FieldSection): void {
    this.rounds[section]++;
    this.leftDrafts[section] = false;
    this.draw();
    // The old box had focus and is gone; keep the keyboard here unless the next model already moved it on.
    const box = document.getElementById(`add-${section}-name`);
    if (box) void settled(box).then(() => focusLost() && focusControl(box, false));
  }

  focusLater(id: string): void {
    this.pendingFocus = { id, from: document.activeElement?.id ?? '' };
  }

  // ------------------------------------------------------------ page events

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey) {
      event.preventDefault();
      this.sign();
    }
    // Save (VS Code's own Ctrl+S, which it still gets): what is being typed is sent as an edit, and the host saves
    // once more after it, since VS Code may have saved before the edit arrived. By key position, for any layout.
    if (event.code === 'KeyS' && (event.ctrlKey || event.metaKey) && !event.altKey && commitTyping()) this.vscode.postMessage({ type: 'saveTyped' });
  }

  private rememberFocus(event: FocusEvent): void {
    // At the document the target is the vscode-* host (or a plain element), which carries the id.
    const id = event.target instanceof Element ? event.target.id : '';
    this.ui.focus = id || undefined;
    this.save();
  }

  private rememberScroll(): void {
    if (this.scrollTimer !== undefined) return;
    this.scrollTimer = setTimeout(() => {
      this.scrollTimer = undefined;
      this.ui.scrollY = Math.round(window.scrollY);
      this.save();
    }, SCROLL_SAVE_MS);
  }

  /** Only section state, focus (a control id, which may hold a claim name) and scroll are saved: never a token or a value. */
  private save(): void {
    const state: WebviewUiState = { open: { ...this.ui.open } };
    if (this.ui.focus) state.focus = this.ui.focus;
    if (this.ui.scrollY !== undefined) state.scrollY = this.ui.scrollY;
    this.vscode.setState(state);
    this.vscode.postMessage({ type: 'uiState', state });
  }
}

/**
 * aria-describedby on a vscode-* host does not reach the control inside its
 * shadow root, which is what gets focus; where the browser supports element
 * references, the inner control is pointed at the same messages.
 */
function describeInside(root: Element): void {
  if (!('ariaDescribedByElements' in Element.prototype)) return;
  for (const host of root.querySelectorAll<HTMLElement>('[aria-describedby]')) {
    const inner = host.shadowRoot?.querySelector<HTMLElement>('[role="combobox"], input, textarea, [role="checkbox"], button');
    if (!inner) continue;
    const targets = (host.getAttribute('aria-describedby') ?? '').split(/\s+/).map((id) => document.getElementById(id)).filter((el): el is HTMLElement => el !== null);
    (inner as HTMLElement & { ariaDescribedByElements: Element[] | null }).ariaDescribedByElements = targets;
  }
  for (const host of root.querySelectorAll<HTMLElement>('vscode-single-select:not([aria-describedby]), vscode-textfield:not([aria-describedby]), vscode-textarea:not([aria-describedby]), vscode-checkbox:not([aria-describedby])')) {
    const inner = host.shadowRoot?.querySelector<HTMLElement>('[role="combobox"], input, textarea, [role="checkbox"], button') as (HTMLElement & { ariaDescribedByElements: Element[] | null }) | null | undefined;
    if (inner?.ariaDescribedByElements?.length) inner.ariaDescribedByElements = null;
  }
}

/** Resolves when the custom elements under `root` have rendered their shadow content (so they can take focus). */
async function settled(root: Element): Promise<void> {
  const elements = [root, ...root.querySelectorAll('*')] as Array<Element & { updateComplete?: Promise<unknown> }>;
  await Promise.all(elements.map((el) => el.updateComplete).filter((p) => p !== undefined));
}

/** True when nothing has focus, as after the focused control was replaced. */
function focusLost(): boolean {
  return !document.activeElement || document.activeElement === document.body;
}

/** Focuses a control; a host that does not delegate focus gets it on its first focusable inner part. */
function focusControl(el: Element, preventScroll: boolean): void {
  if (!(el instanceof HTMLElement)) return;
  el.focus({ preventScroll });
  if (el.contains(document.activeElement) || document.activeElement === el) return;
  el.shadowRoot?.querySelector<HTMLElement>('[tabindex="0"], input, textarea, button')?.focus({ preventScroll });
}

/**
 * Commits the text field being typed in (its change event fires on blur), so a
 * Ctrl+Enter right after typing signs what is on screen.
 */
function commitTyping(): boolean {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
    el.blur();
    el.focus();
    return true;
  }
  return false;
}

const vscodeApi = acquireVsCodeApi();
const app = document.getElementById('app') ?? document.body;
// A page's own saved state, else the layout handed on from the form on the unsaved profile this file was saved from.
new TokenEditorPage(vscodeApi, app, restoreUiState(vscodeApi.getState() ?? handedOnState(app))).start();

function handedOnState(root: HTMLElement): unknown {
  try {
    return root.dataset.uiState ? JSON.parse(root.dataset.uiState) : undefined;
  } catch {
    return undefined;
  }
}
