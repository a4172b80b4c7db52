// What the page accepts from outside: messages from the host and the state
// VS Code hands back after a reload. Both are checked for the shape the page
// relies on, so a malformed or unknown message is dropped instead of breaking
// the form half-way through a render. No DOM here.

import { isPlainObject } from '../src/core/base/guards';
import type { HostMessage, SignedView, WebviewUiState } from '../src/shared/protocol';


const isObject = isPlainObject;
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The model members the page indexes into; the rest are optional or only displayed. */
const MODEL_ARRAYS = ['presets', 'keys', 'registered', 'claims', 'claimSuggestions', 'embed', 'embedSuggestions', 'encryptKeys', 'jweAlgs', 'jweEncs', 'messages'];

function isModel(m: unknown): boolean {
  if (!isObject(m) || typeof m.editable !== 'boolean' || !isObject(m.preview)) return false;
  if (!MODEL_ARRAYS.every((name) => Array.isArray(m[name]))) return false;
  const rowsOk = (rows: unknown): boolean => (rows as unknown[]).every((r) => isObject(r) && isString(r.name) && isString(r.kind) && Array.isArray(r.messages));
  return rowsOk(m.claims) && rowsOk(m.embed);
}

function isSigned(s: unknown): s is SignedView {
  if (!isObject(s) || !isString(s.token) || !Array.isArray(s.segments) || typeof s.encrypted !== 'boolean' || !isNumber(s.version)) return false;
  return isObject(s.signature) && typeof s.signature.ok === 'boolean' && isString(s.signature.message);
}

/** The message, when it is one the page understands; undefined for anything else. */
export function parseHostMessage(data: unknown): HostMessage | undefined {
  if (!isObject(data)) return undefined;
  switch (data.type) {
    case 'model':
      return isModel(data.model) && isNumber(data.version) && isString(data.fileName) ? (data as unknown as HostMessage) : undefined;
    case 'signed':
      return isSigned(data.signed) ? (data as unknown as HostMessage) : undefined;
    case 'failed':
    case 'done':
      return isString(data.action) && isString(data.message) ? (data as unknown as HostMessage) : undefined;
    default:
      return undefined;
  }
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
