// What the field-row files share: the FieldSpec of each section (claims and
// embed parameters), the element ids of a row and of the add box, and how
// messages and severities are shown.

import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { FieldRow } from '../src/shared/protocol';
import type { FieldSection } from './page';
import { idPart } from './values';

export interface FieldSpec {
  /** Id prefix: `claim-value-<name>`, `add-claim-name`. */
  section: FieldSection;
  /** The profile mapping the rows live in. */
  root: 'claims' | 'embed';
  /** How a row is named in labels and messages. */
  noun: string;
  /** Rows outside the schema get a type chooser, and the add box a type and a value. */
  typed?: boolean;
}

export const CLAIM_FIELDS: FieldSpec = { section: 'claim', root: 'claims', noun: 'claim', typed: true };

export const EMBED_FIELDS: FieldSpec = { section: 'embed', root: 'embed', noun: 'embed parameter' };

export const ids = (spec: FieldSpec, name: string) => {
  const part = idPart(name);
  return {
    name: `${spec.section}-name-${part}`,
    value: `${spec.section}-value-${part}`,
    type: `${spec.section}-type-${part}`,
    remove: `${spec.section}-remove-${part}`,
    notes: `${spec.section}-notes-${part}`,
  };
};

export const addIds = (spec: FieldSpec) => ({ name: `add-${spec.section}-name`, type: `add-${spec.section}-type`, value: `add-${spec.section}-value`, button: `add-${spec.section}` });

/** The text a row's local error applies to: once the model's value moves on, the error is stale. */
export function valueBasis(row: FieldRow): string {
  return JSON.stringify(row.value) ?? '';
}

/** Diagnostics from the document, as the Problems panel words them. */
export function renderMessages(messages: FieldRow['messages']): TemplateResult | typeof nothing {
  if (messages.length === 0) return nothing;
  return html`<ul class="messages">
    ${messages.map((m) => html`<li class=${`sev-${m.severity}`} role=${m.severity === 'error' ? 'alert' : nothing}>${severityLabel(m.severity)} ${m.message}</li>`)}
  </ul>`;
}

export function localError(message: string | undefined): TemplateResult | typeof nothing {
  return message === undefined ? nothing : html`<p class="local-error" role="alert">${severityLabel('error')} ${message}</p>`;
}

/** A severity as a symbol for the eye and a word for screen readers. */
export function severityLabel(severity: string): TemplateResult {
  const [mark, word] = severity === 'error' ? ['✗', 'Error'] : severity === 'warning' ? ['⚠', 'Warning'] : ['ℹ', 'Note'];
  return html`<span class="sev-mark" aria-hidden="true">${mark}</span><span class="visually-hidden">${word}:</span>`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
