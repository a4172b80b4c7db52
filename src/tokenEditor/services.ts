// What the Token Editor needs from the profile adapter (src/profiles/): presets,
// the key ring's public index, and signing, which stays there so every path
// signs the same way.

import type * as vscode from 'vscode';
import type { Preset, ProfileKeyInfo } from '../core';
import type { KeyRingReader } from '../keys/keyRingApi';
import type { OutputAction } from '../shared/protocol';

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
  /** Copy Integration Code for the document (it asks for the language and says what it copied); undefined when the user cancelled. */
  integrationCode(doc: vscode.TextDocument): Promise<string | undefined>;
  /** The message to show for a failure: its own text for problems the user can fix, else a pointer to the log. */
  describeFailure(what: string, error: unknown): string;
  readonly log: vscode.LogOutputChannel;
}
