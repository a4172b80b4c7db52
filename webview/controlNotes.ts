// The document's messages about a form control, shown under it with links to
// their lines, and the aria-describedby that points at them.

import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { EditorModel, FormControl } from '../src/shared/protocol';
import { severityLabel } from './fieldCommon';
import type { Page } from './page';

/** The id of the messages shown beside a control (aria-describedby points there). */
export const notesId = (c: FormControl): string => `${c}-problems`;

/** The document's messages about a control, under it, each with a link to its line; the control's aria-describedby names this block. */
export function controlNotes(page: Page, control: FormControl): TemplateResult | typeof nothing {
  const messages = page.view.model.controlMessages[control] ?? [];
  if (messages.length === 0) return nothing;
  return html`<div id=${notesId(control)} class="control-notes">
    <ul class="messages">${messages.map((m) => problemItem(page, m))}</ul>
  </div>`;
}

/** One message from the document with a link to its line in the YAML. */
export function problemItem(page: Page, m: EditorModel['messages'][number]): TemplateResult {
  return html`<li class=${`sev-${m.severity}`} role=${m.severity === 'error' ? 'alert' : nothing}>${severityLabel(m.severity)}
    <button class="line-link" type="button" aria-label=${`Show line ${m.line} in the YAML`} @click=${() => page.act.send({ type: 'openText', line: m.line })}>line ${m.line}</button>
    ${m.message}</li>`;
}

/** The aria-describedby of a control: its messages and any other notes shown with it. */
export function describedBy(model: EditorModel, control: FormControl, ...others: Array<string | undefined>): string | undefined {
  const list = [(model.controlMessages[control] ?? []).length > 0 ? notesId(control) : undefined, ...others].filter((x): x is string => Boolean(x));
  return list.length > 0 ? list.join(' ') : undefined;
}
