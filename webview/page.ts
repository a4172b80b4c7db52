// What the render functions get: a read-only view of the page state and the
// actions they may call. The render functions own no state of their own, so
// the page is always a function of (model, a little UI state).

import type { ClaimType, EditorModel, ProfileEdit, SignedView, WebviewMessage } from '../src/shared/protocol';

/** The two row lists that share one editor: `claims:` and `embed:`. */
export type FieldSection = 'claim' | 'embed';

export interface Status {
  text: string;
  error: boolean;
  /** For errors: the document version they were about. */
  version?: number;
  /** Written by the page for the edit it is about to send, which must not clear it. */
  forEdit?: boolean;
}

export interface PageView {
  readonly model: EditorModel;
  /** Document version of `model`; every edit names it. */
  readonly version: number;
  readonly fileName: string;
  /** The last Sign result, kept in memory only. */
  readonly signed: SignedView | undefined;
  readonly signing: boolean;
  readonly status: Status | undefined;
  /** The snippet chosen for Copy Snippet. */
  readonly snippet: string | undefined;
  /** Milliseconds since the epoch at this render (for the expiry line). */
  readonly now: number;
  /** Changes after each add so the add box is rebuilt empty. */
  addRound(section: FieldSection): number;
  isOpen(section: string, byDefault: boolean): boolean;
  /** A local validation message for control `id`, while the model still holds `basis` there. */
  errorFor(id: string, basis: string): string | undefined;
  /** How the person chose to see a number claim (a number or a date); undefined when they have not chosen. */
  shownAs(name: string): ClaimType | undefined;
  /** The value an iss / sub switch had when it was switched off, to restore when it is switched on again. */
  remembered(name: string): unknown;
  /** The type chosen in the add box so far. */
  addType(section: FieldSection): ClaimType;
  /** A name typed in the add box and left (not picked from the list): shown as its chosen option so it stays visible. */
  leftDraft(section: FieldSection): string | undefined;
}

export interface PageActions {
  /** Sends a form edit against the current version. */
  edit(edit: ProfileEdit): void;
  send(message: WebviewMessage): void;
  sign(): void;
  /** Copy or open (the host signs a fresh token), or Copy Integration Code; the last status goes. */
  output(message: Extract<WebviewMessage, { type: 'output' | 'copyCode' }>): void;
  toggle(section: string, open: boolean): void;
  /** Shows (message) or clears (undefined) a local error under control `id`. */
  setError(id: string, message: string | undefined, basis: string): void;
  /** Re-renders with every select and checkbox back on the model's value. */
  resync(): void;
  chooseSnippet(name: string): void;
  /** The text typed or chosen in an add box so far. */
  draft(section: FieldSection): string;
  setDraft(section: FieldSection, text: string): void;
  /** Empties the add box (a fresh element) and keeps the keyboard in it. */
  resetAddBox(section: FieldSection): void;
  /** Moves focus to control `id` once it exists (after the next model), unless the person moved on. */
  focusLater(id: string): void;
  /** Shows a number claim as a number or a date (the YAML holds a number either way). */
  showAs(name: string, type: ClaimType | undefined): void;
  /** Keeps (or forgets, with undefined) the value of a switched-off iss / sub while the page is open. */
  remember(name: string, value: unknown): void;
  setAddType(section: FieldSection, type: ClaimType): void;
  /** Keeps the typed name visible after focus leaves the add box (the box shows only chosen options). */
  leaveDraft(section: FieldSection): void;
  /** A status line for something the page did itself (a conversion, a refused one). */
  note(text: string, error: boolean): void;
}

export interface Page {
  readonly view: PageView;
  readonly act: PageActions;
}
