// The vscode-elements the page uses, registered once; importing an element's
// own module (not the package index) keeps the others out of the bundle.

import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-form-helper/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';

export type TextField = HTMLElementTagNameMap['vscode-textfield'];
export type TextArea = HTMLElementTagNameMap['vscode-textarea'];
export type SingleSelect = HTMLElementTagNameMap['vscode-single-select'];
export type Checkbox = HTMLElementTagNameMap['vscode-checkbox'];

/** The control an event handler is bound to (lit binds handlers on the element itself). */
export function control<T extends Element>(event: Event): T {
  return event.currentTarget as T;
}
