// Every message between the Token Editor webview and the extension host,
// declared once. The host posts nothing before the webview says `ready`;
// private keys never cross: the webview asks the host to sign.
//
// A new page → host message: its member of WebviewMessage, its guard in
// PAGE_MESSAGES below and its handler in the host's table
// (src/tokenEditor/session.ts). A new host → page message: its member of
// HostMessage, its guard in HOST_MESSAGES (webview/incoming.ts) and its handler
// in the page's table (webview/main.ts). The compiler names any that is missing.

import type { EditorModel } from '../core/tokenEditor/model';
import type { ProfileEdit } from '../core/tokenEditor/edits';

export type { ClaimSwitch, ClaimType, EditorModel, FieldKind, FieldMessage, FieldRow, FieldSuggestion, FormControl, KeyChoice, RegisteredSwitch, SwitchedClaim } from '../core/tokenEditor/model';
export type { ProfileEdit, ProfilePath } from '../core/tokenEditor/edits';
/** The claim types the form offers, in its order. */
export { CLAIM_TYPES } from '../core/tokenEditor/claimTypes';

/** Output actions the host performs with a freshly signed token. */
export type OutputAction = 'copyToken' | 'copyUrl' | 'copySnippet' | 'openUrl';

/** What a `failed` message is about. */
export type FailedAction = 'sign' | 'edit' | 'generateKey' | 'openText' | 'showKey' | 'copyCode' | OutputAction;

/** What the last Sign produced; shown until the profile changes. */
export interface SignedView {
  token: string;
  /** Segment lengths, for colouring header · payload · signature (· more for JWE). */
  segments: number[];
  /** The token is a JWE wrapping the signed JWT. */
  encrypted: boolean;
  /** "Verified with key 'ap-prod' (RS256)" or why it did not verify. */
  signature: { ok: boolean; message: string };
  /** Document version the token was signed from, so a stale token is marked. */
  version: number;
  /** Seconds since the epoch. */
  exp?: number;
}

export type HostMessage =
  /** The document changed (or the webview just said ready): the whole form state. */
  | { type: 'model'; model: EditorModel; version: number; fileName: string }
  /** The result of a `sign` request. */
  | { type: 'signed'; signed: SignedView }
  /** A request failed; the text says what to do next. */
  | { type: 'failed'; action: FailedAction; message: string }
  /** A request finished (copy done, URL opened, key generated). */
  | { type: 'done'; action: OutputAction | 'generateKey' | 'copyCode'; message: string };

export type WebviewMessage =
  /** The page is loaded and listening. */
  | { type: 'ready' }
  /** A form change, applied as a minimal YAML edit to the text as it is when the edit arrives (edits name paths, not offsets). */
  | { type: 'edit'; edit: ProfileEdit }
  /** Sign (and encrypt, when the profile says so) with the ring key. */
  | { type: 'sign' }
  /** Sign a fresh token and copy or open it; `snippet` names a preset snippet. */
  | { type: 'output'; action: OutputAction; snippet?: string }
  /** Generate a key suited to the preset and put its id in `key:`. */
  | { type: 'generateKey' }
  /** Show the YAML text beside the form, at a 1-based line when given. */
  | { type: 'openText'; line?: number }
  /** The page's layout state changed; the host hands it to the form that follows a save of an unsaved profile. */
  | { type: 'uiState'; state: WebviewUiState }
  /** Ctrl+S was pressed with a field being typed in: the page has sent that edit; save it too once it is applied. */
  | { type: 'saveTyped' }
  /** Show the public JWK of ring key `id` (the extension's own command; the key never comes to the page). */
  | { type: 'showKey'; id: string }
  /** Copy Integration Code: the host asks for the language, opens the code beside the form and copies it (no token is signed). */
  | { type: 'copyCode' };

/** What the webview keeps across reloads with `setState` (never a token or secret). */
export interface WebviewUiState {
  /** Which collapsible sections are open. */
  open: Record<string, boolean>;
  /** The id of the control that had focus. */
  focus?: string;
  scrollY?: number;
}

/** Checks one message whose `type` is already known to be the guard's own: the rest of its members. */
export type Guard = (message: Record<string, unknown>) => boolean;

/** One guard per message type of `M`: a member of `M` without a guard, or a guard for no member, does not compile. */
export type GuardTable<M extends { type: string }> = { readonly [K in M['type']]: Guard };

/** One handler per message type of `M`, each given its own message: a type without a handler does not compile. */
export type HandlerTable<M extends { type: string }, R = void> = { readonly [K in M['type']]: (message: Extract<M, { type: K }>) => R };

/** Whether `value` is a message of a type in `guards` that its guard accepts. */
export function isMessageOf<M extends { type: string }>(guards: GuardTable<M>, value: unknown): value is M {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  if (typeof m.type !== 'string' || !Object.hasOwn(guards, m.type)) return false;
  return guards[m.type as M['type']](m);
}

/** Runs the handler of `message`'s type. */
export function dispatch<M extends { type: string }, R>(handlers: HandlerTable<M, R>, message: M): R {
  const handler = handlers[message.type as M['type']] as (message: M) => R;
  return handler(message);
}

/** Longer than any ring id the key commands accept. */
const MAX_KEY_ID = 200;
const OUTPUT_ACTIONS = new Set(['copyToken', 'copyUrl', 'copySnippet', 'openUrl']);
const always: Guard = () => true;

function isProfileEdit(value: unknown): boolean {
  const e = value as Record<string, unknown> | null;
  if (typeof e !== 'object' || e === null) return false;
  if (!Array.isArray(e.path) || e.path.length === 0 || e.path.length > 4 || !e.path.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 200)) return false;
  if (e.op === 'set') return 'value' in e;
  if (e.op === 'remove') return true;
  return e.op === 'rename' && typeof e.to === 'string';
}

/** Every page → host message type with its check; the page is treated as untrusted input. */
export const PAGE_MESSAGES: GuardTable<WebviewMessage> = {
  ready: always,
  edit: (m) => isProfileEdit(m.edit),
  sign: always,
  output: (m) => typeof m.action === 'string' && OUTPUT_ACTIONS.has(m.action) && (m.snippet === undefined || typeof m.snippet === 'string'),
  generateKey: always,
  openText: (m) => m.line === undefined || (Number.isInteger(m.line) && (m.line as number) >= 1),
  uiState: (m) => isUiState(m.state),
  saveTyped: always,
  showKey: (m) => typeof m.id === 'string' && m.id.length > 0 && m.id.length <= MAX_KEY_ID,
  copyCode: always,
};

/** Checks a message from the webview before the host acts on it. */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  return isMessageOf(PAGE_MESSAGES, value);
}

/** Section ids and the focused control's id are short; a page has a few dozen sections at most. */
const UI_STATE_LIMITS = { sections: 100, idLength: 300 };

/** A well-formed layout state: open sections as booleans, a short focus id, a scroll offset. */
export function isUiState(value: unknown): value is WebviewUiState {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const s = value as Record<string, unknown>;
  for (const key of Object.keys(s)) if (key !== 'open' && key !== 'focus' && key !== 'scrollY') return false;
  const open = s.open;
  if (typeof open !== 'object' || open === null || Array.isArray(open)) return false;
  const entries = Object.entries(open);
  if (entries.length > UI_STATE_LIMITS.sections) return false;
  if (!entries.every(([id, on]) => id.length <= UI_STATE_LIMITS.idLength && typeof on === 'boolean')) return false;
  if (s.focus !== undefined && (typeof s.focus !== 'string' || s.focus.length > UI_STATE_LIMITS.idLength)) return false;
  return s.scrollY === undefined || (typeof s.scrollY === 'number' && Number.isFinite(s.scrollY) && s.scrollY >= 0);
}
