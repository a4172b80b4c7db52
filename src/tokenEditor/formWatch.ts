// Forms that follow their profile when it is saved as another file: Save or
// Save As of an unsaved profile (VS Code empties the untitled buffer) or Save
// As of a saved one (VS Code replaces its form). Every form on the document the
// profile came from opens again on the saved file, where it was, with its state.

import * as vscode from 'vscode';
import { Views } from '../commands/ids';
import type { SignedView, WebviewUiState } from '../shared/protocol';
import { displayName } from './pageHtml';
import { closeTextTabs } from './textTabs';

/** What a form leaves behind for the form that follows its profile to the file it was saved as. */
export interface Handoff {
  signed: SignedView | undefined;
  ui: WebviewUiState | undefined;
}

/** What the watch needs of a form's session. */
export interface FollowingForm {
  /** The profile was saved as `saved`: edits still arriving from the page go there. */
  moveTo(saved: vscode.TextDocument): void;
  /** Closes the form (a form on the saved file has taken its place). */
  close(): void;
  /** Told of every text and state change. */
  onState: ((text: string, version: number, handoff: Handoff) => void) | undefined;
}

/** A form, watched so that it can follow its profile when that profile is saved as another file. */
interface FormWatch {
  readonly document: vscode.TextDocument;
  /** The text (and document version) before the save emptied the untitled buffer. */
  text: string;
  version: number;
  session: FollowingForm | undefined;
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

/** Every open form (and those closed a moment ago), and the state handed to forms about to open on a saved file. */
export class SaveFollower {
  /** Every open form, and those closed a moment ago. */
  private readonly forms = new Set<FormWatch>();
  /** State handed to the form about to open on a saved file, by that file's URI. */
  private readonly arriving = new Map<string, Handoff>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** The state handed to a form opening on `uri`, once. */
  takeHandoff(uri: vscode.Uri): Handoff | undefined {
    const key = uri.toString();
    const handoff = this.arriving.get(key);
    this.arriving.delete(key);
    return handoff;
  }

  /** Keeps what is needed to bring the form back on the file its profile is saved as. */
  watch(document: vscode.TextDocument, session: FollowingForm, panel: vscode.WebviewPanel): void {
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
  async followSave(saved: vscode.TextDocument): Promise<void> {
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
    const handoff = first ? handoffFor(first, saved) : undefined;
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
      this.log.error('Token Editor: could not open the saved profile in the form', error);
      void vscode.window.showWarningMessage(`JWT Studio: the profile was saved as ${displayName(saved)}, but the Token Editor could not open it there. Open it again with "JWT: Open in Token Editor".`);
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
}

/** The state for the form on the saved file: the token stays current only when nothing changed after it was signed. */
function handoffFor(watch: FormWatch, saved: vscode.TextDocument): Handoff {
  const signed = watch.handoff.signed;
  if (!signed) return watch.handoff;
  return { ...watch.handoff, signed: { ...signed, version: signed.version === watch.version ? saved.version : -1 } };
}
