// What the page accepts from outside: messages from the host and the state
// VS Code hands back after a reload. Both are checked for the shape the page
// relies on, so a malformed or unknown message is dropped instead of breaking
// the form half-way through a render. No DOM here.

import { isPlainObject } from '../src/core/base/guards';
import type { EditorModel, GuardTable, HostMessage, SignedView, WebviewUiState } from '../src/shared/protocol';
import { isMessageOf } from '../src/shared/protocol';


const isObject = isPlainObject;
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The members of `T` that hold arrays. */
type ArrayKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends readonly unknown[] ? K : never }[keyof T];

/**
 * Every array member of the model: the page checks each is an array before it
 * renders, and a new array member that is not listed here does not compile.
 */
const MODEL_ARRAYS = {
  presets: true,
  keys: true,
  registered: true,
  claimSwitches: true,
  claims: true,
  claimSuggestions: true,
  embed: true,
  embedSuggestions: true,
  encryptKeys: true,
  jweAlgs: true,
  jweEncs: true,
  messages: true,
} as const satisfies Record<ArrayKeys<EditorModel>, true>;
const MODEL_ARRAY_NAMES = Object.keys(MODEL_ARRAYS);

function isModel(m: unknown): boolean {
  if (!isObject(m) || typeof m.editable !== 'boolean' || !isObject(m.preview)) return false;
  if (!MODEL_ARRAY_NAMES.every((name) => Array.isArray(m[name]))) return false;
  const rowsOk = (rows: unknown): boolean => (rows as unknown[]).every((r) => isObject(r) && isString(r.name) && isString(r.kind) && Array.isArray(r.messages));
  return rowsOk(m.claims) && rowsOk(m.embed);
}

function isSigned(s: unknown): s is SignedView {
  if (!isObject(s) || !isString(s.token) || !Array.isArray(s.segments) || typeof s.encrypted !== 'boolean' || !isNumber(s.version)) return false;
  return isObject(s.signature) && typeof s.signature.ok === 'boolean' && isString(s.signature.message);
}

const isNotice = (m: Record<string, unknown>): boolean => isString(m.action) && isString(m.message);

/** Every host → page message type with its check. */
export const HOST_MESSAGES: GuardTable<HostMessage> = {
  model: (m) => isModel(m.model) && isNumber(m.version) && isString(m.fileName),
  signed: (m) => isSigned(m.signed),
  failed: isNotice,
  done: isNotice,
};

/** The message, when it is one the page understands; undefined for anything else. */
export function parseHostMessage(data: unknown): HostMessage | undefined {
  return isObject(data) && isMessageOf(HOST_MESSAGES, data) ? data : undefined;
}

/** The saved UI state, keeping only well-formed members (it may come from an older build). */
export function restoreUiState(saved: unknown): WebviewUiState {
  const state: WebviewUiState = { open: {} };
  if (!isObject(saved)) return state;
  if (isObject(saved.open)) {
    for (const [id, open] of Object.entries(saved.open)) if (typeof open === 'boolean') state.open[id] = open;
  }
  if (isString(saved.focus) && saved.focus.length <= 300) state.focus = saved.focus;
  if (isNumber(saved.scrollY) && saved.scrollY >= 0) state.scrollY = saved.scrollY;
  return state;
}
