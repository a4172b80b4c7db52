// The one global VS Code gives a webview. Declared here (no @types package
// describes it) with the page's own message and state types.

import type { WebviewMessage, WebviewUiState } from '../src/shared/protocol';

export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  /** Whatever was last passed to setState, from before a reload; untrusted until checked. */
  getState(): unknown;
  setState(state: WebviewUiState): void;
}

declare global {
  /** Callable once per page load. */
  function acquireVsCodeApi(): VsCodeApi;
}
