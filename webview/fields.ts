// Rows of named values (`claims:` and `embed:`) and the box that adds one.
// Both sections use these functions with a different FieldSpec, so a claim and
// an embed parameter are edited, validated and labelled the same way.

import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ClaimType, FieldKind, FieldRow, FieldSuggestion, ProfilePath } from '../src/shared/protocol';
import { CLAIM_TYPES } from '../src/shared/protocol';
import type { Checkbox, SingleSelect, TextArea, TextField } from './elements';
import { control } from './elements';
import type { FieldSection, Page } from './page';
import { markClean, synced } from './synced';
import type { Parsed } from './values';
import { convertValue, emptyValueOf, epochToLocalInput, idPart, isCutJson, jsonFieldText, localInputToEpoch, nameProblem, parseJsonField, parseNumberField, parseTypedText, plainText, shown, switchedClaimProblem, TYPE_WORDS } from './values';

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
const addIds = (spec: FieldSpec) => ({ name: `add-${spec.section}-name`, type: `add-${spec.section}-type`, value: `add-${spec.section}-value`, button: `add-${spec.section}` });

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
  const typeError = page.view.errorFor(id.type, valueBasis(row));
  const typed = spec.typed === true && !row.known;
  const type = typed ? shownType(page, row) : undefined;
  const shownRow: FieldRow = type === 'date' ? { ...row, kind: 'date' } : type === 'number' ? { ...row, kind: 'number' } : row;
  const hasNotes = Boolean(row.description) || row.messages.length > 0 || nameError !== undefined || valueError !== undefined || typeError !== undefined;
  const describedBy = hasNotes ? id.notes : undefined;
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
      <div class="field-value">
        ${typed ? renderTypeChooser(page, spec, row, type, typeError !== undefined, disabled) : nothing}
        ${renderValueEditor(page, spec, shownRow, id.value, valueError !== undefined, disabled, describedBy)}
      </div>
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
      <div class="field-notes" id=${id.notes}>
        ${row.description ? html`<vscode-form-helper>${row.description}</vscode-form-helper>` : nothing}
        ${localError(nameError)} ${localError(valueError)} ${localError(typeError)}
        ${renderMessages(row.messages)}
      </div>
    </div>
  `;
}

/** Diagnostics from the document, as the Problems panel words them. */
export function renderMessages(messages: FieldRow['messages']): TemplateResult | typeof nothing {
  if (messages.length === 0) return nothing;
  return html`<ul class="messages">
    ${messages.map((m) => html`<li class=${`sev-${m.severity}`} role=${m.severity === 'error' ? 'alert' : nothing}>${severityLabel(m.severity)} ${m.message}</li>`)}
  </ul>`;
}

/** The type the chooser shows: the model's, or number / date as the person chose to see a number. */
function shownType(page: Page, row: FieldRow): ClaimType | undefined {
  const chosen = page.view.shownAs(row.name);
  if (typeof row.value === 'number' && (chosen === 'date' || chosen === 'number')) return chosen;
  return row.type;
}

function renderTypeChooser(page: Page, spec: FieldSpec, row: FieldRow, current: ClaimType | undefined, invalid: boolean, disabled: boolean): TemplateResult {
  const id = ids(spec, row.name);
  const onChange = (e: Event) => {
    const chosen = control<SingleSelect>(e).value as ClaimType;
    if (!CLAIM_TYPES.includes(chosen) || chosen === current) return;
    const basis = valueBasis(row);
    const converted = convertValue(row.value, chosen);
    if (!converted.ok) {
      // The value stays; the chooser goes back to the value's own type and says why.
      page.act.setError(id.type, converted.message, basis);
      page.act.resync();
      return;
    }
    page.act.setError(id.type, undefined, basis);
    page.act.showAs(row.name, chosen === 'date' || chosen === 'number' ? chosen : undefined);
    const same = JSON.stringify(converted.value) === basis;
    if (same) {
      page.act.note(`${capitalize(spec.noun)} ${row.name} is shown as ${TYPE_WORDS[chosen].label}; the YAML keeps ${plainText(row.value)}.`, false);
      page.act.resync();
      return;
    }
    page.act.note(`${capitalize(spec.noun)} ${row.name} is now ${TYPE_WORDS[chosen].label}: ${shown(converted.value)}.`, false);
    page.act.edit({ op: 'set', path: [spec.root, row.name], value: converted.value });
  };
  return html`<vscode-single-select
    id=${id.type}
    class="type-select"
    .label=${`Type of ${spec.noun} ${row.name}`}
    .value=${live(current ?? 'null')}
    ?invalid=${invalid}
    ?disabled=${disabled}
    @change=${onChange}
  >
    ${current === undefined ? html`<vscode-option value="null" selected description="The YAML holds null">null</vscode-option>` : nothing}
    ${CLAIM_TYPES.map((t) => html`<vscode-option value=${t} ?selected=${t === current}>${TYPE_WORDS[t].label}</vscode-option>`)}
  </vscode-single-select>`;
}

/** The text a row's local error applies to: once the model's value moves on, the error is stale. */
function valueBasis(row: FieldRow): string {
  return JSON.stringify(row.value) ?? '';
}

/** The control for a row's value, chosen by the kind the model worked out from the schema. */
export function renderValueEditor(page: Page, spec: FieldSpec, row: FieldRow, id: string, invalid: boolean, disabled: boolean, describedBy?: string): TemplateResult {
  const label = `Value of ${spec.noun} ${row.name}`;
  const path: ProfilePath = [spec.root, row.name];
  const commit = (el: Element, parsed: Parsed<unknown>) => commitValue(page, el, id, valueBasis(row), parsed, path);
  switch (row.kind) {
    case 'enum':
      return renderEnum(page, row, id, label, path, disabled, describedBy);
    case 'boolean':
      return html`<vscode-checkbox
          id=${id}
          aria-describedby=${ifDefined(describedBy)}
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
        aria-describedby=${ifDefined(describedBy)}
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
    case 'json': {
      const text = jsonFieldText(row.value);
      // No resize handle: vscode-textarea draws it with a data: image, which the page's CSP refuses.
      // A value too long to show whole is shown cut and read-only: it is edited in the YAML.
      return html`<vscode-textarea
        id=${id}
        aria-describedby=${ifDefined(describedBy)}
        monospace
        resize="none"
        rows=${Math.min(12, Math.max(2, lineCount(text, 12)))}
        .label=${label}
        .value=${synced(text)}
        ?invalid=${invalid}
        ?disabled=${disabled || isCutJson(text)}
        @change=${(e: Event) => commit(control(e), parseJsonField(control<TextArea>(e).value))}
      ></vscode-textarea>`;
    }
    case 'date':
      return html`<vscode-textfield
          id=${id}
          aria-describedby=${ifDefined(describedBy)}
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
        aria-describedby=${ifDefined(describedBy)}
        .label=${label}
        .value=${synced(plainText(row.value))}
        ?invalid=${invalid}
        ?disabled=${disabled}
        @change=${(e: Event) => commit(control(e), { ok: true, value: control<TextField>(e).value })}
      ></vscode-textfield>`;
  }
}

function renderEnum(page: Page, row: FieldRow, id: string, label: string, path: ProfilePath, disabled: boolean, describedBy: string | undefined): TemplateResult {
  // Options are told apart by their JSON text, so 1 and "1" stay different values.
  const key = (v: unknown): string => JSON.stringify(v) ?? 'null';
  const current = key(row.value);
  const options = row.options ?? [];
  const listed = options.some((o) => key(o) === current);
  return html`<vscode-single-select
    id=${id}
    aria-describedby=${ifDefined(describedBy)}
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
  const valueError = page.view.errorFor(id.value, '');
  // The model lists required suggestions first.
  const ordered = suggestions.filter((s) => !rows.some((r) => r.name === s.name));
  const add = () => addRow(page, spec, rows, suggestions);
  const onEnter = (e: KeyboardEvent) => {
    // The select handles Enter first (it may pick the highlighted option); add once it has.
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey) setTimeout(add, 0);
  };
  const round = page.view.addRound(spec.section);
  const schemaClaim = suggestions.find((s) => s.name === page.act.draft(spec.section).trim());
  const left = page.view.leftDraft(spec.section);
  const type = page.view.addType(spec.section);
  return html`
    <div class="add-row">
      <vscode-label for=${id.name}>Add ${spec.noun}</vscode-label>
      ${keyed(
        round,
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
          @keydown=${onEnter}
          @focusout=${(e: Event) => {
            const box = control<SingleSelect>(e);
            const typed = page.act.draft(spec.section).trim();
            if (typed === '' || box.value === typed) return;
            if (ordered.some((s) => s.name === typed)) box.value = typed;
            else page.act.leaveDraft(spec.section);
          }}
        >
          ${left !== undefined ? html`<vscode-option value=${left} selected description="new">${left}</vscode-option>` : nothing}
          ${ordered.map(
            (s) => html`<vscode-option value=${s.name} description=${[s.required ? 'required' : '', s.description ?? ''].filter(Boolean).join(' · ')}>${s.name}</vscode-option>`,
          )}
        </vscode-single-select>`,
      )}
      ${spec.typed
        ? html`${schemaClaim
              ? html`<span id=${id.type} class="hint add-type-fixed">${kindLabel(schemaClaim.kind)}, from the preset's schema</span>`
              : html`<vscode-single-select
                  id=${id.type}
                  class="type-select"
                  .label=${`Type of the new ${spec.noun}`}
                  .value=${live(type)}
                  ?disabled=${disabled}
                  @change=${(e: Event) => page.act.setAddType(spec.section, control<SingleSelect>(e).value as ClaimType)}
                >
                  ${CLAIM_TYPES.map((t) => html`<vscode-option value=${t} ?selected=${t === type}>${TYPE_WORDS[t].label}</vscode-option>`)}
                </vscode-single-select>`}
            ${keyed(
              round,
              html`<vscode-textfield
                id=${id.value}
                class="add-value"
                .label=${`Value of the new ${spec.noun}`}
                placeholder=${schemaClaim ? 'value (empty: the schema example)' : TYPE_WORDS[type].placeholder}
                ?invalid=${valueError !== undefined}
                ?disabled=${disabled}
                @input=${() => page.act.setError(id.value, undefined, '')}
                @keydown=${onEnter}
              ></vscode-textfield>`,
            )}`
        : nothing}
      <vscode-button id=${id.button} ?disabled=${disabled} @click=${add}>Add</vscode-button>
    </div>
    ${localError(error)} ${localError(valueError)}
  `;
}

function kindLabel(kind: FieldKind): string {
  return kind === 'json' ? 'list or object' : kind === 'enum' ? 'one of a list' : kind === 'date' ? 'date' : kind;
}

/** A schema claim's kind as a type for reading the add box's text. */
function typeOfKind(kind: FieldKind, initial: unknown): ClaimType {
  switch (kind) {
    case 'number':
    case 'integer': return 'number';
    case 'boolean': return 'boolean';
    case 'date': return 'date';
    case 'json': return Array.isArray(initial) ? 'array' : 'object';
    default: return 'string';
  }
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
  const id = addIds(spec);
  const name = page.act.draft(spec.section).trim();
  if (name === '') {
    // Nothing typed yet: the add box is where to start.
    page.act.setError(id.name, undefined, '');
    document.getElementById(id.name)?.focus();
    return;
  }
  // iss and sub are not rows while the form shows them beside their switches: adding one would overwrite it.
  const problem = nameProblem(name, rows.map((r) => r.name), spec.noun) ?? (spec.root === 'claims' ? switchedClaimProblem(name, page.view.model.claimSwitches) : undefined);
  page.act.setError(id.name, problem, '');
  if (problem) return;
  const suggestion = suggestions.find((s) => s.name === name);
  let value: unknown = suggestion ? suggestion.initial : '';
  if (spec.typed) {
    const text = (document.getElementById(id.value) as TextField | null)?.value ?? '';
    const type = suggestion ? typeOfKind(suggestion.kind, suggestion.initial) : page.view.addType(spec.section);
    if (text.trim() !== '' || (!suggestion && type !== 'string')) {
      const read = text.trim() === '' ? { ok: true as const, value: emptyValueOf(type, Date.now() / 1000) } : parseTypedText(text, type);
      if (!read.ok) {
        // The name and the text stay in the box, to be corrected.
        page.act.setError(id.value, read.message, '');
        return;
      }
      value = read.value;
    } else if (!suggestion) {
      value = text;
    }
    if (!suggestion) page.act.showAs(name, type === 'date' || type === 'number' ? type : undefined);
    page.act.setError(id.value, undefined, '');
  }
  page.act.setDraft(spec.section, '');
  // The new row's value is what to fill in next (decided while the add box still has focus).
  page.act.focusLater(ids(spec, name).value);
  page.act.resetAddBox(spec.section);
  page.act.edit({ op: 'set', path: [spec.root, name], value });
}

function localError(message: string | undefined): TemplateResult | typeof nothing {
  return message === undefined ? nothing : html`<p class="local-error" role="alert">${severityLabel('error')} ${message}</p>`;
}

/** A severity as a symbol for the eye and a word for screen readers. */
export function severityLabel(severity: string): TemplateResult {
  const [mark, word] = severity === 'error' ? ['✗', 'Error'] : severity === 'warning' ? ['⚠', 'Warning'] : ['ℹ', 'Note'];
  return html`<span class="sev-mark" aria-hidden="true">${mark}</span><span class="visually-hidden">${word}:</span>`;
}

/** Lines in `text`, counted up to `max`. */
function lineCount(text: string, max: number): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1 && lines < max; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
