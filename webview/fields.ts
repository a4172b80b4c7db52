// Rows of named values (`claims:` and `embed:`) and the box that adds one.
// Both sections use these functions with a different FieldSpec, so a claim and
// an embed parameter are edited, validated and labelled the same way.

import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { FieldRow, FieldSuggestion, ProfilePath } from '../src/shared/protocol';
import type { Checkbox, SingleSelect, TextArea, TextField } from './elements';
import { control } from './elements';
import type { FieldSection, Page } from './page';
import { markClean, synced } from './synced';
import type { Parsed } from './values';
import { epochToLocalInput, idPart, jsonFieldText, localInputToEpoch, nameProblem, parseJsonField, parseNumberField, plainText } from './values';

export interface FieldSpec {
  /** Id prefix: `claim-value-<name>`, `add-claim-name`. */
  section: FieldSection;
  /** The profile mapping the rows live in. */
  root: 'claims' | 'embed';
  /** How a row is named in labels and messages. */
  noun: string;
}

export const CLAIM_FIELDS: FieldSpec = { section: 'claim', root: 'claims', noun: 'claim' };
export const EMBED_FIELDS: FieldSpec = { section: 'embed', root: 'embed', noun: 'embed parameter' };

const ids = (spec: FieldSpec, name: string) => {
  const part = idPart(name);
  return { name: `${spec.section}-name-${part}`, value: `${spec.section}-value-${part}`, remove: `${spec.section}-remove-${part}` };
};
const addIds = (spec: FieldSpec) => ({ name: `add-${spec.section}-name`, button: `add-${spec.section}` });

/** The rows, in document order, then the add box. */
export function renderFields(page: Page, spec: FieldSpec, rows: readonly FieldRow[], suggestions: readonly FieldSuggestion[], disabled: boolean): TemplateResult {
  return html`
    <div class="field-rows" role="list" aria-label=${`${capitalize(spec.noun)}s`}>
      ${repeat(rows, (row) => row.name, (row, index) => renderRow(page, spec, rows, row, index, disabled))}
    </div>
    ${rows.length === 0 ? html`<p class="hint">No ${spec.noun}s yet.</p>` : nothing}
    ${renderAddBox(page, spec, rows, suggestions, disabled)}
  `;
}

function renderRow(page: Page, spec: FieldSpec, rows: readonly FieldRow[], row: FieldRow, index: number, disabled: boolean): TemplateResult {
  const id = ids(spec, row.name);
  const nameError = page.view.errorFor(id.name, row.name);
  const valueError = page.view.errorFor(id.value, valueBasis(row));
  return html`
    <div class="field-row" role="listitem" aria-label=${`${capitalize(spec.noun)} ${row.name}`}>
      <div class="field-name">
        <vscode-textfield
          id=${id.name}
          .label=${`Name of ${spec.noun} ${row.name}`}
          .value=${synced(row.name)}
          ?invalid=${nameError !== undefined}
          ?disabled=${disabled}
          @change=${(e: Event) => renameRow(page, spec, rows, row, control<TextField>(e))}
        ></vscode-textfield>
        ${row.required ? html`<span class="tag tag-required" title="The preset requires this ${spec.noun}">required</span>` : nothing}
        ${row.known ? nothing : html`<span class="tag tag-unknown" title="The preset's schema does not describe this ${spec.noun}">not in schema</span>`}
      </div>
      <div class="field-value">${renderValueEditor(page, spec, row, id.value, valueError !== undefined, disabled)}</div>
      <vscode-button
        id=${id.remove}
        class="remove"
        secondary
        aria-label=${`Remove ${spec.noun} ${row.name}`}
        title=${`Remove ${spec.noun} ${row.name}`}
        ?disabled=${disabled}
        @click=${() => removeRow(page, spec, rows, index)}
        >✕</vscode-button
      >
      <div class="field-notes">
        ${row.description ? html`<vscode-form-helper>${row.description}</vscode-form-helper>` : nothing}
        ${localError(nameError)} ${localError(valueError)}
        ${row.messages.length > 0
          ? html`<ul class="messages">
              ${row.messages.map((m) => html`<li class=${`sev-${m.severity}`} role=${m.severity === 'error' ? 'alert' : nothing}>${severityLabel(m.severity)} ${m.message}</li>`)}
            </ul>`
          : nothing}
      </div>
    </div>
  `;
}

/** The text a row's local error applies to: once the model's value moves on, the error is stale. */
function valueBasis(row: FieldRow): string {
  return JSON.stringify(row.value) ?? '';
}

/** The control for a row's value, chosen by the kind the model worked out from the schema. */
function renderValueEditor(page: Page, spec: FieldSpec, row: FieldRow, id: string, invalid: boolean, disabled: boolean): TemplateResult {
  const label = `Value of ${spec.noun} ${row.name}`;
  const path: ProfilePath = [spec.root, row.name];
  const commit = (el: Element, parsed: Parsed<unknown>) => commitValue(page, el, id, valueBasis(row), parsed, path);
  switch (row.kind) {
    case 'enum':
      return renderEnum(page, row, id, label, path, disabled);
    case 'boolean':
      return html`<vscode-checkbox
          id=${id}
          toggle
          .checked=${live(row.value === true)}
          ?disabled=${disabled}
          @change=${(e: Event) => page.act.edit({ op: 'set', path, value: control<Checkbox>(e).checked })}
          ><span class="visually-hidden">${label}</span></vscode-checkbox
        ><span class="bool-text" aria-hidden="true">${row.value === true ? 'true' : 'false'}</span>`;
    case 'number':
    case 'integer': {
      const integer = row.kind === 'integer';
      return html`<vscode-textfield
        id=${id}
        type="number"
        class=${integer ? 'number' : 'number decimal'}
        step=${integer ? '1' : nothing}
        .label=${label}
        .value=${synced(typeof row.value === 'number' ? String(row.value) : '')}
        ?invalid=${invalid}
        ?disabled=${disabled}
        @change=${(e: Event) => commit(control(e), parseNumberField(control<TextField>(e).value, integer))}
      ></vscode-textfield>`;
    }
    case 'json':
      // No resize handle: vscode-textarea draws it with a data: image, which the page's CSP refuses.
      return html`<vscode-textarea
        id=${id}
        monospace
        resize="none"
        rows=${Math.min(12, Math.max(2, jsonFieldText(row.value).split('\n').length))}
        .label=${label}
        .value=${synced(jsonFieldText(row.value))}
        ?invalid=${invalid}
        ?disabled=${disabled}
        @change=${(e: Event) => commit(control(e), parseJsonField(control<TextArea>(e).value))}
      ></vscode-textarea>`;
    case 'date':
      return html`<vscode-textfield
          id=${id}
          type="datetime-local"
          step="1"
          .label=${`${label} (local time)`}
          .value=${synced(typeof row.value === 'number' ? (epochToLocalInput(row.value) ?? '') : '')}
          ?invalid=${invalid}
          ?disabled=${disabled}
          @change=${(e: Event) => commit(control(e), dateValue(control<TextField>(e).value))}
        ></vscode-textfield
        ><span class="raw" title="NumericDate: seconds since 1970-01-01 UTC">${plainText(row.value)}</span>`;
    case 'string':
    default:
      return html`<vscode-textfield
        id=${id}
        .label=${label}
        .value=${synced(plainText(row.value))}
        ?invalid=${invalid}
        ?disabled=${disabled}
        @change=${(e: Event) => commit(control(e), { ok: true, value: control<TextField>(e).value })}
      ></vscode-textfield>`;
  }
}

function renderEnum(page: Page, row: FieldRow, id: string, label: string, path: ProfilePath, disabled: boolean): TemplateResult {
  // Options are told apart by their JSON text, so 1 and "1" stay different values.
  const key = (v: unknown): string => JSON.stringify(v) ?? 'null';
  const current = key(row.value);
  const options = row.options ?? [];
  const listed = options.some((o) => key(o) === current);
  return html`<vscode-single-select
    id=${id}
    .label=${label}
    .value=${live(current)}
    ?disabled=${disabled}
    @change=${(e: Event) => {
      const chosen = control<SingleSelect>(e).value;
      if (chosen !== current) page.act.edit({ op: 'set', path, value: JSON.parse(chosen) as unknown });
    }}
  >
    ${listed ? nothing : html`<vscode-option value=${current} selected description="Not one of the allowed values">${plainText(row.value) || '(empty)'}</vscode-option>`}
    ${options.map((o) => html`<vscode-option value=${key(o)} ?selected=${key(o) === current}>${plainText(o)}</vscode-option>`)}
  </vscode-single-select>`;
}

function dateValue(text: string): Parsed<number> {
  const seconds = localInputToEpoch(text);
  return seconds === undefined ? { ok: false, message: 'Enter a date and time.' } : { ok: true, value: seconds };
}

function commitValue(page: Page, el: Element, id: string, basis: string, parsed: Parsed<unknown>, path: ProfilePath): void {
  if (!parsed.ok) {
    // Nothing is sent: the field keeps the text so it can be corrected.
    page.act.setError(id, parsed.message, basis);
    return;
  }
  page.act.setError(id, undefined, basis);
  markClean(el);
  page.act.edit({ op: 'set', path, value: parsed.value });
}

function renameRow(page: Page, spec: FieldSpec, rows: readonly FieldRow[], row: FieldRow, field: TextField): void {
  const id = ids(spec, row.name).name;
  const to = field.value.trim();
  if (to === row.name) {
    page.act.setError(id, undefined, row.name);
    markClean(field);
    page.act.resync();
    return;
  }
  const problem = nameProblem(to, rows.map((r) => r.name), spec.noun, row.name);
  page.act.setError(id, problem, row.name);
  if (problem) return;
  markClean(field);
  // The row is keyed by name, so it comes back as a new element: follow it.
  page.act.focusLater(ids(spec, to).name);
  page.act.edit({ op: 'rename', path: [spec.root, row.name], to });
}

function removeRow(page: Page, spec: FieldSpec, rows: readonly FieldRow[], index: number): void {
  const row = rows[index];
  if (!row) return;
  // Keep the keyboard nearby: the next row's remove button, else the previous one, else the add box.
  const neighbour = rows[index + 1] ?? rows[index - 1];
  page.act.focusLater(neighbour ? ids(spec, neighbour.name).remove : addIds(spec).name);
  page.act.edit({ op: 'remove', path: [spec.root, row.name] });
}

function renderAddBox(page: Page, spec: FieldSpec, rows: readonly FieldRow[], suggestions: readonly FieldSuggestion[], disabled: boolean): TemplateResult {
  const id = addIds(spec);
  const error = page.view.errorFor(id.name, '');
  // The model lists required suggestions first.
  const ordered = suggestions.filter((s) => !rows.some((r) => r.name === s.name));
  const add = () => addRow(page, spec, rows, suggestions);
  return html`
    <div class="add-row">
      <vscode-label for=${id.name}>Add ${spec.noun}</vscode-label>
      ${keyed(
        page.view.addRound(spec.section),
        html`<vscode-single-select
          id=${id.name}
          combobox
          creatable
          filter="contains"
          .label=${`Add ${spec.noun}: type a name or choose one`}
          ?invalid=${error !== undefined}
          ?disabled=${disabled}
          @input=${(e: Event) => readTyped(page, spec, e)}
          @change=${(e: Event) => {
            const chosen = control<SingleSelect>(e).value;
            if (chosen) page.act.setDraft(spec.section, chosen);
          }}
          @keydown=${(e: KeyboardEvent) => {
            // The select handles Enter first (it may pick the highlighted option); add once it has.
            if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey) setTimeout(add, 0);
          }}
        >
          ${ordered.map(
            (s) => html`<vscode-option value=${s.name} description=${[s.required ? 'required' : '', s.description ?? ''].filter(Boolean).join(' · ')}>${s.name}</vscode-option>`,
          )}
        </vscode-single-select>`,
      )}
      <vscode-button id=${id.button} ?disabled=${disabled} @click=${add}>Add</vscode-button>
    </div>
    ${localError(error)}
  `;
}

/** Typing in the combobox: the native input event comes from the inner text box, whose value is the typed name. */
function readTyped(page: Page, spec: FieldSpec, event: Event): void {
  const origin = event.composedPath()[0];
  if (!(origin instanceof HTMLInputElement)) return;
  page.act.setDraft(spec.section, origin.value);
  // A refused name is being retyped: the old message no longer applies.
  page.act.setError(addIds(spec).name, undefined, '');
}

function addRow(page: Page, spec: FieldSpec, rows: readonly FieldRow[], suggestions: readonly FieldSuggestion[]): void {
  const id = addIds(spec).name;
  const name = page.act.draft(spec.section).trim();
  if (name === '') {
    // Nothing typed yet: the add box is where to start.
    page.act.setError(id, undefined, '');
    document.getElementById(id)?.focus();
    return;
  }
  const problem = nameProblem(name, rows.map((r) => r.name), spec.noun);
  page.act.setError(id, problem, '');
  if (problem) return;
  const suggestion = suggestions.find((s) => s.name === name);
  page.act.setDraft(spec.section, '');
  // The new row's value is what to fill in next (decided while the add box still has focus).
  page.act.focusLater(ids(spec, name).value);
  page.act.resetAddBox(spec.section);
  page.act.edit({ op: 'set', path: [spec.root, name], value: suggestion ? suggestion.initial : '' });
}

function localError(message: string | undefined): TemplateResult | typeof nothing {
  return message === undefined ? nothing : html`<p class="local-error" role="alert">${severityLabel('error')} ${message}</p>`;
}

/** A severity as a symbol for the eye and a word for screen readers. */
export function severityLabel(severity: string): TemplateResult {
  const [mark, word] = severity === 'error' ? ['✗', 'Error'] : severity === 'warning' ? ['⚠', 'Warning'] : ['ℹ', 'Note'];
  return html`<span class="sev-mark" aria-hidden="true">${mark}</span><span class="visually-hidden">${word}:</span>`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
