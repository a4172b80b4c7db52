// Keeping text controls in step with the model without fighting the person
// typing. The whole page is re-rendered from every model, and a model can
// arrive while someone is half-way through a field (an edit of another field
// came back, or the YAML changed). lit's `live()` would overwrite that text;
// `synced()` writes a value only when the model has something new for the
// control, and never into a focused control holding uncommitted typing.

import { noChange } from 'lit';
import { Directive, PartType, directive } from 'lit/directive.js';
import type { PartInfo, PropertyPart } from 'lit/directive.js';
import { setCommittedValue } from 'lit/directive-helpers.js';

/** Controls whose text differs from the model because someone is typing (or typed something invalid). */
const dirty = new WeakSet<Element>();
/** The model text each control was last given, to tell "typed" from "typed and undid". */
const modelText = new WeakMap<Element, string>();
/** Bumped for every model message, so a refused edit snaps its control back to the document. */
let epoch = 0;

/** Every model message starts a new epoch: controls that are not being edited re-read the model. */
export function nextEpoch(): void {
  epoch++;
}

/** A committed (sent) value: the model is about to say it, so the control may follow the model again. */
export function markClean(element: Element): void {
  dirty.delete(element);
}

const TEXT_CONTROLS = new Set(['VSCODE-TEXTFIELD', 'VSCODE-TEXTAREA']);

/**
 * Starts tracking typing. Listens in the capture phase on the document, where
 * the event target is the vscode-* host element the directive is bound to.
 */
export function trackTyping(root: Document): void {
  root.addEventListener(
    'input',
    (event) => {
      if (event.target instanceof Element && TEXT_CONTROLS.has(event.target.tagName)) dirty.add(event.target);
    },
    true,
  );
  root.addEventListener(
    'focusout',
    (event) => {
      // Leaving a field that holds the model's text again: nothing is pending.
      const el = event.target;
      if (el instanceof Element && dirty.has(el) && (el as Element & { value?: unknown }).value === modelText.get(el)) dirty.delete(el);
    },
    true,
  );
}

class SyncedDirective extends Directive {
  private last: { text: string; epoch: number } | undefined;

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.PROPERTY) throw new Error('synced() is for property bindings such as .value');
  }

  render(text: string): string {
    return text;
  }

  override update(part: PropertyPart, [text]: [string]): unknown {
    const element = part.element;
    const last = this.last;
    this.last = { text, epoch };
    modelText.set(element, text);
    if (last && last.text === text && last.epoch === epoch) return noChange;
    if (last && dirty.has(element)) {
      // Pending text stays while it is being typed, and while the model has nothing new for it
      // (invalid text keeps its message); once the document itself changes elsewhere, the document wins.
      if (element === element.ownerDocument.activeElement || last.text === text) return noChange;
      dirty.delete(element);
    }
    if ((element as unknown as Record<string, unknown>)[part.name] === text) return noChange;
    // lit skips a value equal to the one it committed last; the control may have drifted from it.
    setCommittedValue(part);
    return text;
  }
}

/** `.value=${synced(text)}`: the model's text, written when it is new and the control is not being typed in. */
export const synced = directive(SyncedDirective);
